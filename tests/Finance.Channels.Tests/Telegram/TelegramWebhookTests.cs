using System.Net;
using System.Text;
using Finance.Channels.Telegram;
using Finance.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Channels.Tests.Telegram;

public sealed class TelegramWebhookTests : IAsyncDisposable
{
    private const string Secret = "webhook-Secret_123";
    private const string TextUpdate = """
        {"update_id":31337,"message":{"message_id":5,"from":{"id":42,"is_bot":false,"first_name":"Ana"},
         "chat":{"id":42,"type":"private","first_name":"Ana"},"date":1795000000,"text":"uber 23.10"}}
        """;

    private readonly RecordingInbox inbox = new();
    private WebApplication? app;
    private HttpClient? http;

    private async Task<HttpClient> StartAsync(string? configuredSecret = Secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Finance:Telegram:WebhookSecret"] = configuredSecret;
        builder.Services.AddTelegram(builder.Configuration);
        builder.Services.AddSingleton<IInbox>(inbox);
        app = builder.Build();
        app.MapTelegramWebhook();
        await app.StartAsync();
        http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        return http;
    }

    private static HttpRequestMessage Post(string body, string? secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/telegram")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (secret is not null) request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        return request;
    }

    [Fact]
    public async Task Update_without_the_secret_header_is_refused()
    {
        var client = await StartAsync();

        var response = await client.SendAsync(Post(TextUpdate, secret: null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(inbox.Attempts);
    }

    [Fact]
    public async Task Update_with_a_forged_secret_is_refused()
    {
        var client = await StartAsync();

        var response = await client.SendAsync(Post(TextUpdate, "webhook-Secret_124"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(inbox.Attempts);
    }

    /// <summary>The secret less its last character, one more, twice over, and longer than Telegram allows.</summary>
    public static TheoryData<string> NearSecrets => ["webhook-Secret_12", "webhook-Secret_1234", Secret + Secret, Secret + new string('x', 300)];

    [Theory]
    [MemberData(nameof(NearSecrets))]
    public async Task Update_with_the_secret_cut_short_or_run_on_is_refused(string forged)
    {
        var client = await StartAsync();

        var response = await client.SendAsync(Post(TextUpdate, forged));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(inbox.Attempts);
    }

    [Fact]
    public async Task A_secret_of_the_longest_length_telegram_allows_is_accepted()
    {
        var longest = new string('k', 255) + "Z";
        var client = await StartAsync(configuredSecret: longest);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Post(TextUpdate, new string('k', 256)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Post(TextUpdate, longest))).StatusCode);
        Assert.Single(inbox.Attempts);
    }

    [Fact]
    public async Task Without_a_configured_secret_every_update_is_refused()
    {
        var client = await StartAsync(configuredSecret: null);

        var response = await client.SendAsync(Post(TextUpdate, "anything"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(inbox.Attempts);
    }

    [Fact]
    public async Task A_host_with_another_secret_refuses_the_secret_another_host_accepted()
    {
        // The configured secret's block is kept between deliveries: it must follow the secret, not the first host.
        var client = await StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Post(TextUpdate, Secret))).StatusCode);
        await using (app!)
        {
            var other = await StartAsync(configuredSecret: "another-Secret_456");

            Assert.Equal(HttpStatusCode.Unauthorized, (await other.SendAsync(Post(TextUpdate, Secret))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await other.SendAsync(Post(TextUpdate, "another-Secret_456"))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Post(TextUpdate, "another-Secret_456"))).StatusCode);
        }
    }

    [Fact]
    public async Task Update_with_the_right_secret_lands_in_the_inbox_keyed_by_update_id()
    {
        var client = await StartAsync();

        var response = await client.SendAsync(Post(TextUpdate, Secret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = Assert.Single(inbox.Stored);
        Assert.Equal(("telegram", "31337", "42", "uber 23.10"), (message.Channel, message.ExternalId, message.ChatId, message.Text));
    }

    [Fact]
    public async Task Redelivered_update_is_acknowledged_and_stored_once()
    {
        var client = await StartAsync();

        var first = await client.SendAsync(Post(TextUpdate, Secret));
        var second = await client.SendAsync(Post(TextUpdate, Secret));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(2, inbox.Attempts.Count);
        Assert.Single(inbox.Stored);
    }

    [Fact]
    public async Task Edited_message_is_acknowledged_and_not_stored()
    {
        var client = await StartAsync();
        var edited = TextUpdate.Replace("\"message\"", "\"edited_message\"");

        var response = await client.SendAsync(Post(edited, Secret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(inbox.Attempts);
    }

    [Fact]
    public async Task Malformed_json_is_a_bad_request()
    {
        var client = await StartAsync();

        var response = await client.SendAsync(Post("""{"update_id":1,"message":{"message_id":""", Secret));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(inbox.Attempts);
    }

    [Fact]
    public async Task Body_over_one_megabyte_is_refused()
    {
        var client = await StartAsync();
        var huge = TextUpdate.Replace("uber 23.10", new string('x', 1_100_000));

        var response = await client.SendAsync(Post(huge, Secret));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(inbox.Attempts);
    }

    [Fact]
    public async Task Inbox_failure_answers_500_so_telegram_delivers_again()
    {
        var client = await StartAsync();
        inbox.FailNext(1);

        var failed = await client.SendAsync(Post(TextUpdate, Secret));
        var retried = await client.SendAsync(Post(TextUpdate, Secret));

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Single(inbox.Stored);
    }

    public async ValueTask DisposeAsync()
    {
        http?.Dispose();
        if (app is not null) await app.DisposeAsync();
    }
}
