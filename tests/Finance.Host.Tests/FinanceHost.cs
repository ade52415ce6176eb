using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Finance.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Finance.Host.Tests;

/// <summary>The real host on a fresh database, talking to a loopback Telegram Bot API; updates come in
/// through the real webhook endpoint.</summary>
public sealed class FinanceHost : IAsyncLifetime
{
    public const string Secret = "webhook-secret-for-tests";
    private static long nextUpdateId = 1000;
    private readonly List<WebApplicationFactory<Program>> hosts = [];

    public LedgerDatabase Database { get; } = new();
    public LoopbackTelegramApi Telegram { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    /// <summary>False for tests that start (and stop) their hosts themselves.</summary>
    public bool StartHostOnInitialize { get; set; } = true;

    /// <summary>Settings each test class may change before <see cref="InitializeAsync"/> starts the host.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Finance:Telegram:Mode"] = "webhook",
        ["Finance:Telegram:WebhookSecret"] = Secret,
        ["Finance:Pipeline:PollInterval"] = "00:00:00.100",
        ["Finance:Pipeline:FirstRetryDelay"] = "00:00:00.050",
        // No exchange-rate fetch leaves loopback in tests (the rates tests serve their own feed).
        ["Finance:Rates:Enabled"] = "false",
        ["Serilog:MinimumLevel:Default"] = "Warning",
    };

    /// <summary>The bot token of this host's Bot API stand-in; a test that looks for it in what the process emits
    /// sets its own, since every host in the test process otherwise shares the default.</summary>
    public string? TelegramToken { get; set; }

    /// <summary>Services a test class replaces before the host starts (a manual clock …).</summary>
    public Action<IServiceCollection>? Services { get; set; }

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Telegram = TelegramToken is { } token ? await LoopbackTelegramApi.StartAsync(token) : await LoopbackTelegramApi.StartAsync();
        if (StartHostOnInitialize) Client = StartHost().CreateClient();
    }

    /// <summary>Starts one more host process-in-process on the same database and Bot API (as a second server would):
    /// in memory, or with <paramref name="kestrel"/> on a port of 127.0.0.1 (<see cref="ClientOf"/> reaches it).</summary>
    public WebApplicationFactory<Program> StartHost(IDictionary<string, string?>? overrides = null, bool kestrel = false)
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:Finance", Database.ConnectionString);
            web.UseSetting("Finance:Telegram:BotToken", Telegram.Token);
            web.UseSetting("Finance:Telegram:ApiBaseUrl", Telegram.BaseUrl);
            foreach (var (key, value) in Settings) web.UseSetting(key, value);
            foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) web.UseSetting(key, value);
            if (Services is { } replace) web.ConfigureTestServices(replace);
        });
        hosts.Add(factory);
        if (kestrel)
        {
            factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
            factory.StartServer();
        }
        else _ = factory.Server; // start now, not at the first request
        return factory;
    }

    /// <summary>The services of the first host started.</summary>
    public IServiceProvider FirstHostServices => hosts[0].Services;

    /// <summary>A client of a host started on Kestrel, at its literal 127.0.0.1 address.</summary>
    public static HttpClient ClientOf(WebApplicationFactory<Program> factory) => new()
    {
        BaseAddress = new Uri(factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()),
    };

    public async Task DisposeAsync()
    {
        foreach (var host in hosts) await host.DisposeAsync();
        await Telegram.DisposeAsync();
        await Database.DisposeAsync();
    }

    public static JsonObject TextUpdate(long chatId, string text, string languageCode = "en", long? updateId = null) => new()
    {
        ["update_id"] = updateId ?? Interlocked.Increment(ref nextUpdateId),
        ["message"] = new JsonObject
        {
            ["message_id"] = Interlocked.Increment(ref nextUpdateId),
            ["from"] = new JsonObject { ["id"] = chatId, ["is_bot"] = false, ["first_name"] = "Ana", ["language_code"] = languageCode },
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private", ["first_name"] = "Ana" },
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["text"] = text,
        },
    };

    public Task<HttpResponseMessage> PostAsync(JsonObject update, string? secret = Secret, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram") { Content = JsonContent.Create(update) };
        if (secret is not null) request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        return (client ?? Client).SendAsync(request);
    }

    /// <summary>Posts a text and waits for the bot's reply in that chat; returns the reply text.</summary>
    public Task<string> SayAsync(long chatId, string text, string languageCode = "en") =>
        SendAsync(chatId, TextUpdate(chatId, text, languageCode));

    /// <summary>Posts any update and waits for the bot's next reply in that chat.</summary>
    public async Task<string> SendAsync(long chatId, JsonObject update)
    {
        var before = RepliesTo(chatId).Count;
        var response = await PostAsync(update);
        response.EnsureSuccessStatusCode();
        await Telegram.WaitForAsync(_ => RepliesTo(chatId).Count > before, TimeSpan.FromSeconds(15));
        return RepliesTo(chatId)[before];
    }

    /// <summary>A press on an inline button of one of the bot's messages.</summary>
    public static JsonObject ButtonPress(long chatId, string data, long messageId = 1) => new()
    {
        ["update_id"] = Interlocked.Increment(ref nextUpdateId),
        ["callback_query"] = new JsonObject
        {
            ["id"] = "cb" + Interlocked.Increment(ref nextUpdateId),
            ["from"] = new JsonObject { ["id"] = chatId, ["is_bot"] = false, ["first_name"] = "Ana", ["language_code"] = "en" },
            ["message"] = new JsonObject
            {
                ["message_id"] = messageId,
                ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private" },
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["text"] = "…",
            },
            ["chat_instance"] = "1",
            ["data"] = data,
        },
    };

    /// <summary>The last reply's buttons in a chat, as (text, callback data).</summary>
    public IReadOnlyList<(string Text, string Data)> LastButtons(long chatId)
    {
        var call = Telegram.CallsTo("sendMessage").Last(c => c.Field("chat_id") == chatId.ToString());
        return call.JsonField("reply_markup")?["inline_keyboard"]?.AsArray()
            .SelectMany(row => row!.AsArray())
            .Select(b => (b!["text"]!.GetValue<string>(), b["callback_data"]!.GetValue<string>()))
            .ToList() ?? [];
    }

    /// <summary>Texts the bot sent to the chat: messages, and captions of photos (a summary with its chart).</summary>
    public IReadOnlyList<string> RepliesTo(long chatId) => Telegram.Calls
        .Where(c => c.Method is "sendMessage" or "sendPhoto" && c.Field("chat_id") == chatId.ToString())
        .Select(c => c.Field("text") ?? c.Field("caption") ?? "")
        .ToList();

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Polls a scalar until it equals <paramref name="expected"/> (bounded); returns the last value.</summary>
    public async Task<T> EventuallyAsync<T>(string sql, T expected, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var value = await ScalarAsync<T>(sql);
            if (Equals(value, expected) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(50);
        }
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
