using Finance.Channels.Telegram;
using Finance.Conversation.Summaries;
using Finance.Core;
using Finance.Jobs.Scheduling;
using Finance.Ledger;
using Finance.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Telegram.Bot;

namespace Finance.Jobs.Tests;

/// <summary>The jobs on a fresh database, sending through the real Telegram channel to a loopback Bot API,
/// with a clock the test moves. Contexts and bookings are seeded with plain SQL as the owning login.</summary>
public sealed class JobsHost : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> owned = [];

    private JobsHost(LedgerDatabase database, LoopbackTelegramApi telegram, ManualClock clock)
    {
        (Database, Telegram, Clock) = (database, telegram, clock);
    }

    public LedgerDatabase Database { get; }
    public LoopbackTelegramApi Telegram { get; }
    public ManualClock Clock { get; }

    public static async Task<JobsHost> StartAsync(DateTimeOffset now)
    {
        var database = new LedgerDatabase();
        await database.InitializeAsync();
        return new JobsHost(database, await LoopbackTelegramApi.StartAsync(), new ManualClock(now));
    }

    /// <summary>The scan and sender as a host wires them (Quartz off: the test calls them).</summary>
    public DueWork NewDueWork()
    {
        var services = Services(new Dictionary<string, string?> { ["Finance:Jobs:Enabled"] = "false" });
        var provider = services.BuildServiceProvider();
        owned.Add(provider);
        return provider.GetRequiredService<DueWork>();
    }

    /// <summary>A whole host with Quartz on (clustered on this database) scanning on <paramref name="cron"/>.</summary>
    public async Task<IHost> StartSchedulerHostAsync(string cron, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("JOBS_TEST_LOG") is not null) builder.Logging.AddConsole();
        var settings = new Dictionary<string, string?>
        {
            ["Finance:Jobs:ScanCron"] = cron,
            ["Finance:Rates:Enabled"] = "false",
            ["ConnectionStrings:Finance"] = Database.ConnectionString,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        builder.Configuration.AddInMemoryCollection(settings);
        foreach (var service in Services(settings)) builder.Services.Add(service);
        var host = builder.Build();
        await host.StartAsync();
        owned.Add(new HostDisposal(host));
        return host;
    }

    private ServiceCollection Services(Dictionary<string, string?> settings)
    {
        settings["ConnectionStrings:Finance"] = Database.ConnectionString;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddLedger(Database.ConnectionString);
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<SummaryComposer>();
        services.AddSingleton<IChannel>(new TelegramChannel(
            new TelegramBotClient(new TelegramBotClientOptions(Telegram.Token, Telegram.BaseUrl) { RetryCount = 0 }, new HttpClient())));
        services.AddJobs(configuration);
        return services;
    }

    /// <summary>A user with a personal context in <paramref name="timeZone"/>, reached on Telegram chat <paramref name="chatId"/>.</summary>
    public async Task<Guid> AddContextAsync(long chatId, string timeZone, string currency = "USD", string language = "en",
        DateTimeOffset? createdAt = null)
    {
        var (user, context) = (Guid.NewGuid(), Guid.NewGuid());
        await ExecuteAsync("""
            INSERT INTO users (id, display_name, language, active_context_id) VALUES (@user, 'Ana', @language, @context);
            INSERT INTO contexts (id, name, kind, base_currency, time_zone, created_by, created_at)
            VALUES (@context, 'Personal', 'personal', @currency, @timeZone, @user, @createdAt);
            INSERT INTO context_members (context_id, user_id, role) VALUES (@context, @user, 'owner');
            INSERT INTO channel_identities (channel, external_user_id, chat_id, user_id) VALUES ('telegram', @chat, @chat, @user);
            """, new()
        {
            ["user"] = user, ["context"] = context, ["language"] = language, ["currency"] = currency,
            ["timeZone"] = timeZone, ["chat"] = chatId.ToString(), ["createdAt"] = createdAt ?? new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero),
        });
        return context;
    }

    public Task BookAsync(Guid context, DateOnly date, decimal amount, string category, string? merchant = null,
        string direction = "expense", string currency = "USD") =>
        ExecuteAsync("""
            INSERT INTO transactions (context_id, amount, currency, direction, category, merchant, local_date, source, source_message_id, created_by)
            SELECT @context, @amount, @currency, @direction, @category, @merchant, @date, 'test', gen_random_uuid()::text, created_by
            FROM contexts WHERE id = @context
            """, new()
        {
            ["context"] = context, ["amount"] = amount, ["currency"] = currency, ["direction"] = direction,
            ["category"] = category, ["merchant"] = merchant, ["date"] = date,
        });

    /// <summary>Texts sent to a chat: messages and photo captions, in order.</summary>
    public IReadOnlyList<TelegramApiCall> SentTo(long chatId) => Telegram.Calls
        .Where(c => c.Method is "sendMessage" or "sendPhoto" && c.Field("chat_id") == chatId.ToString())
        .ToList();

    /// <summary>Messages to a chat whose text starts with <paramref name="mark"/> (⏰ reminders, 📊 summaries, 🟠🔴 budget alerts).</summary>
    public IReadOnlyList<TelegramApiCall> SentTo(long chatId, params string[] mark) =>
        SentTo(chatId).Where(c => mark.Any(m => TextOf(c).StartsWith(m, StringComparison.Ordinal))).ToList();

    public static string TextOf(TelegramApiCall call) => call.Field("text") ?? call.Field("caption") ?? "";

    public async Task ExecuteAsync(string sql, Dictionary<string, object?> parameters)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(owned)) await item.DisposeAsync();
        await Telegram.DisposeAsync();
        await Database.DisposeAsync();
    }

    private sealed class HostDisposal(IHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}
