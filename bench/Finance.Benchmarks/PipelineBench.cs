using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
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
        CheckUpdateTemplate();

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
        using var sender = new HttpMessageInvoker(Sender());
        using (var http = new HttpClient(Sender()) { BaseAddress = new Uri($"http://127.0.0.1:{port}") })
            await WaitForHealthAsync(http);

        // Per update_id: when it was posted and when its first answer came (Stopwatch timestamps; 0: not yet, or its
        // post failed). Arrays, not dictionaries: nothing to allocate, lock or hash per message on the client's side.
        var total = warmup + seconds * rate;
        var (postedAt, answeredAt) = (new long[total + 1], new long[total + 1]);
        var replies = 0;
        RunTimeline? timeline = null;
        host.OutputDataReceived += (_, e) => Volatile.Read(ref timeline)?.HostLine(e.Data);
        host.ErrorDataReceived += (_, e) => Volatile.Read(ref timeline)?.HostLine(e.Data);
        telegram.TextSent += (_, text) =>
        {
            if (AmountPattern().Match(text) is not { Success: true } match
                || !long.TryParse(match.Groups[1].ValueSpan, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var id)
                || id < 1 || id > total || Volatile.Read(ref postedAt[id]) == 0) return;
            // A repeated answer keeps the first one's time.
            if (Interlocked.CompareExchange(ref answeredAt[id], Stopwatch.GetTimestamp(), 0) == 0 && id > warmup) Interlocked.Increment(ref replies);
        };

        // The warm-up flows into the measured part at the same rate, with no pause: what is measured is a steady state,
        // the 20,000 updates posted after the warm-up's 30 s, as production traffic meets a host that has been busy.
        var count = total - warmup;
        var firstDue = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;
        var measuredFrom = firstDue + Stopwatch.Frequency * warmup / rate;
        Console.WriteLine($"Warm-up: {warmup} updates, then measuring {count} updates at {rate}/s from {users} users");
        var drive = DriveAsync(sender, new Uri($"http://127.0.0.1:{port}/webhooks/telegram"), postedAt, firstDue, rate, users);
        // The table's sampling and the host's event session start well before the measured part, so neither their
        // start-up nor their first JIT falls into it.
        await DelayUntilAsync(measuredFrom - Stopwatch.Frequency * TimelineLead.Seconds);
        if (withTimeline)
            Volatile.Write(ref timeline, RunTimeline.Start(host, benchDatabase,
                () => PostgresCpu(pgDirectory).Values.Aggregate(TimeSpan.Zero, (sum, cpu) => sum + cpu), Path.Combine(pgDirectory, "server.log"), measuredFrom));
        if (statements) await ExecuteAsync(benchDatabase, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        await DelayUntilAsync(measuredFrom);

        var hostThreads = ThreadsCpu(host.Id);
        var clientThreads = ThreadsCpu(Environment.ProcessId);
        var (hostSwitches, clientSwitches, clientAllocated) = (ThreadSwitches(host.Id), ThreadSwitches(Environment.ProcessId), GC.GetTotalAllocatedBytes());
        var (hostCpu, benchCpu, postgresCpu) = (host.TotalProcessorTime, Process.GetCurrentProcess().TotalProcessorTime, PostgresCpu(pgDirectory));
        var writesBefore = await WritesAsync(benchDatabase);
        if (statements) await ExecuteAsync(benchDatabase, "SELECT pg_stat_statements_reset()");
        var backlog = Enumerable.Range(1, warmup).Count(id => Volatile.Read(ref postedAt[id]) != 0 && Volatile.Read(ref answeredAt[id]) == 0);
        var failedPosts = await drive;
        var failedMeasured = Enumerable.Range(warmup + 1, count).Count(id => postedAt[id] == 0);
        var drained = await WaitAsync(() => Volatile.Read(ref replies) + failedMeasured >= count, TimeSpan.FromSeconds(60));
        var elapsed = Stopwatch.GetElapsedTime(measuredFrom).TotalSeconds;
        host.Refresh();
        // Read before the table stops: reading PostgreSQL's log is the bench's work, not the run's.
        var cpu = "CPU per message: " + ThreadsCpuPerMessage("host", host.TotalProcessorTime - hostCpu, hostThreads, ThreadsCpu(host.Id), count) + ", "
            + PostgresCpuPerMessage(postgresCpu, PostgresCpu(pgDirectory), count) + ", "
            + ThreadsCpuPerMessage("client and Bot API stand-in", Process.GetCurrentProcess().TotalProcessorTime - benchCpu, clientThreads, ThreadsCpu(Environment.ProcessId), count);
        var switches = SwitchesPerMessage("host", hostSwitches, ThreadSwitches(host.Id), count) + "\n"
            + SwitchesPerMessage("client", clientSwitches, ThreadSwitches(Environment.ProcessId), count)
            + $"; client allocations {(GC.GetTotalAllocatedBytes() - clientAllocated) / 1024.0 / count:F2} KB a message";
        var writesAfter = await WritesAsync(benchDatabase);
        if (timeline is not null) await timeline.DisposeAsync();

        Console.WriteLine(cpu);
        var answered = Enumerable.Range(1, total).Where(id => answeredAt[id] != 0 && postedAt[id] != 0)
            .Select(id => (Id: id, PostedAt: postedAt[id], Ms: Stopwatch.GetElapsedTime(postedAt[id], answeredAt[id]).TotalMilliseconds)).ToList();
        var sorted = answered.Where(a => a.Id > warmup).Select(a => a.Ms).Order().ToArray();
        double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
        Console.WriteLine($"warm-up updates still unanswered when the measured part began: {backlog}");
        Console.WriteLine($"replies: {replies}/{count} (failed posts {failedPosts}, of them measured {failedMeasured}, unanswered {count - failedMeasured - replies}, drained {drained})");
        Console.WriteLine($"throughput: {replies / elapsed:F0} messages/s over {elapsed:F1} s");
        Console.WriteLine($"latency ms: p50 {Percentile(0.50):F1}  p90 {Percentile(0.90):F1}  p99 {Percentile(0.99):F1}  max {sorted.LastOrDefault():F1}");
        Console.WriteLine(WritesPerMessage(writesBefore, writesAfter, count));
        Console.WriteLine(switches);
        if (statements) await PrintStatementsAsync(benchDatabase, count);
        timeline?.Print(Console.Out, seconds, answered.Select(a => (a.PostedAt, a.Ms)));
        host.Kill(entireProcessTree: true);
        return replies == count ? 0 : 1;
    }

    /// <summary>How long before the measured part the table starts watching (its seconds before 0 are shown too).</summary>
    private static readonly TimeSpan TimelineLead = TimeSpan.FromSeconds(10);

    private static async Task DelayUntilAsync(long timestamp)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
    }

    /// <summary>The sender's connections to the host, as a load generator keeps them: many kept open, no proxy, cookies,
    /// redirects or decompression to look at on each request (the bench shares the cores with what it measures).</summary>
    private static SocketsHttpHandler Sender() => new()
    {
        MaxConnectionsPerServer = 256,
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        ActivityHeadersPropagator = null,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    };

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

    /// <summary>Posts updates 1, 2, … (as many as <paramref name="postedAt"/> holds) at a fixed rate from
    /// <paramref name="firstDue"/> (open loop); returns how many posts failed (their <paramref name="postedAt"/> back to 0).
    /// A thread of its own sleeps until the next update is due and starts every post due by then, right there: a timer,
    /// its thread's wake-up and a thread pool hop per update cost the client (which shares the cores with what it
    /// measures) more than the posts themselves. A latency still runs from its own POST.</summary>
    private static async Task<int> DriveAsync(HttpMessageInvoker sender, Uri webhook, long[] postedAt, long firstDue, int rate, int users)
    {
        var (failed, pending) = (0, 1);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // As HttpClient's default timeout did per post, but one for the run: no timer a post.
        using var giveUp = new CancellationTokenSource();
        new Thread(() =>
        {
            for (var n = 1; n < postedAt.Length; n++)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), firstDue + Stopwatch.Frequency * (n - 1) / rate);
                if (wait > TimeSpan.Zero) Thread.Sleep((int)Math.Ceiling(wait.TotalMilliseconds));
                Interlocked.Increment(ref pending);
                _ = PostAsync(n);
            }
            giveUp.CancelAfter(TimeSpan.FromSeconds(100));
            Finished();
        }) { Name = "bench pacer", IsBackground = true }.Start();
        await done.Task;
        return failed;

        void Finished()
        {
            if (Interlocked.Decrement(ref pending) == 0) done.SetResult();
        }

        async Task PostAsync(int n)
        {
            var body = ArrayPool<byte>.Shared.Rent(UpdateTemplateRoom);
            try
            {
                var length = WriteUpdate(body, n, 500_000 + n % users, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
                // A body of known length, as Telegram posts it; headers as they go on the wire, nothing to parse or format.
                using var request = new HttpRequestMessage(HttpMethod.Post, webhook) { Content = new ByteArrayContent(body, 0, length) };
                request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
                request.Headers.TryAddWithoutValidation("X-Telegram-Bot-Api-Secret-Token", Secret);
                Volatile.Write(ref postedAt[n], Stopwatch.GetTimestamp());
                using var response = await sender.SendAsync(request, giveUp.Token);
                if (!response.IsSuccessStatusCode) Failed(n);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                Failed(n);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(body);
                Finished();
            }
        }

        void Failed(int n)
        {
            Interlocked.Increment(ref failed);
            Volatile.Write(ref postedAt[n], 0);
        }
    }

    internal static object Update(long id, long chat, string text, DateTimeOffset? date = null) => new
    {
        update_id = id,
        message = new
        {
            message_id = id,
            from = new { id = chat, is_bot = false, first_name = "Bench", language_code = "en" },
            chat = new { id = chat, type = "private" },
            date = (date ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(),
            text,
        },
    };

    private const int UpdateTemplateRoom = 512;

    /// <summary>The bytes JsonSerializer makes of <see cref="Update"/> with the text "coffee {id}", written straight into
    /// <paramref name="into"/>: no object, JSON writer or array a post.</summary>
    private static int WriteUpdate(Span<byte> into, long id, long chat, long date) =>
        Utf8.TryWrite(into, CultureInfo.InvariantCulture,
            $$$"""{"update_id":{{{id}}},"message":{"message_id":{{{id}}},"from":{"id":{{{chat}}},"is_bot":false,"first_name":"Bench","language_code":"en"},"chat":{"id":{{{chat}}},"type":"private"},"date":{{{date}}},"text":"coffee {{{id}}}"}}""",
            out var written) ? written : throw new InvalidOperationException($"An update does not fit in {into.Length} bytes.");

    /// <summary>The template posts what the serializer would, byte for byte: the wire format stays Telegram's.</summary>
    private static void CheckUpdateTemplate()
    {
        var date = DateTimeOffset.UtcNow;
        var buffer = new byte[UpdateTemplateRoom];
        foreach (var (id, chat) in new[] { (1L, 500_001L), (29_999L, 504_999L), (1_234_567L, 500_000L) })
        {
            var expected = JsonSerializer.SerializeToUtf8Bytes(Update(id, chat, $"coffee {id}", date));
            if (!buffer.AsSpan(0, WriteUpdate(buffer, id, chat, date.ToUnixTimeSeconds())).SequenceEqual(expected))
                throw new InvalidOperationException("The update template no longer writes what JsonSerializer writes of Update().");
        }
    }

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
        // The postmaster and the children the kernel lists for it: a few files, not every process on the machine (the
        // table samples this every second).
        string children;
        try
        {
            children = File.ReadAllText($"/proc/{postmaster}/task/{postmaster}/children");
        }
        catch (IOException) { return byRole; } // the server is gone
        foreach (var pid in children.Split(' ', StringSplitOptions.RemoveEmptyEntries).Prepend(postmaster))
        {
            string stat, title;
            try
            {
                stat = File.ReadAllText($"/proc/{pid}/stat");
                title = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            }
            catch (IOException) { continue; } // the process ended meanwhile
            var fields = StatFields(stat);
            var role = pid == postmaster ? "postmaster"
                : title.Contains("autovacuum", StringComparison.Ordinal) ? "autovacuum"
                : title.StartsWith("postgres: postgres ", StringComparison.Ordinal) ? "backends"
                : title.StartsWith("postgres: ", StringComparison.Ordinal) ? title["postgres: ".Length..].Trim()
                : "other";
            Add(role, Cpu(fields, UserTime));
            // The postmaster's cutime and cstime hold what its children that ended had used (autovacuum workers, mostly).
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

    /// <summary>"host 640 µs (thread pool 560, JIT 40, sockets 30, …)": a process's CPU per message, in all and by thread
    /// role, so a run tells the tiered JIT still compiling apart from the pipeline's own work.</summary>
    private static string ThreadsCpuPerMessage(string process,
        TimeSpan used, Dictionary<int, (string Role, TimeSpan Cpu)> before, Dictionary<int, (string Role, TimeSpan Cpu)> after, int messages)
    {
        var byRole = after.GroupBy(thread => thread.Value.Role, thread => thread.Value.Cpu - (before.TryGetValue(thread.Key, out var was) ? was.Cpu : TimeSpan.Zero))
            .Select(role => (Role: role.Key, Us: role.Sum(cpu => cpu.TotalMicroseconds) / messages))
            .Where(r => r.Us >= 1).OrderByDescending(r => r.Us).ToList();
        // A thread that ended during the run is gone from /proc: its share is what the others leave of the whole.
        var ended = used.TotalMicroseconds / messages - byRole.Sum(r => r.Us);
        if (ended >= 1) byRole.Add(("ended threads", ended));
        return $"{process} {used.TotalMicroseconds / messages:F0} µs ({string.Join(", ", byRole.Select(r => $"{r.Role} {r.Us:F0}"))})";
    }

    /// <summary>CPU time of each of a process's threads and its role, from its name in /proc (".NET Tiered Com" is the tiered
    /// JIT's background compiler, ".NET TP Worker" the thread pool's, ".NET Sockets" the socket engine's; the bench's own
    /// table's event reader; the pacer has ended by the time the run is read, so its share is among the ended threads),
    /// in ticks of 10 ms.</summary>
    private static Dictionary<int, (string Role, TimeSpan Cpu)> ThreadsCpu(int pid)
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
            var role = name switch
            {
                ".NET Tiered Com" => "JIT", ".NET TP Worker" => "thread pool", ".NET Sockets" => "sockets",
                "bench host even" => "table", _ => "other",
            };
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
    private static string SwitchesPerMessage(string process,
        Dictionary<int, (long Voluntary, long Involuntary)> before, Dictionary<int, (long Voluntary, long Involuntary)> after, int messages)
    {
        var (waits, pushed) = (0L, 0L);
        foreach (var (thread, now) in after)
            if (before.TryGetValue(thread, out var was)) (waits, pushed) = (waits + now.Voluntary - was.Voluntary, pushed + now.Involuntary - was.Involuntary);
        return $"{process} thread switches a message: {(double)(waits + pushed) / messages:F1} (waits {(double)waits / messages:F1}, pushed off {(double)pushed / messages:F1})";
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
