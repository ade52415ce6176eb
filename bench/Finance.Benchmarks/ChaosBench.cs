using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Finance.Testing;
using Npgsql;

namespace Finance.Benchmarks;

/// <summary>
/// Crash safety, measured: two Release hosts (child processes) behind a round-robin "load balancer" on one durable
/// private PostgreSQL, replying to a loopback Bot API. Text updates are posted as Telegram delivers them (again and
/// again until a 200), and in the same run:
///   1. host A is killed with SIGKILL and started again;
///   2. PostgreSQL is crashed (pg_ctl stop -m immediate) and started again;
///   3. a rolling restart: host A gets SIGTERM, comes back, then host B;
///   4. 1,000 deliveries are sent a second time (Telegram redelivers what it thinks was not received).
/// Posting goes on until the faults are over (at least --messages updates), so each fault strikes under traffic.
/// Afterwards the ledger and the stand-in say whether every message was booked exactly once and answered.
///   chaos [--messages 3000] [--rate 100] [--users 500] [--redeliver 1000] [--outage-seconds 3]
/// The hosts run with a 15 s lease (instead of 3 min), so rows held by the killed host come back within the run.
/// </summary>
internal static class ChaosBench
{
    private const string Lease = "00:00:15";
    private static readonly TimeSpan GiveUpPostingAfter = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan AnswersWithin = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(string[] args)
    {
        var messages = PipelineBench.Option(args, "--messages", 3000);
        var rate = PipelineBench.Option(args, "--rate", 100);
        var users = PipelineBench.Option(args, "--users", 500);
        var redeliveries = PipelineBench.Option(args, "--redeliver", 1000);
        var outage = TimeSpan.FromSeconds(PipelineBench.Option(args, "--outage-seconds", 3));
        var root = PostgresServer.RepositoryRoot();
        var hostDll = Path.Combine(root, "src", "Finance.Host", "bin", "Release", "net10.0", "Finance.Host.dll");
        if (!File.Exists(hostDll)) { Console.Error.WriteLine($"Build the host first: {hostDll} is missing."); return 1; }

        var workDirectory = Path.Combine(Path.GetTempPath(), $"finance-chaos-{Environment.ProcessId}");
        var pgDirectory = Path.Combine(workDirectory, "pg");
        Directory.CreateDirectory(workDirectory);
        var admin = PostgresServer.Script("start", pgDirectory, "durable");
        var hosts = new List<ChaosHost>();
        try
        {
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync();
                await new NpgsqlCommand("CREATE DATABASE chaos", connection).ExecuteNonQueryAsync();
            }
            var database = admin.Replace("Database=postgres", "Database=chaos");
            await using var telegram = await LoopbackTelegramApi.StartAsync();
            telegram.RecordCalls = false;
            var replies = new ConcurrentDictionary<long, int>();
            telegram.CallReceived += call =>
            {
                if (call.Method == "sendMessage" && PipelineBench.AmountPattern().Match(call.Field("text") ?? "") is { Success: true } match)
                    replies.AddOrUpdate(long.Parse(match.Groups[1].Value.Replace(",", ""), CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
            };

            var environment = new Dictionary<string, string>
            {
                ["Finance__Pipeline__Lease"] = Lease,
                // The lease must outlast the slowest reading (checked at start); the run sends typed messages only.
                ["Finance__Media__RecognitionTimeout"] = "00:00:02",
                ["Finance__Media__DecodeTimeout"] = "00:00:02",
                // appsettings.json (and with it the log's console sink) is read from the content root.
                ["ASPNETCORE_CONTENTROOT"] = Path.GetDirectoryName(hostDll)!,
                ["Serilog__MinimumLevel__Default"] = "Warning",
            };
            foreach (var name in new[] { "A", "B" })
                hosts.Add(new ChaosHost(name, hostDll, database, telegram, environment, Path.Combine(workDirectory, $"host-{name}.log")));
            foreach (var host in hosts) host.Start();
            foreach (var host in hosts) await host.WaitUntilHealthyAsync();
            Console.WriteLine($"Logs and PostgreSQL in {workDirectory}");
            Console.WriteLine($"Posting {messages} updates at {rate}/s from {users} users to hosts A and B; lease {Lease}");

            var poster = new Poster(hosts, users);
            var clock = Stopwatch.StartNew();
            var faultsOver = new CancellationTokenSource();
            var posting = PostAllAsync(poster, messages, rate, faultsOver.Token);
            var redelivered = await InjectFaultsAsync(poster, hosts, pgDirectory, messages, redeliveries, outage, clock);
            await faultsOver.CancelAsync();
            messages = await posting;
            Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1} s] all posted; waiting for the answers");

            var answered = await PipelineBench.WaitAsync(() => Enumerable.Range(1, messages).All(n => replies.ContainsKey(n)), AnswersWithin);
            // The last replies are out; their rows are finished a moment later.
            for (var i = 0; i < 100 && (await InboxStatusAsync(database)).Keys.Any(s => s is "pending" or "replying"); i++) await Task.Delay(100);
            var booked = await BookedAsync(database);
            var inbox = await InboxStatusAsync(database);

            var delivered = poster.Delivered.Count;
            var once = Enumerable.Range(1, messages).Count(n => booked.GetValueOrDefault(n) == 1);
            var lost = Enumerable.Range(1, messages).Count(n => poster.Delivered.ContainsKey(n) && booked.GetValueOrDefault(n) == 0);
            var doubled = Enumerable.Range(1, messages).Count(n => booked.GetValueOrDefault(n) > 1);
            var unanswered = Enumerable.Range(1, messages).Count(n => poster.Delivered.ContainsKey(n) && replies.GetValueOrDefault(n) == 0);
            var repeated = replies.Values.Sum(count => Math.Max(0, count - 1));
            Console.WriteLine();
            Console.WriteLine($"delivered:        {delivered}/{messages} updates acknowledged with 200 (+{redelivered} deliveries sent again)");
            Console.WriteLine($"refused, retried: {poster.Refused} answers 503, {poster.ConnectionFailures} connection failures, {poster.OtherStatuses} other statuses");
            Console.WriteLine($"booked once:      {once}");
            Console.WriteLine($"lost:             {lost}");
            Console.WriteLine($"doubled:          {doubled}");
            Console.WriteLine($"unanswered:       {unanswered}{(answered ? "" : $" (after waiting {AnswersWithin.TotalMinutes} min)")}");
            Console.WriteLine($"repeated replies: {repeated}");
            Console.WriteLine($"inbox rows:       {string.Join(", ", inbox.Select(s => $"{s.Key} {s.Value}"))}");
            return delivered == messages && lost == 0 && doubled == 0 && unanswered == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var host in hosts) host.Dispose();
            PostgresServer.Script("stop", pgDirectory);
        }
    }

    /// <summary>Updates 1, 2, 3… at a fixed rate, each retried until it is acknowledged, until at least
    /// <paramref name="messages"/> are posted and the faults are over; returns how many were posted.</summary>
    private static async Task<int> PostAllAsync(Poster poster, int messages, int rate, CancellationToken faultsOver)
    {
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>();
        var n = 0;
        while (n < messages || !faultsOver.IsCancellationRequested)
        {
            var due = TimeSpan.FromSeconds((double)n / rate);
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
            var number = ++n;
            inFlight.Add(Task.Run(() => poster.DeliverAsync(number)));
            Interlocked.Increment(ref poster.Started);
        }
        await Task.WhenAll(inFlight);
        return n;
    }

    /// <summary>The faults, each when a share of the updates has been posted; returns how many deliveries were repeated.</summary>
    private static async Task<int> InjectFaultsAsync(
        Poster poster, List<ChaosHost> hosts, string pgDirectory, int messages, int redeliveries, TimeSpan outage, Stopwatch clock)
    {
        void Say(string what) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1} s] {what} ({Volatile.Read(ref poster.Started)} posted)");
        // Each fault strikes after another tenth of the updates went out under normal traffic.
        async Task AfterMorePostsAsync()
        {
            var target = Volatile.Read(ref poster.Started) + messages / 10;
            while (Volatile.Read(ref poster.Started) < target) await Task.Delay(20);
        }

        await AfterMorePostsAsync();
        var a = hosts[0];
        a.Up = false;
        a.Kill();
        Say("host A: SIGKILL");
        a.Start();
        await a.WaitUntilHealthyAsync();
        a.Up = true;
        Say("host A: up again");

        await AfterMorePostsAsync();
        PostgresServer.Script("crash", pgDirectory);
        Say("PostgreSQL: immediate stop (crash)");
        await Task.Delay(outage);
        PostgresServer.Script("start", pgDirectory, "durable");
        Say("PostgreSQL: started again (crash recovery)");

        await AfterMorePostsAsync();
        foreach (var host in hosts)
        {
            host.Up = false; // the load balancer sends it nothing more, as after a failed health check
            var stopped = Stopwatch.StartNew();
            var exitCode = await host.TerminateAsync();
            Say($"host {host.Name}: SIGTERM, exited with {exitCode} after {stopped.Elapsed.TotalSeconds:F1} s");
            host.Start();
            await host.WaitUntilHealthyAsync();
            host.Up = true;
            Say($"host {host.Name}: up again");
            await AfterMorePostsAsync();
        }

        Say($"sending {redeliveries} deliveries again");
        var random = new Random(42);
        var posted = Volatile.Read(ref poster.Started);
        var again = Enumerable.Range(0, redeliveries)
            .Select(_ => poster.DeliverAsync(random.Next(1, posted), again: true))
            .ToList();
        await Task.WhenAll(again);
        Say("deliveries sent again: all acknowledged");
        return redeliveries;
    }

    /// <summary>How many bookings each amount (message number) has.</summary>
    private static Task<Dictionary<long, long>> BookedAsync(string database) =>
        CountsAsync<long>(database, "SELECT amount::bigint, count(*) FROM transactions GROUP BY 1");

    private static Task<Dictionary<string, long>> InboxStatusAsync(string database) =>
        CountsAsync<string>(database, "SELECT status, count(*) FROM inbox GROUP BY 1 ORDER BY 1");

    private static async Task<Dictionary<TKey, long>> CountsAsync<TKey>(string database, string sql) where TKey : notnull
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<TKey, long>();
        while (await reader.ReadAsync()) counts[reader.GetFieldValue<TKey>(0)] = reader.GetInt64(1);
        return counts;
    }

    /// <summary>Telegram's side: each update is posted to a host the "load balancer" picks in turn among those up,
    /// and posted again (with a growing pause) until one answers 200.</summary>
    private sealed class Poster(List<ChaosHost> hosts, int users)
    {
        private int next;
        public int Started;
        public int Refused;
        public int ConnectionFailures;
        public int OtherStatuses;
        public readonly ConcurrentDictionary<int, bool> Delivered = new();

        /// <summary>Update n: "coffee n" from user n mod users, the same body (and update_id) on every delivery.</summary>
        public async Task DeliverAsync(int n, bool again = false)
        {
            var body = JsonSerializer.Serialize(PipelineBench.Update(n, 700_000 + n % users, $"coffee {n}"));
            var clock = Stopwatch.StartNew();
            for (var attempt = 0; clock.Elapsed < GiveUpPostingAfter; attempt++)
            {
                var up = hosts.Where(h => h.Up).ToList();
                if (up.Count > 0)
                {
                    var host = up[(int)((uint)Interlocked.Increment(ref next) % up.Count)];
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram")
                    {
                        Content = new StringContent(body, Encoding.UTF8, "application/json"),
                    };
                    request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", PipelineBench.Secret);
                    try
                    {
                        using var response = await host.Http.SendAsync(request);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            if (!again) Delivered[n] = true;
                            return;
                        }
                        if (response.StatusCode == HttpStatusCode.ServiceUnavailable) Interlocked.Increment(ref Refused);
                        else Interlocked.Increment(ref OtherStatuses);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        Interlocked.Increment(ref ConnectionFailures);
                    }
                }
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * Math.Pow(2, Math.Min(attempt, 5)))));
            }
        }
    }

    /// <summary>One host process on a fixed port, so a restart comes back where the load balancer expects it.</summary>
    private sealed class ChaosHost(
        string name, string hostDll, string database, LoopbackTelegramApi telegram, IReadOnlyDictionary<string, string> environment, string logPath)
        : IDisposable
    {
        private readonly int port = PipelineBench.FreePort();
        private readonly StreamWriter log = new(logPath, append: true) { AutoFlush = true };
        private Process? process;

        public string Name => name;
        public volatile bool Up = true;
        public HttpClient Http { get; } = new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromSeconds(30) };

        public void Start()
        {
            Http.BaseAddress ??= new Uri($"http://127.0.0.1:{port}");
            process?.Dispose();
            process = PipelineBench.StartHost(hostDll, database, telegram, port, environment, log);
        }

        public Task WaitUntilHealthyAsync() => PipelineBench.WaitForHealthAsync(Http, TimeSpan.FromMinutes(2));

        public void Kill()
        {
            process!.Kill();
            process.WaitForExit();
        }

        /// <summary>SIGTERM, as systemd, Kubernetes or docker stop send it; returns the exit code.</summary>
        public async Task<int> TerminateAsync()
        {
            if (Signal(process!.Id, SigTerm) != 0) throw new InvalidOperationException($"kill({process.Id}, SIGTERM) failed.");
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode;
        }

        public void Dispose()
        {
            if (process is { HasExited: false }) process.Kill(entireProcessTree: true);
            process?.Dispose();
            Http.Dispose();
            log.Dispose();
        }

        private const int SigTerm = 15;

        [DllImport("libc.so.6", EntryPoint = "kill", SetLastError = true)]
        private static extern int Signal(int pid, int signal);
    }
}
