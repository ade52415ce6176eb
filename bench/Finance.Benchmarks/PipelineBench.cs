using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Finance.Testing;
using Npgsql;

namespace Finance.Benchmarks;

/// <summary>
/// Text updates from the webhook to the reply: the real host (its Release build, as a child process)
/// on a durable private PostgreSQL, replying to a loopback Bot API. Open loop: updates are posted at a
/// fixed rate whatever the host does, and each latency runs from the POST to the sendMessage that
/// answers it (matched by the unique amount in the text).
///   pipeline [--rate 1000] [--seconds 20] [--users 5000] [--warmup RATE×30] [--statements] [--no-timeline] [--host Finance.Host.dll]
/// The warm-up is long on purpose: on 2 busy cores the tiered JIT needs 20–30 s of load to finish
/// compiling the hot paths (DOTNET_JitStdOutFile shows it), and a shorter one measures the JIT, not the
/// pipeline. --statements also prints where PostgreSQL's time went, per statement (pg_stat_statements).
/// --no-timeline leaves out the second-by-second table, whose EventPipe session and sampling cost CPU of their own.
/// </summary>
internal static partial class PipelineBench
{
    internal const string Secret = "bench-secret";

    public static async Task<int> RunAsync(string[] args)
    {
        var rate = Option(args, "--rate", 1000);
        var seconds = Option(args, "--seconds", 20);
        var users = Option(args, "--users", 5000);
        var warmup = Option(args, "--warmup", rate * 30);
        var statements = args.Contains("--statements");
        var withTimeline = !args.Contains("--no-timeline");
        var root = PostgresServer.RepositoryRoot();
        // --host: another build of the host (say, main's), to compare two builds back to back on one machine.
        var hostDll = OptionText(args, "--host") is { } other ? Path.GetFullPath(other)
            : Path.Combine(root, "src", "Finance.Host", "bin", "Release", "net10.0", "Finance.Host.dll");
        if (!File.Exists(hostDll)) { Console.Error.WriteLine($"Build the host first: {hostDll} is missing."); return 1; }

        if (statements) Environment.SetEnvironmentVariable("POSTGRES_EXTRA_OPTS", "-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track_planning=on");
        await using var postgres = await BenchPostgres.StartAsync("bench", "durable");
        var pgDirectory = postgres.DataDirectory;
        await using (var connection = new NpgsqlConnection(postgres.AdminConnectionString))
        {
            await connection.OpenAsync();
            // What the second-by-second table reads from PostgreSQL's log and statistics (RunTimeline).
            foreach (var setting in withTimeline ? RunTimeline.PostgresSettings : [])
                await new NpgsqlCommand($"ALTER SYSTEM SET {setting}", connection).ExecuteNonQueryAsync();
            await new NpgsqlCommand("SELECT pg_reload_conf()", connection).ExecuteNonQueryAsync();
            Console.WriteLine("PostgreSQL: " + await new NpgsqlCommand(
                "SELECT 'fsync=' || current_setting('fsync') || ' synchronous_commit=' || current_setting('synchronous_commit')",
                connection).ExecuteScalarAsync());
        }
        await using var telegram = await LoopbackTelegramApi.StartAsync();
        telegram.RecordCalls = false;
        var port = FreePort();
        var benchDatabase = postgres.ConnectionString;
        using var host = StartHost(hostDll, benchDatabase, telegram, port);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
        };
        await WaitForHealthAsync(http);

        var posted = new ConcurrentDictionary<long, long>();
        var latencies = new ConcurrentBag<double>();
        var replies = 0;
        // Replies to the warm-up that arrive during the measured run (a host that fell behind) are not counted.
        var measuredFrom = long.MaxValue;
        RunTimeline? timeline = null;
        host.OutputDataReceived += (_, e) => Volatile.Read(ref timeline)?.HostLine(e.Data);
        host.ErrorDataReceived += (_, e) => Volatile.Read(ref timeline)?.HostLine(e.Data);
        telegram.CallReceived += call =>
        {
            if (call.Method != "sendMessage" || AmountPattern().Match(call.Field("text") ?? "") is not { Success: true } match) return;
            var id = long.Parse(match.Groups[1].Value.Replace(",", ""), CultureInfo.InvariantCulture);
            if (posted.TryRemove(id, out var start) && id >= Interlocked.Read(ref measuredFrom))
            {
                var latency = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                latencies.Add(latency);
                Volatile.Read(ref timeline)?.Latency(start, latency);
                Interlocked.Increment(ref replies);
            }
        };

        Console.WriteLine($"Warm-up: {warmup} updates");
        await DriveAsync(http, posted, first: 1, count: warmup, rate: rate, users);
        if (!await WaitAsync(() => posted.IsEmpty, TimeSpan.FromSeconds(60)))
            Console.WriteLine($"Warm-up not drained: {posted.Count} updates unanswered after 60 s (the host cannot keep up with this rate here)");
        latencies.Clear();
        Interlocked.Exchange(ref replies, 0);
        Interlocked.Exchange(ref measuredFrom, warmup + 1);
        if (statements) await ExecuteAsync(benchDatabase, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()");

        var count = rate * seconds;
        Console.WriteLine($"Measuring: {count} updates at {rate}/s from {users} users");
        var hostThreads = HostThreadsCpu(host.Id);
        var hostSwitches = ThreadSwitches(host.Id);
        if (withTimeline)
            Volatile.Write(ref timeline, RunTimeline.Start(host, benchDatabase,
                () => PostgresCpu(pgDirectory).Values.Aggregate(TimeSpan.Zero, (sum, cpu) => sum + cpu), Path.Combine(pgDirectory, "server.log")));
        var started = Stopwatch.GetTimestamp();
        var (hostCpu, benchCpu, postgresCpu) = (host.TotalProcessorTime, Process.GetCurrentProcess().TotalProcessorTime, PostgresCpu(pgDirectory));
        var writesBefore = await WritesAsync(benchDatabase);
        var failedPosts = await DriveAsync(http, posted, first: warmup + 1, count, rate, users);
        var drained = await WaitAsync(() => posted.Keys.All(n => n < warmup + 1), TimeSpan.FromSeconds(60));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (timeline is not null) await timeline.DisposeAsync();

        host.Refresh();
        Console.WriteLine("CPU per message: " + HostCpuPerMessage(host.TotalProcessorTime - hostCpu, hostThreads, HostThreadsCpu(host.Id), count) + ", "
            + PostgresCpuPerMessage(postgresCpu, PostgresCpu(pgDirectory), count) + ", "
            + $"client and Bot API stand-in {(Process.GetCurrentProcess().TotalProcessorTime - benchCpu).TotalMicroseconds / count:F0} µs");
        var sorted = latencies.Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
        Console.WriteLine($"replies: {replies}/{count} (failed posts {failedPosts}, unanswered {posted.Keys.Count(n => n >= warmup + 1)}, drained {drained})");
        Console.WriteLine($"throughput: {replies / elapsed:F0} messages/s over {elapsed:F1} s");
        Console.WriteLine($"latency ms: p50 {Percentile(0.50):F1}  p90 {Percentile(0.90):F1}  p99 {Percentile(0.99):F1}  max {sorted.LastOrDefault():F1}");
        Console.WriteLine(WritesPerMessage(writesBefore, await WritesAsync(benchDatabase), count));
        Console.WriteLine(SwitchesPerMessage(hostSwitches, ThreadSwitches(host.Id), count));
        if (statements) await PrintStatementsAsync(benchDatabase, count);
        timeline?.Print(Console.Out, seconds);
        host.Kill(entireProcessTree: true);
        return replies == count ? 0 : 1;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await new NpgsqlCommand(sql, connection).ExecuteNonQueryAsync();
    }

    /// <summary>WAL written so far, and per table the row updates, how many of them were HOT (no new index entries) and
    /// the autovacuum runs: what a message costs in writes, beside its CPU.</summary>
    private static async Task<Writes> WritesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var wal = (decimal)(await new NpgsqlCommand("SELECT pg_current_wal_lsn() - '0/0'", connection).ExecuteScalarAsync())!;
        await using var command = new NpgsqlCommand("""
            SELECT relname, n_tup_upd, n_tup_hot_upd, autovacuum_count FROM pg_stat_user_tables
            WHERE relname IN ('inbox', 'transactions', 'sender_rate', 'button_actions')
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new Dictionary<string, (long, long, long)>();
        while (await reader.ReadAsync()) tables[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        return new Writes(wal, tables);
    }

    private sealed record Writes(decimal Wal, Dictionary<string, (long Updates, long Hot, long Vacuums)> Tables);

    /// <summary>"WAL 2.10 KB a message; updates a message (of them HOT), autovacuum runs: inbox 3.00 (0.00) 2, …".</summary>
    private static string WritesPerMessage(Writes before, Writes after, int messages) =>
        $"WAL {(after.Wal - before.Wal) / messages / 1024:F2} KB a message; updates a message (of them HOT), autovacuum runs: "
        + string.Join(", ", after.Tables.OrderBy(t => t.Key).Select(t =>
        {
            var was = before.Tables.GetValueOrDefault(t.Key);
            return $"{t.Key} {(double)(t.Value.Updates - was.Updates) / messages:F2} ({(double)(t.Value.Hot - was.Hot) / messages:F2}) {t.Value.Vacuums - was.Vacuums}";
        }));

    /// <summary>The statements that took PostgreSQL's time during the measured run, per message.</summary>
    private static async Task PrintStatementsAsync(string connectionString, int messages)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT calls, total_exec_time + total_plan_time, rows, plans, regexp_replace(left(query, 100), '\s+', ' ', 'g')
            FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY 2 DESC LIMIT 15
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Console.WriteLine("calls/msg   µs/msg  rows/call  plans/call  statement");
        while (await reader.ReadAsync())
            Console.WriteLine($"{(double)reader.GetInt64(0) / messages,9:F2} {reader.GetDouble(1) * 1000 / messages,8:F0} {(double)reader.GetInt64(2) / Math.Max(1, reader.GetInt64(0)),10:F1} {(double)reader.GetInt64(3) / Math.Max(1, reader.GetInt64(0)),11:F2}  {reader.GetString(4)}");
    }

    /// <summary>Posts updates at a fixed rate (open loop); returns how many posts failed. A thread of its own sleeps until
    /// the next update is due and starts every post due by then, right there: a timer, its thread's wake-up and a thread
    /// pool hop per update cost the client (which shares the cores with what it measures) more than the posts themselves.
    /// A latency still runs from its own POST.</summary>
    private static async Task<int> DriveAsync(HttpClient http, ConcurrentDictionary<long, long> posted, int first, int count, int rate, int users)
    {
        var failed = 0;
        var inFlight = new List<Task>(count);
        var paced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                var wait = TimeSpan.FromSeconds((double)i / rate) - clock.Elapsed;
                if (wait > TimeSpan.Zero) Thread.Sleep((int)Math.Ceiling(wait.TotalMilliseconds));
                inFlight.Add(PostAsync(first + i));
            }
            paced.SetResult();
        }) { Name = "bench pacer", IsBackground = true }.Start();
        await paced.Task;
        await Task.WhenAll(inFlight);
        return failed;

        async Task PostAsync(int n)
        {
            var chat = 500_000 + n % users;
            // A body of known length, as Telegram posts it (JsonContent alone would be sent chunked).
            using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram")
            {
                Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(Update(n, chat, $"coffee {n}")))
                {
                    Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
                },
            };
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", Secret);
            posted[n] = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.SendAsync(request);
                if (!response.IsSuccessStatusCode) { Interlocked.Increment(ref failed); posted.TryRemove(n, out _); }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref failed);
                posted.TryRemove(n, out _);
            }
        }
    }

    internal static object Update(long id, long chat, string text) => new
    {
        update_id = id,
        message = new
        {
            message_id = id,
            from = new { id = chat, is_bot = false, first_name = "Bench", language_code = "en" },
            chat = new { id = chat, type = "private" },
            date = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            text,
        },
    };

    /// <summary>The Release host as a child process in webhook mode; <paramref name="environment"/> adds settings, and
    /// <paramref name="log"/>, when given, receives every line it writes (else only errors reach the console).</summary>
    internal static Process StartHost(string hostDll, string connectionString, LoopbackTelegramApi telegram, int port,
        IReadOnlyDictionary<string, string>? environment = null, TextWriter? log = null)
    {
        // In its own folder, as in the container: the host reads appsettings.json (its log levels among them) from there.
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(hostDll)!,
        };
        start.ArgumentList.Add(hostDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ConnectionStrings__Finance"] = connectionString;
        start.Environment["Finance__Telegram__BotToken"] = telegram.Token;
        start.Environment["Finance__Telegram__ApiBaseUrl"] = telegram.BaseUrl;
        start.Environment["Finance__Telegram__Mode"] = "webhook";
        start.Environment["Finance__Telegram__WebhookSecret"] = Secret;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // The exchange rates' start-up fetch would go to the ECB's real address: no bench traffic leaves loopback.
        start.Environment["Finance__Rates__Enabled"] = "false";
        foreach (var variable in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("BENCH_HOST_")))
            start.Environment[variable["BENCH_HOST_".Length..]] = Environment.GetEnvironmentVariable(variable);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var process = Process.Start(start)!;
        // Drain the host's logs so it never blocks on a full pipe; keep errors visible.
        if (log is not null)
        {
            var synchronised = TextWriter.Synchronized(log);
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) synchronised.WriteLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) synchronised.WriteLine(e.Data); };
        }
        else
        {
            process.OutputDataReceived += (_, e) => { if (e.Data?.Contains("ERR]") == true) Console.Error.WriteLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static async Task WaitForHealthAsync(HttpClient http, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < (timeout ?? TimeSpan.FromSeconds(30)))
        {
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("The host did not become healthy.");
    }

    internal static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout) return false;
            await Task.Delay(20);
        }
        return true;
    }

    /// <summary>CPU time of the bench's own PostgreSQL server and its processes (its postmaster, named in
    /// postmaster.pid, and that process's children; other clusters on the machine are not counted), by role (the process
    /// title: "postgres: walwriter", "postgres: postgres bench 127.0.0.1(…) idle", …), in clock ticks of 10 ms from /proc:
    /// ps rounds each process to whole seconds, too coarse for a 20 s run.</summary>
    private static Dictionary<string, TimeSpan> PostgresCpu(string dataDirectory)
    {
        var postmaster = File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First().Trim();
        var byRole = new Dictionary<string, TimeSpan>();
        void Add(string role, TimeSpan cpu) => byRole[role] = byRole.GetValueOrDefault(role) + cpu;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var pid = Path.GetFileName(directory);
            if (!int.TryParse(pid, out _)) continue;
            string stat, title;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
                title = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException) { continue; } // the process ended meanwhile
            // The postmaster's cutime and cstime hold what its children that ended had used (autovacuum workers, mostly).
            var fields = StatFields(stat);
            if (pid != postmaster && fields[1] != postmaster) continue;
            var role = pid == postmaster ? "postmaster"
                : title.Contains("autovacuum", StringComparison.Ordinal) ? "autovacuum"
                : title.StartsWith("postgres: postgres ", StringComparison.Ordinal) ? "backends"
                : title.StartsWith("postgres: ", StringComparison.Ordinal) ? title["postgres: ".Length..].Trim()
                : "other";
            Add(role, Cpu(fields, UserTime));
            if (pid == postmaster) Add("ended", Cpu(fields, ChildrenUserTime));
        }
        return byRole;
    }

    /// <summary>"PostgreSQL 735 µs (backends 610, walwriter 40, …)": CPU per message, in all and by role.</summary>
    private static string PostgresCpuPerMessage(Dictionary<string, TimeSpan> before, Dictionary<string, TimeSpan> after, int messages)
    {
        var used = after.Select(kv => (Role: kv.Key, Us: (kv.Value - before.GetValueOrDefault(kv.Key)).TotalMicroseconds / messages))
            .Where(r => r.Us >= 1).OrderByDescending(r => r.Us).ToList();
        return $"PostgreSQL {used.Sum(r => r.Us):F0} µs ({string.Join(", ", used.Select(r => $"{r.Role} {r.Us:F0}"))})";
    }

    /// <summary>"host 640 µs (thread pool 560, JIT 40, sockets 30, …)": the host's CPU per message, in all and by thread
    /// role, so a run tells the tiered JIT still compiling apart from the pipeline's own work.</summary>
    private static string HostCpuPerMessage(
        TimeSpan used, Dictionary<int, (string Role, TimeSpan Cpu)> before, Dictionary<int, (string Role, TimeSpan Cpu)> after, int messages)
    {
        var byRole = after.GroupBy(thread => thread.Value.Role, thread => thread.Value.Cpu - (before.TryGetValue(thread.Key, out var was) ? was.Cpu : TimeSpan.Zero))
            .Select(role => (Role: role.Key, Us: role.Sum(cpu => cpu.TotalMicroseconds) / messages))
            .Where(r => r.Us >= 1).OrderByDescending(r => r.Us).ToList();
        // A thread that ended during the run is gone from /proc: its share is what the others leave of the whole.
        var ended = used.TotalMicroseconds / messages - byRole.Sum(r => r.Us);
        if (ended >= 1) byRole.Add(("ended threads", ended));
        return $"host {used.TotalMicroseconds / messages:F0} µs ({string.Join(", ", byRole.Select(r => $"{r.Role} {r.Us:F0}"))})";
    }

    /// <summary>CPU time of each of the host's threads and its role, from its name in /proc (".NET Tiered Com" is the tiered
    /// JIT's background compiler, ".NET TP Worker" the thread pool's, ".NET Sockets" the socket engine's), in ticks of 10 ms.</summary>
    private static Dictionary<int, (string Role, TimeSpan Cpu)> HostThreadsCpu(int pid)
    {
        var threads = new Dictionary<int, (string, TimeSpan)>();
        foreach (var directory in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException) { continue; } // the thread ended meanwhile
            var name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
            var role = name switch { ".NET Tiered Com" => "JIT", ".NET TP Worker" => "thread pool", ".NET Sockets" => "sockets", _ => "other" };
            threads[int.Parse(Path.GetFileName(directory), CultureInfo.InvariantCulture)] = (role, Cpu(StatFields(stat), UserTime));
        }
        return threads;
    }

    /// <summary>How often each of a process's threads gave up its core, waiting (voluntary: an empty thread pool, a socket
    /// with nothing to read) or pushed off (involuntary): on a few busy cores every switch costs CPU, and unlike CPU times
    /// the count hardly depends on how loaded the machine is.</summary>
    internal static Dictionary<int, (long Voluntary, long Involuntary)> ThreadSwitches(int pid)
    {
        var threads = new Dictionary<int, (long, long)>();
        foreach (var directory in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            string[] status;
            try
            {
                status = File.ReadAllLines(Path.Combine(directory, "status"));
            }
            catch (IOException) { continue; } // the thread ended meanwhile
            long Field(string name) => long.Parse(status.First(line => line.StartsWith(name, StringComparison.Ordinal))[(name.Length + 1)..].Trim(), CultureInfo.InvariantCulture);
            threads[int.Parse(Path.GetFileName(directory), CultureInfo.InvariantCulture)] = (Field("voluntary_ctxt_switches"), Field("nonvoluntary_ctxt_switches"));
        }
        return threads;
    }

    /// <summary>"host thread switches a message: 16.0 (waits 14.2, pushed off 1.8)", over the threads alive at both ends of
    /// the run (one that ended meanwhile took its count with it).</summary>
    private static string SwitchesPerMessage(
        Dictionary<int, (long Voluntary, long Involuntary)> before, Dictionary<int, (long Voluntary, long Involuntary)> after, int messages)
    {
        var (waits, pushed) = (0L, 0L);
        foreach (var (thread, now) in after)
            if (before.TryGetValue(thread, out var was)) (waits, pushed) = (waits + now.Voluntary - was.Voluntary, pushed + now.Involuntary - was.Involuntary);
        return $"host thread switches a message: {(double)(waits + pushed) / messages:F1} (waits {(double)waits / messages:F1}, pushed off {(double)pushed / messages:F1})";
    }

    /// <summary>The fields of a /proc stat line after "pid (comm) ", from the state on: ppid is [1], utime and stime
    /// [11] and [12], cutime and cstime (children that ended) [13] and [14].</summary>
    private static string[] StatFields(string stat) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

    private const int UserTime = 11, ChildrenUserTime = 13;

    /// <summary>User plus system time from the pair of fields starting at <paramref name="userField"/>, in ticks of 10 ms.</summary>
    private static TimeSpan Cpu(string[] fields, int userField) => TimeSpan.FromMilliseconds(10 *
        (long.Parse(fields[userField], CultureInfo.InvariantCulture) + long.Parse(fields[userField + 1], CultureInfo.InvariantCulture)));

    private static string? OptionText(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    internal static int Option(string[] args, string name, int fallback) =>
        OptionText(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"\$([\d,]+)\.00")]
    internal static partial Regex AmountPattern();
}
