using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;
using Npgsql;

namespace Finance.Benchmarks;

/// <summary>
/// The measured run second by second, so a stall shows as a few bad seconds rather than as a slow whole: the latencies
/// of the updates posted in each second (p50, p99, max) and beside them what happened in it. The host's GC (collections
/// by generation, the time its threads stood still and the longest stop), thread pool (threads, queued work) and JIT,
/// read over its diagnostics port (EventPipe, as dotnet-counters does); the client's own GC; the CPU of host, PostgreSQL,
/// client and everything else on the machine; PostgreSQL's WAL flushes and their time, WAL buffers full, autovacuum
/// workers and lock waits; what PostgreSQL's log says (checkpoints, autovacuum runs, slow statements, lock waits) and any
/// host log line that is not a message's outcome.
/// </summary>
internal sealed partial class RunTimeline : IAsyncDisposable
{
    /// <summary>Statements slower than this are logged by the bench's PostgreSQL and counted in their second.</summary>
    internal const int SlowStatementMs = 25;

    /// <summary>The warm-up's last seconds shown before the measured part's (second 0): the run flows into it.</summary>
    private const int WarmUpSecondsShown = 3;

    /// <summary>A second whose p99 is over this is a slow second.</summary>
    internal const double SlowSecondMs = 100;

    private readonly List<(double Ms, int Second, string Statement)> slowStatements = [];
    private readonly long origin;
    private readonly DateTime originUtc;
    private readonly Dictionary<int, Second> seconds = [];
    private readonly Process host;
    private readonly string connectionString;
    private readonly Func<TimeSpan> postgresCpu;
    private readonly string postgresLog;
    private readonly long postgresLogStart;
    private readonly CancellationTokenSource stop = new();
    private readonly EventPipeSession? hostEvents;
    private readonly Thread? hostEventReader;
    private readonly Task sampler;
    private DateTime? suspendedAt;

    private RunTimeline(Process host, string connectionString, Func<TimeSpan> postgresCpu, string postgresLog, long origin)
    {
        (this.host, this.connectionString, this.postgresCpu, this.postgresLog) = (host, connectionString, postgresCpu, postgresLog);
        // Second 0 starts where the measured part does (a Stopwatch timestamp); the seconds before it are the warm-up's.
        (this.origin, originUtc) = (origin, DateTime.UtcNow + Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), origin));
        postgresLogStart = File.Exists(postgresLog) ? new FileInfo(postgresLog).Length : 0;
        try
        {
            hostEvents = new DiagnosticsClient(host.Id).StartEventPipeSession(
            [
                // GC keyword, Informational: a few events per collection (start, end, the stop of the runtime and its restart).
                new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, (long)ClrTraceEventParser.Keywords.GC),
                new EventPipeProvider("System.Runtime", EventLevel.Informational, 0, new Dictionary<string, string> { ["EventCounterIntervalSec"] = "1" }),
            ], requestRundown: false);
            var source = new EventPipeEventSource(hostEvents.EventStream);
            source.Clr.GCStart += e => At(e.TimeStamp, s => { s.Collections[Math.Min(e.Depth, 2)]++; if (e.Type == GCType.BackgroundGC) s.Background++; });
            source.Clr.GCSuspendEEStart += e => suspendedAt = e.TimeStamp;
            source.Clr.GCRestartEEStop += e =>
            {
                if (suspendedAt is not { } from) return;
                var pause = (e.TimeStamp - from).TotalMilliseconds;
                At(from, s => { s.HostPauseMs += pause; s.HostLongestPauseMs = Math.Max(s.HostLongestPauseMs, pause); });
                suspendedAt = null;
            };
            source.Dynamic.All += e =>
            {
                if (e.EventName != "EventCounters" || e.PayloadValue(0) is not IDictionary<string, object> { } outer
                    || outer["Payload"] is not IDictionary<string, object> { } counter) return;
                var value = Convert.ToDouble(counter[(string)counter["CounterType"] == "Sum" ? "Increment" : "Mean"], CultureInfo.InvariantCulture);
                At(e.TimeStamp, s =>
                {
                    switch ((string)counter["Name"])
                    {
                        case "threadpool-thread-count": s.PoolThreads = Math.Max(s.PoolThreads, (int)value); break;
                        case "threadpool-queue-length": s.PoolQueue = Math.Max(s.PoolQueue, (int)value); break;
                        case "methods-jitted-count": s.JittedSoFar = Math.Max(s.JittedSoFar, (long)value); break;
                        case "monitor-lock-contention-count": s.LockContention += (int)value; break;
                    }
                });
            };
            hostEventReader = new Thread(() => source.Process()) { Name = "bench host events", IsBackground = true };
            hostEventReader.Start();
        }
        catch (Exception e) when (e is ServerNotAvailableException or UnsupportedCommandException or IOException or TimeoutException)
        {
            Console.WriteLine($"The host's runtime events cannot be read ({e.Message}): its GC and thread pool columns stay empty.");
        }
        sampler = SampleAsync(stop.Token);
    }

    /// <summary>Starts watching: the host's events from now on, and a sample of CPU and PostgreSQL's counters every second;
    /// <paramref name="origin"/> (a Stopwatch timestamp, may be ahead) is where second 0 begins.</summary>
    public static RunTimeline Start(Process host, string connectionString, Func<TimeSpan> postgresCpu, string postgresLog, long origin) =>
        new(host, connectionString, postgresCpu, postgresLog, origin);

    /// <summary>The PostgreSQL settings the timeline reads (all reloadable): the bench applies them with ALTER SYSTEM.</summary>
    public static readonly string[] PostgresSettings =
    [
        "log_line_prefix = '%n [%p] '", // seconds since 1970 with milliseconds: placed in the run's seconds without time zones
        "log_checkpoints = on",
        "log_autovacuum_min_duration = 0",
        $"log_min_duration_statement = {SlowStatementMs}",
        "log_lock_waits = on",
        "track_wal_io_timing = on",
    ];

    /// <summary>A line the host wrote: every one but a message's outcome is shown in its second.</summary>
    public void HostLine(string? line)
    {
        if (line is null || line.Contains(": Processed ", StringComparison.Ordinal)) return;
        At(DateTime.UtcNow, s => s.Events.Add("host: " + line));
    }

    private void At(DateTime time, Action<Second> update) =>
        At((int)Math.Floor((time.ToUniversalTime() - originUtc).TotalSeconds), update);

    private void At(int second, Action<Second> update)
    {
        lock (seconds)
        {
            if (!seconds.TryGetValue(second, out var s)) seconds[second] = s = new Second();
            update(s);
        }
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var previous = await SampleOnceAsync(connection, cancellationToken);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = await SampleOnceAsync(connection, cancellationToken);
                var (was, ms) = (previous, (now.At - previous.At).TotalMilliseconds / 1000);
                // A sample covers the second before it; per second of wall clock, so a late sample does not inflate it.
                At(now.At.AddMilliseconds(-500), s =>
                {
                    s.Sampled = true;
                    s.HostCpuMs = (now.HostCpu - was.HostCpu).TotalMilliseconds / ms;
                    s.PostgresCpuMs = (now.PostgresCpu - was.PostgresCpu).TotalMilliseconds / ms;
                    s.ClientCpuMs = (now.ClientCpu - was.ClientCpu).TotalMilliseconds / ms;
                    s.MachineCpuMs = (now.MachineBusy - was.MachineBusy).TotalMilliseconds / ms;
                    s.IoWaitMs = (now.MachineIoWait - was.MachineIoWait).TotalMilliseconds / ms;
                    s.StealMs = (now.MachineSteal - was.MachineSteal).TotalMilliseconds / ms;
                    s.ClientCollections = now.ClientCollections - was.ClientCollections;
                    s.ClientPauseMs = (now.ClientPause - was.ClientPause).TotalMilliseconds;
                    s.WalSyncs = now.WalSyncs - was.WalSyncs;
                    s.WalSyncMs = now.WalSyncMs - was.WalSyncMs;
                    s.WalBuffersFull = now.WalBuffersFull - was.WalBuffersFull;
                    s.Autovacuums = now.Autovacuums;
                    s.LockWaiters = now.LockWaiters;
                });
                previous = now;
            }
        }
        catch (OperationCanceledException)
        {
            // the run is over
        }
    }

    private async Task<Sample> SampleOnceAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT w.wal_sync, w.wal_sync_time, w.wal_buffers_full,
                   (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker')::int,
                   (SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock')::int
            FROM pg_stat_wal w
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var machine = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        static TimeSpan Ticks(long ticks) => TimeSpan.FromMilliseconds(10 * ticks);
        host.Refresh();
        return new Sample(
            DateTime.UtcNow, host.TotalProcessorTime, postgresCpu(), Process.GetCurrentProcess().TotalProcessorTime,
            // user nice system idle iowait irq softirq steal: busy is all but idle and iowait; steal is time the
            // machine's hypervisor gave its cores to another guest.
            Ticks(machine[0] + machine[1] + machine[2] + machine[5] + machine[6] + machine[7]), Ticks(machine[4]), Ticks(machine[7]),
            GC.CollectionCount(0), GC.GetTotalPauseDuration(),
            reader.GetInt64(0), reader.GetDouble(1), reader.GetInt64(2), reader.GetInt32(3), reader.GetInt32(4));
    }

    private sealed record Sample(
        DateTime At, TimeSpan HostCpu, TimeSpan PostgresCpu, TimeSpan ClientCpu, TimeSpan MachineBusy, TimeSpan MachineIoWait, TimeSpan MachineSteal,
        int ClientCollections, TimeSpan ClientPause, long WalSyncs, double WalSyncMs, long WalBuffersFull, int Autovacuums, int LockWaiters);

    /// <summary>Stops watching and reads what PostgreSQL logged meanwhile.</summary>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sampler;
        try
        {
            hostEvents?.Stop();
        }
        catch (Exception e) when (e is ServerNotAvailableException or IOException)
        {
            // the host is gone already
        }
        hostEventReader?.Join(TimeSpan.FromSeconds(10));
        hostEvents?.Dispose();
        ReadPostgresLog();
    }

    /// <summary>Checkpoints, autovacuum and analyze runs, slow statements and lock waits, each in its second.</summary>
    private void ReadPostgresLog()
    {
        if (!File.Exists(postgresLog)) return;
        using var stream = new FileStream(postgresLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(postgresLogStart, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var (when, text) = (default(DateTime?), new StringBuilder());
        void Flush()
        {
            if (when is not { } at) return;
            var entry = text.ToString();
            if (SlowStatement().Match(entry) is { Success: true } slow)
            {
                var ms = double.Parse(slow.Groups[1].Value, CultureInfo.InvariantCulture);
                At(at, s => { s.SlowStatements++; s.SlowestStatementMs = Math.Max(s.SlowestStatementMs, ms); });
                slowStatements.Add((ms, (int)Math.Floor((at - originUtc).TotalSeconds), Shorten(entry[(slow.Index + slow.Length)..].Trim(), 140)));
            }
            else if (Maintenance().Match(entry) is { Success: true } maintenance)
                At(at, s => s.Events.Add($"{maintenance.Groups[1].Value} {maintenance.Groups[2].Value.Split('.').Last()}"
                    + (Usage().Match(entry) is { Success: true } usage
                        ? $" cpu {double.Parse(usage.Groups[1].Value, CultureInfo.InvariantCulture) + double.Parse(usage.Groups[2].Value, CultureInfo.InvariantCulture):F2} of {usage.Groups[3].Value} s" : "")));
            else if (entry.Contains("checkpoint", StringComparison.Ordinal) || entry.Contains("still waiting", StringComparison.Ordinal)
                     || entry.Contains("acquired", StringComparison.Ordinal) || entry.Contains("ERROR", StringComparison.Ordinal))
                At(at, s => s.Events.Add("postgres: " + Shorten(entry[(entry.IndexOf(':') + 1)..].Trim(), 110)));
            text.Clear();
        }
        while (reader.ReadLine() is { } line)
        {
            if (LogLine().Match(line) is { Success: true } start)
            {
                Flush();
                when = DateTime.UnixEpoch.AddSeconds(double.Parse(start.Groups[1].Value, CultureInfo.InvariantCulture));
                text.Append(line[start.Length..]);
            }
            else text.Append(' ').Append(line.Trim());
        }
        Flush();
    }

    private static string I(FormattableString text) => FormattableString.Invariant(text);

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    /// <summary>The table: one row per second of the run that had posts (the last seconds of the warm-up too, not counted),
    /// then the seconds counted slow. <paramref name="latencies"/>: each answered update's post (a Stopwatch timestamp) and
    /// latency, given at the end rather than as they come, so the table costs nothing a message.</summary>
    public void Print(TextWriter output, int postedSeconds, IEnumerable<(long PostedAt, double Ms)> latencies)
    {
        foreach (var (postedAt, ms) in latencies)
            if (Stopwatch.GetElapsedTime(origin, postedAt).TotalSeconds is var at and >= -WarmUpSecondsShown)
                At((int)Math.Floor(at), s => s.Latencies.Add(ms));
        output.WriteLine($"Second by second (latency of the updates posted in that second; CPU in ms per second, 2,000 = both cores; "
            + $"GC pause = time the host's threads stood still; slow statements = over {SlowStatementMs} ms):");
        output.WriteLine("   s   n   p50   p99   max | host GC 0/1/2  pause longest  pool thr/queue  jit lock | client GC pause | CPU host   pg client rest iowait steal | WAL flushes ms full | vacuum lockwait slow(max) | events");
        lock (seconds)
        {
            var slow = new List<int>();
            var jittedBefore = 0L;
            foreach (var (second, s) in seconds.Where(kv => kv.Key >= -WarmUpSecondsShown && kv.Key < postedSeconds + 5).OrderBy(kv => kv.Key))
            {
                var sorted = s.Latencies.Order().ToArray();
                double P(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
                // The last partial second (its few posts start just before the run's end) is shown but not counted.
                if (P(0.99) > SlowSecondMs && second >= 0 && second < postedSeconds) slow.Add(second);
                var mark = P(0.99) > SlowSecondMs ? "*" : " ";
                var jitted = s.JittedSoFar == 0 ? 0 : s.JittedSoFar - jittedBefore;
                if (s.JittedSoFar > 0) jittedBefore = s.JittedSoFar;
                var rest = s.MachineCpuMs - s.HostCpuMs - s.PostgresCpuMs - s.ClientCpuMs;
                output.WriteLine(I($"{mark}{second,3} {sorted.Length,4} {P(0.5),5:F0} {P(0.99),5:F0} {sorted.LastOrDefault(),5:F0} | ")
                    + I($"{s.Collections[0],7}/{s.Collections[1]}/{s.Collections[2]}{(s.Background > 0 ? "b" : " ")} {s.HostPauseMs,6:F1} {s.HostLongestPauseMs,7:F1} {s.PoolThreads,8}/{s.PoolQueue,-5} {jitted,4} {s.LockContention,4} | ")
                    + I($"{s.ClientCollections,9} {s.ClientPauseMs,5:F1} | ")
                    + (s.Sampled ? I($"{s.HostCpuMs,8:F0} {s.PostgresCpuMs,4:F0} {s.ClientCpuMs,6:F0} {rest,4:F0} {s.IoWaitMs,6:F0} {s.StealMs,5:F0} | {s.WalSyncs,11} {s.WalSyncMs,3:F0} {s.WalBuffersFull,4} | {s.Autovacuums,6} {s.LockWaiters,8} ")
                        : I($"{"",40} | {"",20} | {"",15} "))
                    + I($"{s.SlowStatements,4}({s.SlowestStatementMs,3:F0}) | {Shorten(string.Join("; ", s.Events), 400)}"));
            }
            output.WriteLine($"slow seconds (p99 over {SlowSecondMs:F0} ms): {slow.Count} of {postedSeconds}{(slow.Count > 0 ? $" (s {string.Join(", ", slow)})" : "")}; "
                + $"host GC {seconds.Values.Sum(s => s.Collections[0])}/{seconds.Values.Sum(s => s.Collections[1])}/{seconds.Values.Sum(s => s.Collections[2])} "
                + $"pauses {seconds.Values.Sum(s => s.HostPauseMs):F0} ms, longest {seconds.Values.Select(s => s.HostLongestPauseMs).DefaultIfEmpty().Max():F1} ms");
            foreach (var (ms, second, statement) in slowStatements.OrderByDescending(s => s.Ms).Take(8))
                output.WriteLine(I($"  slow statement {ms,6:F0} ms in s {second,3}: {statement}"));
        }
    }

    private sealed class Second
    {
        public readonly List<double> Latencies = [];
        public readonly int[] Collections = new int[3];
        public readonly List<string> Events = [];
        public long JittedSoFar;
        public int Background, PoolThreads, PoolQueue, LockContention, ClientCollections, Autovacuums, LockWaiters, SlowStatements;
        public double HostPauseMs, HostLongestPauseMs, ClientPauseMs, HostCpuMs, PostgresCpuMs, ClientCpuMs, MachineCpuMs, IoWaitMs, StealMs, WalSyncMs, SlowestStatementMs;
        public long WalSyncs, WalBuffersFull;
        public bool Sampled;
    }

    [GeneratedRegex(@"^(\d+\.\d+) \[\d+\] ")]
    private static partial Regex LogLine();

    [GeneratedRegex(@"duration: ([\d.]+) ms")]
    private static partial Regex SlowStatement();

    [GeneratedRegex(@"automatic (vacuum|analyze) of table ""([^""]+)""")]
    private static partial Regex Maintenance();

    [GeneratedRegex(@"CPU: user: ([\d.]+) s, system: ([\d.]+) s, elapsed: ([\d.]+) s")]
    private static partial Regex Usage();
}
