using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Finance.Host.Tests.Media;
using Finance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Finance.Host.Tests.Telemetry;

/// <summary>A host with the Prometheus endpoint on, logging everything from Information up to a file, while a listener
/// records every span the process makes.</summary>
public sealed class ObservedHost : IAsyncLifetime
{
    private ActivityListener? listener;

    public FinanceHost Host { get; } = new();

    /// <summary>Everything the host logs from Information up: the rendered message and every property.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>Name, tags and events of every span stopped in this process while the fixture lives.</summary>
    public ConcurrentQueue<string> Spans { get; } = new();

    public async Task InitializeAsync()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => Spans.Enqueue(string.Join(" ", [activity.Source.Name, activity.DisplayName,
                .. activity.TagObjects.Select(t => $"{t.Key}={t.Value}"), .. activity.Events.Select(e => e.Name)])),
        };
        ActivitySource.AddActivityListener(listener);
        // The listener sees every host in the test process; the others (tracing off, so no redaction) carry theirs.
        Host.TelegramToken = "987654:OBSERVED-token_for-loopback";
        Host.Settings["Finance:Observability:Prometheus"] = "true";
        Host.Settings["Finance:Observability:InboxGaugeInterval"] = "00:00:01";
        // Tracing is on only with a collector configured; none listens here (loopback, discard port), exports just fail.
        Host.Settings["Finance:Observability:OtlpEndpoint"] = "http://127.0.0.1:9";
        Host.Settings["Serilog:MinimumLevel:Default"] = "Information";
        Host.Settings["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Information";
        Host.Settings["Serilog:MinimumLevel:Override:System.Net.Http.HttpClient"] = "Information";
        Host.Services = services => services.AddSingleton<Serilog.Core.ILogEventSink>(Logs);
        await Host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        listener?.Dispose();
        await Host.DisposeAsync();
    }
}

public sealed class CapturedLogs : Serilog.Core.ILogEventSink
{
    private readonly ConcurrentQueue<string> lines = new();

    public string Text => string.Join("\n", lines);

    public void Emit(Serilog.Events.LogEvent logEvent)
    {
        var properties = string.Join(" ", logEvent.Properties.Select(p => $"{p.Key}={p.Value}"));
        lines.Enqueue($"{logEvent.Level} {logEvent.RenderMessage()} {properties} {logEvent.Exception}");
    }
}

public sealed class ObservabilityTests(ObservedHost observed, MediaFiles files) : IClassFixture<ObservedHost>, IClassFixture<MediaFiles>
{
    private FinanceHost Host => observed.Host;

    [Fact]
    public async Task Metrics_show_inbox_gauges_stage_times_and_outbound_errors_by_channel()
    {
        await Host.ExecuteAsync("""
            INSERT INTO inbox (channel, external_id, chat_id, message, status, outcome, attempts)
            VALUES ('telegram', 'dead-metric-1', '5901', '{}', 'dead', 'dead_letter', 5)
            """);
        Host.Telegram.FailNext("sendMessage", 1, errorCode: 500);
        Assert.Contains("Booked", await Host.SayAsync(5902, "taxi 12"));
        var photo = Host.Telegram.AddFile(TestFiles.RandomBytes(2048), "photos/noise.jpg");
        await Host.SendAndWaitAsync(5903, MediaUpdates.Photo(5903, photo, 800, 600));

        // Tagged with the database: every host in this test process exports every host's gauges.
        var database = $"db_namespace=\"{new Npgsql.NpgsqlConnectionStringBuilder(Host.Database.ConnectionString).Database}\"";
        var metrics = await ScrapeUntilAsync($@"finance_inbox_dead_letters\{{[^}}]*{database}[^}}]*\}} 1\b");

        Assert.Matches($@"finance_inbox_depth\{{[^}}]*{database}[^}}]*\}} \d", metrics);
        Assert.Matches($@"finance_inbox_oldest_pending_age_seconds\{{[^}}]*{database}[^}}]*\}} \d", metrics);
        Assert.Matches($@"finance_inbox_dead_letters\{{[^}}]*{database}[^}}]*\}} 1\b", metrics);
        foreach (var stage in (string[])["media", "understanding", "ledger", "reply"])
            Assert.Matches($"finance_pipeline_stage_duration_seconds_count\\{{[^}}]*stage=\"{stage}\"[^}}]*\\}} [1-9]", metrics);
        Assert.Matches("finance_outbound_errors_total\\{[^}]*client=\"telegram\"[^}]*status=\"500\"[^}]*\\} [1-9]", metrics);
    }

    [Fact]
    public async Task The_metrics_endpoint_is_off_unless_configured()
    {
        using var plain = Host.StartHost(new Dictionary<string, string?> { ["Finance:Observability:Prometheus"] = "false" }).CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await plain.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Host.Client.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Message_text_and_amounts_stay_out_of_logs_traces_and_metrics()
    {
        // Typed, spoken and photographed: each carries a merchant and an amount no other test uses.
        Assert.Contains("Booked", await Host.SayAsync(5911, "sushi at kyotogarden 83.17"));
        var voice = Host.Telegram.AddFile(await files.VoiceNoteAsync("coffee at starbucks three dollars seventy five"), "voice/obs.oga");
        Assert.Contains("3.75", (await Host.SendAndWaitAsync(5912, MediaUpdates.Voice(5912, voice, seconds: 3)))[^1]);
        var receipt = Host.Telegram.AddFile(await files.ReceiptAsync("ZEPHYRMART", "", "TOTAL      $64.29"), "photos/obs.png");
        Assert.Contains("64.29", (await Host.SendAndWaitAsync(5913, MediaUpdates.Photo(5913, receipt, 600, 300)))[^1]);
        Assert.NotEmpty(await Host.SayAsync(5914, "quanto gastei com kyotogarden?", "pt-br"));

        var metrics = await ScrapeUntilAsync("finance_pipeline_stage_duration_seconds");
        var logs = observed.Logs.Text;
        // The Bot API stand-in runs in this process too; its own server spans (paths with the token) are not the product's.
        var spans = string.Join("\n", observed.Spans.Where(span => !span.Contains("url.path=/bot", StringComparison.Ordinal)
            && !span.Contains("url.path=/file/bot", StringComparison.Ordinal)));

        Assert.Contains("Processed \"telegram\" inbox", logs); // the log is really captured, at Information
        Assert.Contains("finance.channel=telegram", spans); // and the product's spans are really seen
        string[] secrets = ["kyotogarden", "83.17", "83,17", "starbucks", "3.75", "ZEPHYRMART", "64.29", "quanto gastei", Host.Telegram.Token];
        foreach (var secret in secrets)
        {
            // An amount is a whole number: "3.75" inside a logged duration of "103.7572ms" is not one.
            var pattern = new Regex(@"(?<![\d.,])" + Regex.Escape(secret) + @"(?!\d)", RegexOptions.IgnoreCase);
            foreach (var (name, text) in new[] { ("logs", logs), ("spans", spans), ("metrics", metrics) })
            {
                var found = pattern.Match(text);
                Assert.False(found.Success, $"The {name} hold \"{secret}\": …{text[Math.Max(0, found.Index - 120)..Math.Min(text.Length, found.Index + 120)]}…");
            }
        }
    }

    [Fact]
    public async Task A_reply_sent_at_the_first_try_adds_no_information_line_of_the_retry_pipeline()
    {
        // Polly reports every try of a call at Information; at 1,000 replies a second that was a second console line
        // a message. Retries and an opening breaker are warnings and still logged.
        Assert.Contains("Booked", await Host.SayAsync(5921, "taxi 17"));
        // The outcome is logged once the reply went out, before the row is finished.
        Assert.Equal("done", await Host.EventuallyAsync("SELECT status FROM inbox WHERE chat_id = '5921'", "done", TimeSpan.FromMinutes(2)));

        var lines = observed.Logs.Text.Split('\n');
        Assert.Contains(lines, line => line.StartsWith("Information Processed \"telegram\" inbox", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.StartsWith("Information ", StringComparison.Ordinal)
            && line.Contains("SourceContext=\"Polly\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Requests_start_no_hosting_log_scope_whatever_the_configured_levels()
    {
        // ASP.NET Core starts an activity and a log scope for every request when this logger is on even at Critical; this
        // host's configuration turns Microsoft.AspNetCore up to Information, and the request log and the worker still log.
        var loggers = Host.FirstHostServices.GetRequiredService<ILoggerFactory>();

        Assert.False(loggers.CreateLogger(HostSetup.HostingDiagnostics).IsEnabled(LogLevel.Critical));
        Assert.True(loggers.CreateLogger("Serilog.AspNetCore.RequestLoggingMiddleware").IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger(typeof(Finance.Host.Pipeline.InboxWorker).FullName!).IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").IsEnabled(LogLevel.Information));
    }

    /// <summary>The gauges are read from PostgreSQL every second: scrape until a line matches (bounded).</summary>
    private async Task<string> ScrapeUntilAsync(string pattern)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var text = await Host.Client.GetStringAsync("/metrics");
            if (Regex.IsMatch(text, pattern) || DateTime.UtcNow > deadline) return text;
            await Task.Delay(200);
        }
    }
}
