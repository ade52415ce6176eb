using System.Diagnostics;
using Finance.Core;
using Finance.Ledger;
using Finance.Ledger.Inbox;
using Finance.Ledger.Migrations;
using Finance.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Finance.Benchmarks;

/// <summary>
/// The webhook's intake alone: inbox writes started on thread pool threads at a fixed rate, as Kestrel starts webhook
/// requests, into a durable private PostgreSQL; per write, the thread pool work items, this process's thread switches and
/// its CPU. On a loaded machine bench pipeline's CPU figures move more between runs than a change here moves them; these
/// counts hardly depend on the load.
///   intake [--rate 1000] [--seconds 10]
/// </summary>
internal static class IntakeBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rate = PipelineBench.Option(args, "--rate", 1000);
        var seconds = PipelineBench.Option(args, "--seconds", 10);
        await using var postgres = await BenchPostgres.StartAsync("intake", "durable");
        await using var dataSource = LedgerSetup.CreateDataSource(postgres.ConnectionString);
        await new Migrator(dataSource, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
        await using var inbox = new InboxStore(dataSource);
        await WriteAsync(inbox, rate, rate * 5); // warm-up: the JIT, the pool's connections
        var figures = await WriteAsync(inbox, rate, rate * seconds);
        Console.WriteLine($"{rate * seconds} writes at {rate}/s: {figures}");
        return 0;
    }

    /// <summary>Paced from a thread of its own; each write starts on a thread pool thread and is counted when stored.</summary>
    private static async Task<string> WriteAsync(InboxStore inbox, int rate, int count)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var left = count;
        var (items, switches, cpu) = (ThreadPool.CompletedWorkItemCount, Switches(), Process.GetCurrentProcess().TotalProcessorTime);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var wait = TimeSpan.FromSeconds((double)i / rate) - clock.Elapsed;
            if (wait > TimeSpan.Zero) Thread.Sleep((int)Math.Ceiling(wait.TotalMilliseconds));
            var message = new InboundMessage("bench", $"{run}-{i}", $"chat-{i % 500}", $"user-{i % 500}", "Bench", "en", $"coffee {i}", DateTimeOffset.UtcNow);
            ThreadPool.UnsafeQueueUserWorkItem(async m =>
            {
                await inbox.EnqueueAsync(m, CancellationToken.None);
                if (Interlocked.Decrement(ref left) == 0) stored.SetResult();
            }, message, preferLocal: false);
        }
        await stored.Task;
        var (waits, pushed) = Switches();
        return $"thread pool work items {(double)(ThreadPool.CompletedWorkItemCount - items) / count:F2} a write, "
            + $"thread switches {(double)(waits - switches.Waits + pushed - switches.Pushed) / count:F2} (waits {(double)(waits - switches.Waits) / count:F2}), "
            + $"CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / count:F0} µs (this process: pacing, the writer, Npgsql)";
    }

    /// <summary>Voluntary and involuntary switches of this process's threads.</summary>
    private static (long Waits, long Pushed) Switches()
    {
        var threads = PipelineBench.ThreadSwitches(Environment.ProcessId).Values;
        return (threads.Sum(t => t.Voluntary), threads.Sum(t => t.Involuntary));
    }
}
