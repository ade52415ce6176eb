using Finance.Banks;
using Finance.Channels.Telegram;
using Finance.Channels.WhatsApp;
using Finance.Channels.WebChat;
using Finance.Conversation;
using Finance.Host;
using Finance.Host.Banks;
using Finance.Host.Telemetry;
using Finance.Jobs.Scheduling;
using Finance.Ledger;
using Finance.Media;
using Finance.Understanding;
using Serilog;

// The container's HEALTHCHECK: asks this machine's running host, then exits.
if (args is [HealthProbe.Argument]) return await HealthProbe.RunAsync();

var builder = WebApplication.CreateBuilder(args);
if (StartupFailure.MissingSettings(builder.Configuration) is { } missing) return StartupFailure.Explain(missing);
builder.WebHost.UseInlineRequestScheduling();                 // a request runs where its bytes arrived: two thread hops fewer

// Structured logs; message text and amounts never go above Debug (they are personal data).
// Sinks come from configuration, and from the container (tests add one to read what the host logs). Each host keeps
// its own logger instead of the static Log.Logger, which the last host started in a process would own.
builder.Host.UseSerilog((context, services, logging) => logging.ReadFrom.Configuration(context.Configuration).ReadFrom.Services(services)
    .WithoutHostingDiagnostics(),                             // no activity and log scope per request that nothing reads
    preserveStaticLogger: true);

builder.Services.AddTelegram(builder.Configuration);          // Channels: webhook, long polling, replies
builder.Services.AddWhatsApp(builder.Configuration);          // Channels: WhatsApp Cloud API webhook and replies
builder.Services.AddMedia(builder.Configuration);             // Media: voice notes → text, receipt photos → fields
builder.Services.AddWebChat(builder.Configuration);           // Channels: the page at / (no token needed)
builder.Services.AddUnderstanding(builder.Configuration);     // Understanding: rules + category model
builder.Services.AddConversation();                           // Conversation: commands and replies
builder.Services.AddBanks(builder.Configuration);             // Banks: statement files, bank rows, the matcher, providers
builder.Services.AddLedger(builder.Configuration);            // Ledger: PostgreSQL, RLS, inbox
builder.Services.AddJobs(builder.Configuration);              // Jobs: Quartz scan, summaries, reminders, outbox
builder.Services.AddPipeline(builder.Configuration);          // Pipeline: the inbox worker
builder.Services.AddObservability(builder.Configuration);     // OpenTelemetry metrics and traces (/metrics, OTLP) when configured

var app = builder.Build();
app.UseSerilogRequestLogging(o => o.GetLevel = HostSetup.RequestLogLevel); // a 503 is a warning
app.UseDatabaseOutageAnswer();                               // PostgreSQL down: 503, so senders deliver again later
await app.MigrateLedgerAsync();
app.UseDefaultFiles();
app.UseStaticFiles();
app.MapTelegramWebhook();
app.MapWhatsAppWebhook();
app.MapWebChat();
app.MapBankConsent();                                         // Banks: consent callbacks
app.MapHealth();
app.MapObservability();
return await app.RunOrExplainAsync();

public partial class Program;
