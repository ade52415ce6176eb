using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Finance.Testing;
using Npgsql;

namespace Finance.Benchmarks;

/// <summary>
/// Memory and answer time of the host under bad media: every case of <see cref="BadMedia"/> (empty, truncated,
/// random, mislabelled, 30 MB, hours of silence, 60,000 × 60,000 PNG), in English and Portuguese, posted all at once
/// <c>--rounds</c> times to the real host (Release build, a child process) with a loopback Bot API. Prints each
/// case's slowest answer and the host's peak resident memory (VmHWM) before and after the sweep.
///   media-sweep [--rounds 3]
/// </summary>
internal static class MediaSweepBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = PipelineBench.Option(args, "--rounds", 3);
        var root = PostgresServer.RepositoryRoot();
        var hostDll = Path.Combine(root, "src", "Finance.Host", "bin", "Release", "net10.0", "Finance.Host.dll");
        if (!File.Exists(hostDll)) { Console.Error.WriteLine($"Build the host first: {hostDll} is missing."); return 1; }

        var scratch = Directory.CreateTempSubdirectory("finance-media-sweep-").FullName;
        try
        {
            await using var postgres = await BenchPostgres.StartAsync("sweep", "fast");
            var cases = await BadMedia.CreateAsync(scratch);
            await using var telegram = await LoopbackTelegramApi.StartAsync();
            var fileIds = cases.ToDictionary(c => c.Name, c => telegram.AddFile(c.Content, $"media/{c.Name}", reportSize: c.ReportSize));
            var port = PipelineBench.FreePort();
            using var host = PipelineBench.StartHost(hostDll, postgres.ConnectionString, telegram, port);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await PipelineBench.WaitForHealthAsync(http);

            // The answer a chat waits for is the one that starts with its case's expected text (not "Listening…").
            var waiting = new ConcurrentDictionary<long, (BadMedia Case, string Language, long Posted)>();
            var seconds = new ConcurrentDictionary<string, ConcurrentBag<double>>();
            var wrong = new ConcurrentBag<string>();
            telegram.CallReceived += call =>
            {
                if (call.Method != "sendMessage" || !long.TryParse(call.Field("chat_id"), out var chat) || !waiting.TryGetValue(chat, out var sent)) return;
                var text = call.Field("text") ?? "";
                if (text.StartsWith("🎧", StringComparison.Ordinal) || text.StartsWith("🧾", StringComparison.Ordinal)) return; // working on it
                if (!waiting.TryRemove(chat, out _)) return;
                if (!text.StartsWith(sent.Case.Expected(sent.Language), StringComparison.Ordinal)) wrong.Add($"{sent.Case.Name} [{sent.Language}]: {text}");
                seconds.GetOrAdd(sent.Case.Name, _ => []).Add(Stopwatch.GetElapsedTime(sent.Posted).TotalSeconds);
            };

            await PostAsync(http, PipelineBench.Update(1, 1, "coffee 2.50"));
            await telegram.WaitForAsync("sendMessage", timeout: TimeSpan.FromSeconds(30));
            var before = Memory(host.Id);
            Console.WriteLine($"host before the sweep: VmRSS {before.Rss} MB, VmHWM {before.Peak} MB");

            var id = 1000L;
            var total = 0;
            var started = Stopwatch.GetTimestamp();
            for (var round = 0; round < rounds; round++)
                foreach (var language in (string[])["en", "pt-br"])
                    foreach (var bad in cases)
                    {
                        var chat = ++id;
                        waiting[chat] = (bad, language, Stopwatch.GetTimestamp());
                        await PostAsync(http, bad.Update(++id, chat, fileIds[bad.Name], language));
                        total++;
                    }
            var peakRss = before.Rss;
            while (!waiting.IsEmpty && Stopwatch.GetElapsedTime(started) < TimeSpan.FromMinutes(3))
            {
                peakRss = Math.Max(peakRss, Memory(host.Id).Rss);
                await Task.Delay(50);
            }
            var after = Memory(host.Id);

            Console.WriteLine($"{total} bad files ({cases.Count} kinds × 2 languages × {rounds} rounds) in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s");
            foreach (var bad in cases)
            {
                var times = seconds.GetValueOrDefault(bad.Name)?.Order().ToArray() ?? [];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {bad.Name,-30} {bad.Content.Length,10:N0} bytes  answered {times.Length}/{2 * rounds}  median {(times.Length > 0 ? times[times.Length / 2] : double.NaN):F2} s  slowest {(times.Length > 0 ? times[^1] : double.NaN):F2} s"));
            }
            Console.WriteLine($"unanswered {waiting.Count}, wrong answers {wrong.Count}");
            foreach (var w in wrong) Console.WriteLine("  wrong: " + w);
            Console.WriteLine($"host peak RSS: VmHWM {after.Peak} MB (sampled VmRSS peak {peakRss} MB; {before.Peak} MB before the sweep)");
            host.Kill(entireProcessTree: true);
            return waiting.IsEmpty && wrong.IsEmpty ? 0 : 1;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task PostAsync(HttpClient http, object update)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram") { Content = JsonContent.Create(update) };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", PipelineBench.Secret);
        (await http.SendAsync(request)).EnsureSuccessStatusCode();
    }

    /// <summary>Resident memory now and at its peak (VmRSS, VmHWM in /proc/PID/status), in MB.</summary>
    private static (long Rss, long Peak) Memory(int pid)
    {
        long Field(string[] lines, string name) =>
            long.Parse(lines.First(l => l.StartsWith(name, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        var status = File.ReadAllLines($"/proc/{pid}/status");
        return (Field(status, "VmRSS:"), Field(status, "VmHWM:"));
    }
}
