using System.Text.Json.Nodes;
using Finance.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Finance.Host.Tests.WhatsApp;

/// <summary>The real host on a fresh database with only the WhatsApp channel on, talking to a loopback Graph API;
/// messages come in through the real webhook, signed as Meta signs them.</summary>
public sealed class WhatsAppHost : IAsyncLifetime
{
    public const string VerifyToken = "verify-token-for-tests";

    private readonly Media.MediaFiles files = new();
    private WebApplicationFactory<Program>? factory;

    public LedgerDatabase Database { get; } = new();
    public LoopbackGraphApi Graph { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        Graph = await LoopbackGraphApi.StartAsync();
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:Finance", Database.ConnectionString);
            foreach (var (key, value) in Graph.Settings) web.UseSetting(key, value);
            web.UseSetting("Finance:WhatsApp:VerifyToken", VerifyToken);
            web.UseSetting("Finance:Pipeline:PollInterval", "00:00:00.100");
            web.UseSetting("Finance:Pipeline:FirstRetryDelay", "00:00:00.050");
            web.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        });
        Client = factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        if (factory is not null) await factory.DisposeAsync();
        await Graph.DisposeAsync();
        await Database.DisposeAsync();
        files.Dispose();
    }

    /// <summary>Posts messages from one user, signed with <paramref name="appSecret"/> (the real one by default).</summary>
    public Task<HttpResponseMessage> PostAsync(string from, JsonObject[] messages, string? appSecret = null) =>
        PostAsync(LoopbackGraphApi.Payload(from, "Ana", messages), appSecret);

    public Task<HttpResponseMessage> PostAsync(JsonObject payload, string? appSecret = null) =>
        Client.SendAsync(Graph.SignedWebhook(payload, appSecret: appSecret));

    /// <summary>Sends one message and waits for the bot's next message to that user; returns what it sent.</summary>
    public async Task<GraphApiCall> ExchangeAsync(string from, JsonObject message)
    {
        var before = Graph.MessagesTo(from).Count;
        var response = await PostAsync(from, [message]);
        response.EnsureSuccessStatusCode();
        await Graph.WaitForAsync(_ => Graph.MessagesTo(from).Count > before, TimeSpan.FromSeconds(30));
        return Graph.MessagesTo(from)[before];
    }

    /// <summary>A receipt photo as a phone would send it: rendered text on white, as PNG (ImageMagick).</summary>
    public Task<byte[]> ReceiptPngAsync(params string[] lines) => files.ReceiptAsync(lines);

    /// <summary>A voice note as WhatsApp records it: speech (flite) in OGG/Opus (ffmpeg).</summary>
    public Task<byte[]> VoiceNoteAsync(string text) => files.VoiceNoteAsync(text);

    public async Task<T> ScalarAsync<T>(string sql, object? parameter = null)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (parameter is not null) command.Parameters.AddWithValue("p", parameter);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Polls a scalar until it equals <paramref name="expected"/> (bounded); returns the last value.</summary>
    public async Task<T> EventuallyAsync<T>(string sql, object? parameter, T expected, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var value = await ScalarAsync<T>(sql, parameter);
            if (Equals(value, expected) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(50);
        }
    }
}
