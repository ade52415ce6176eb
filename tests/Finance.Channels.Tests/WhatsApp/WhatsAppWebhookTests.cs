using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Finance.Channels.WhatsApp;
using Finance.Core;
using Finance.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Channels.Tests.WhatsApp;

public sealed class WhatsAppWebhookTests : IAsyncDisposable
{
    private const string AppSecret = "app-secret-for-tests";
    private const string VerifyToken = "verify-me-please";
    private const string Sender = "5511987654321";

    private readonly RecordingInbox inbox = new();
    private WebApplication? app;
    private HttpClient? http;

    private async Task<HttpClient> StartAsync(string? appSecret = AppSecret, string? verifyToken = VerifyToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Finance:WhatsApp:AppSecret"] = appSecret;
        builder.Configuration["Finance:WhatsApp:VerifyToken"] = verifyToken;
        builder.Services.AddWhatsApp(builder.Configuration);
        builder.Services.AddSingleton<IInbox>(inbox);
        app = builder.Build();
        app.MapWhatsAppWebhook();
        await app.StartAsync();
        http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        return http;
    }

    private static HttpRequestMessage Post(JsonObject payload, string? secret = AppSecret) => Post(payload.ToJsonString(), secret);

    private static HttpRequestMessage Post(string body, string? secret = AppSecret)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/whatsapp") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        if (secret is not null) request.Headers.Add("X-Hub-Signature-256", LoopbackGraphApi.Signature(bytes, secret));
        return request;
    }

    private static JsonObject Text(string text = "uber 23,10", string? wamid = null) =>
        LoopbackGraphApi.Payload(Sender, "Ana", LoopbackGraphApi.TextMessage(Sender, text, wamid));

    [Fact]
    public async Task Subscription_handshake_with_the_verify_token_echoes_the_challenge()
    {
        var client = await StartAsync();

        var response = await client.GetAsync($"/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={VerifyToken}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1158201444", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("subscribe", "verify-me-pleasE")]
    [InlineData("subscribe", "")]
    [InlineData("unsubscribe", VerifyToken)]
    public async Task Handshake_with_a_wrong_token_or_mode_is_forbidden(string mode, string token)
    {
        var client = await StartAsync();

        var response = await client.GetAsync($"/webhooks/whatsapp?hub.mode={mode}&hub.challenge=1158201444&hub.verify_token={token}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("1158201444", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_a_configured_verify_token_no_handshake_succeeds()
    {
        var client = await StartAsync(verifyToken: null);

        var response = await client.GetAsync("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1&hub.verify_token=");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Signed_message_lands_in_the_inbox_keyed_by_wamid()
    {
        var client = await StartAsync();

        var response = await client.SendAsync(Post(Text(wamid: "wamid.ONE")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = Assert.Single(inbox.Stored);
        Assert.Equal(("whatsapp", "wamid.ONE", Sender, "uber 23,10", "pt-BR"),
            (message.Channel, message.ExternalId, message.ChatId, message.Text, message.LanguageCode));
    }

    [Fact]
    public async Task Post_without_a_signature_is_refused()
    {
        var client = await StartAsync();

        var response = await client.SendAsync(Post(Text(), secret: null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(inbox.Attempts);
    }

    [Fact]
    public async Task Post_signed_with_another_secret_is_refused()
    {
        var client = await StartAsync();

        var response = await client.SendAsync(Post(Text(), secret: "app-secret-for-testS"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(inbox.Attempts);
    }

    [Fact]
    public async Task Body_changed_after_signing_is_refused()
    {
        var client = await StartAsync();
        var request = Post(Text("coffee 4"));
        var tampered = Encoding.UTF8.GetBytes(Text("coffee 400").ToJsonString());
        var signature = request.Headers.GetValues("X-Hub-Signature-256").Single();
        request.Content = new ByteArrayContent(tampered);
        request.Content.Headers.ContentType = new("application/json");

        var response = await client.SendAsync(request);

        Assert.StartsWith("sha256=", signature);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(inbox.Attempts);
    }

    [Theory]
    [InlineData("sha256=")]
    [InlineData("sha256=zz")]
    [InlineData("sha1=0123456789abcdef0123456789abcdef01234567")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public async Task Malformed_signature_header_is_refused(string header)
    {
        var client = await StartAsync();
        var request = Post(Text(), secret: null);
        request.Headers.Add("X-Hub-Signature-256", header);

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(inbox.Attempts);
    }

    [Fact]
    public async Task The_signature_is_over_the_raw_bytes_whatever_their_spacing()
    {
        var client = await StartAsync();
        // Meta escapes non-ASCII as \uXXXX; re-serialising would change the bytes and break the signature.
        var raw = Text("caf\\u00e9 5", "wamid.RAW").ToJsonString().Replace("\\\\u00e9", "\\u00e9").Replace(",", ", ");

        var response = await client.SendAsync(Post(raw));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("café 5", Assert.Single(inbox.Stored).Text);
    }

    [Fact]
    public async Task Without_a_configured_app_secret_every_post_is_refused()
    {
        var client = await StartAsync(appSecret: null);

        var response = await client.SendAsync(Post(Text(), secret: ""));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(inbox.Attempts);
    }

    [Fact]
    public async Task Status_callback_is_acknowledged_and_nothing_is_stored()
    {
        var client = await StartAsync();

        var response = await client.SendAsync(Post(LoopbackGraphApi.StatusPayload(Sender, "wamid.SENT", "delivered")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(inbox.Attempts);
    }

    [Fact]
    public async Task Redelivered_message_is_acknowledged_and_stored_once()
    {
        var client = await StartAsync();
        var payload = Text(wamid: "wamid.TWICE");

        var first = await client.SendAsync(Post(payload));
        var second = await client.SendAsync(Post(payload));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Equal(2, inbox.Attempts.Count);
        Assert.Single(inbox.Stored);
    }

    [Fact]
    public async Task Every_message_of_a_batched_post_is_stored()
    {
        var client = await StartAsync();
        var payload = LoopbackGraphApi.Payload(Sender, "Ana",
            LoopbackGraphApi.TextMessage(Sender, "café 5"),
            LoopbackGraphApi.AudioMessage(Sender, "4001"),
            LoopbackGraphApi.ImageMessage(Sender, "4002", caption: "nota"));

        var response = await client.SendAsync(Post(payload));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([null, MediaKind.Voice, MediaKind.Photo], inbox.Stored.Select(m => m.Media?.Kind));
    }

    [Fact]
    public async Task Malformed_json_with_a_valid_signature_is_a_bad_request()
    {
        var client = await StartAsync();

        var response = await client.SendAsync(Post("""{"object":"whatsapp_business_account","entry":[{"changes":"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(inbox.Attempts);
    }

    [Fact]
    public async Task Body_over_the_limit_is_refused()
    {
        var client = await StartAsync();

        var response = await client.SendAsync(Post(Text(new string('x', 3_200_000))));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(inbox.Attempts);
    }

    [Fact]
    public async Task Inbox_failure_answers_500_so_meta_delivers_again()
    {
        var client = await StartAsync();
        inbox.FailNext(1);
        var payload = Text(wamid: "wamid.RETRY");

        var failed = await client.SendAsync(Post(payload));
        var retried = await client.SendAsync(Post(payload));

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
