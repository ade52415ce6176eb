using Finance.Channels.Telegram;
using Finance.Channels.WebChat;
using Finance.Channels.WhatsApp;
using Finance.Host.Pipeline;
using Finance.Ledger;
using Finance.Ledger.Migrations;
using Microsoft.Extensions.Options;
using Npgsql;
using Serilog;
using Serilog.Events;

namespace Finance.Host;

public static class HostSetup
{
    /// <summary>Kestrel runs a request on the thread pool thread that completed its socket read, instead of queueing it
    /// twice more (its I/O queue, then the thread pool). The runtime still completes socket reads on the thread pool, not
    /// on its epoll thread, so a handler that blocked would hold a pool thread as before, not the sockets. On a few busy
    /// cores each hop saved is a thread wake-up less: 27 → 20 thread switches a message in bench pipeline (docs/decisions.md).</summary>
    public static IWebHostBuilder UseInlineRequestScheduling(this IWebHostBuilder webHost) =>
        webHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);

    /// <summary>ASP.NET Core starts an Activity and a log scope for every request whenever its "Hosting.Diagnostics" logger is
    /// on at any level (even Critical only), whether or not anything reads them. That logger only says what Serilog's request
    /// log says already, so it is off: a request then costs no activity and no scope, unless tracing is configured (the
    /// tracer's listener asks for the activity, and logs written during a request still carry its trace id).</summary>
    public static LoggerConfiguration WithoutHostingDiagnostics(this LoggerConfiguration logging) =>
        logging.MinimumLevel.Override(HostingDiagnostics, LevelAlias.Off);

    public const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>The inbox worker and the pipeline it runs, with options validated at start.</summary>
    public static IServiceCollection AddPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PipelineOptions>().BindConfiguration("Finance:Pipeline").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<PipelineOptions>, LeaseOutlastsReading>();
        services.AddSingleton<MediaToText>();
        services.AddSingleton<MessagePipeline>();
        services.AddSingleton<SenderRateLimiter>();
        services.AddHostedService<InboxWorker>();
        services.AddSingleton<PipelineSweep>();
        services.AddHostedService(provider => provider.GetRequiredService<PipelineSweep>());
        return services;
    }

    /// <summary>Schema first: nothing is served or claimed until the migrations are in. A host started while
    /// PostgreSQL is down (both restarted together, a failover) waits for it instead of exiting.</summary>
    public static async Task MigrateLedgerAsync(this WebApplication app)
    {
        var migrator = app.Services.GetRequiredService<Migrator>();
        var logger = app.Services.GetRequiredService<ILogger<Migrator>>();
        var stopping = app.Lifetime.ApplicationStopping;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await migrator.MigrateAsync(stopping);
                return;
            }
            catch (Exception e) when (DatabaseOutage.Is(e) && !stopping.IsCancellationRequested)
            {
                var delay = TimeSpan.FromSeconds(Math.Min(10, attempt));
                logger.LogWarning("PostgreSQL is not reachable ({Error}); trying again in {Delay}", e.Message, delay);
                await Task.Delay(delay, stopping);
            }
        }
    }

    /// <summary>While PostgreSQL is down, a request that needed it answers 503 with Retry-After instead of 500:
    /// Telegram and WhatsApp deliver the update again later, the web chat page posts again, and nothing is
    /// acknowledged that was not stored.</summary>
    public static IApplicationBuilder UseDatabaseOutageAnswer(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (DatabaseOutage.Is(e) && !context.Response.HasStarted)
        {
            // Debug only: the request log has the 503, and the inbox worker reports the outage itself every few seconds.
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseOutage))
                .LogDebug("{Method} {Path} answered 503: PostgreSQL is unavailable ({Error})", context.Request.Method, context.Request.Path, e.Message);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
            await context.Response.WriteAsync("database unavailable", context.RequestAborted);
        }
    });

    /// <summary>The level of a request's log line: a 503 says "not now, deliver again later" (PostgreSQL is away, see
    /// <see cref="UseDatabaseOutageAnswer"/>) and is a warning, not one error per delivery during an outage; other
    /// server errors and unhandled exceptions are errors. A message taken in (a webhook's or the web chat's post answered
    /// 2xx) is Debug: the inbox worker logs each message's outcome at Information, and a second line for every message
    /// cost the pipeline CPU it needs at 1,000 messages a second.</summary>
    public static LogEventLevel RequestLogLevel(HttpContext context, double elapsedMilliseconds, Exception? exception) =>
        exception is not null ? LogEventLevel.Error
        : context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable ? LogEventLevel.Warning
        : context.Response.StatusCode >= 500 ? LogEventLevel.Error
        : context.Response.StatusCode is >= 200 and < 300 && IsMessageIntake(context.Request) ? LogEventLevel.Debug
        : LogEventLevel.Information;

    private static bool IsMessageIntake(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (request.Path == TelegramWebhook.Path || request.Path == WhatsAppWebhook.Path || request.Path == WebChatApi.MessagesPath);

    /// <summary>/health answers 200 when the host is up and PostgreSQL answers, 503 otherwise.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async (NpgsqlDataSource database, CancellationToken cancellationToken) =>
        {
            try
            {
                await using var command = database.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(cancellationToken);
                return Results.Text("ok");
            }
            catch (NpgsqlException)
            {
                return Results.Text("database unavailable", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        return app;
    }
}
