using Finance.Banks;
using Finance.Channels.Telegram;
using Finance.Channels.WhatsApp;
using Finance.Channels.WebChat;
using Finance.Conversation;
using Finance.Host;
using Finance.Jobs.Scheduling;
using Finance.Ledger;
using Finance.Media;
using Finance.Understanding;
using Serilog;

var builder = WebApplication.CreateBuilder(args);

// Structured logs; message text and amounts never go above Debug (they are personal data).
builder.Host.UseSerilog((context, logging) => logging.ReadFrom.Configuration(context.Configuration));

builder.Services.AddTelegram(builder.Configuration);          // Channels: webhook, long polling, replies
builder.Services.AddWhatsApp(builder.Configuration);          // Channels: WhatsApp Cloud API webhook and replies
builder.Services.AddMedia(builder.Configuration);             // Media: voice notes → text, receipt photos → fields
builder.Services.AddWebChat(builder.Configuration);           // Channels: the page at / (no token needed)
builder.Services.AddUnderstanding(builder.Configuration);     // Understanding: rules + category model
builder.Services.AddConversation();                           // Conversation: commands and replies
builder.Services.AddBanks();                                  // Banks: statement files, bank rows, the matcher
builder.Services.AddLedger(builder.Configuration);            // Ledger: PostgreSQL, RLS, inbox
builder.Services.AddJobs(builder.Configuration);              // Jobs: Quartz scan, summaries, reminders, outbox
builder.Services.AddPipeline(builder.Configuration);          // Pipeline: the inbox worker

var app = builder.Build();
app.UseSerilogRequestLogging();
await app.MigrateLedgerAsync();
app.UseDefaultFiles();
app.UseStaticFiles();
app.MapTelegramWebhook();
app.MapWhatsAppWebhook();
app.MapWebChat();
app.MapHealth();
app.Run();

public partial class Program;
