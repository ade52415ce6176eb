using System.Diagnostics;
using System.Net;
using Finance.Channels.WhatsApp;
using Finance.Core;
using Finance.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Channels.Tests.WhatsApp;

public sealed class WhatsAppChannelTests : IAsyncLifetime
{
    private const string User = "5511987654321";
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

    private LoopbackGraphApi api = null!;
    private ServiceProvider services = null!;
    private WhatsAppChannel channel = null!;

    public async Task InitializeAsync()
    {
        api = await LoopbackGraphApi.StartAsync();
        var settings = new Dictionary<string, string?>(api.Settings)
        {
            ["Finance:WhatsApp:Templates:WeeklySummary:Name"] = "weekly_summary",
            ["Finance:WhatsApp:Templates:WeeklySummary:Language"] = "en_US",
            ["Finance:WhatsApp:Templates:WeeklySummary:Languages:pt"] = "pt_BR",
            ["Finance:WhatsApp:Templates:WeeklySummary:Languages:pt-PT"] = "pt_PT",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        services = new ServiceCollection().AddLogging().AddWhatsApp(configuration).BuildServiceProvider(validateScopes: true);
        channel = (WhatsAppChannel)services.GetRequiredService<IChannel>();
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await api.DisposeAsync();
    }

    [Fact]
    public async Task Text_reply_reaches_the_messages_endpoint_as_cloud_api_json_with_the_bearer_token()
    {
        var wamid = await channel.SendAsync(User, new OutboundReply("Booked R$ 230,50 <mercado> & more", ReplyToMessageId: "wamid.USER1"),
            CancellationToken.None);

        var call = Assert.Single(api.CallsTo("messages"));
        Assert.Equal($"/{LoopbackGraphApi.DefaultVersion}/{LoopbackGraphApi.DefaultPhoneNumberId}/messages", call.Path);
        Assert.Equal("Bearer " + LoopbackGraphApi.DefaultAccessToken, call.Authorization);
        Assert.Equal("whatsapp", call.Json!["messaging_product"]!.GetValue<string>());
        Assert.Equal((User, "text"), (call.To, call.Type));
        Assert.Equal("Booked R$ 230,50 <mercado> & more", call.Text);
        Assert.False(call.Json["text"]!["preview_url"]!.GetValue<bool>());
        Assert.Equal("wamid.USER1", call.Json["context"]!["message_id"]!.GetValue<string>());
        Assert.StartsWith("wamid.", wamid);
    }

    [Fact]
    public async Task A_reply_to_id_that_is_not_a_wamid_is_not_quoted()
    {
        await channel.SendAsync(User, new OutboundReply("Booked", ReplyToMessageId: "77"), CancellationToken.None);

        Assert.Null(Assert.Single(api.CallsTo("messages")).Json!["context"]);
    }

    [Fact]
    public async Task Up_to_three_short_buttons_become_reply_buttons()
    {
        var reply = new OutboundReply("Booked 4.50 coffee",
            [[new ReplyButton("Undo", "undo:tx-1"), new ReplyButton("Category", "cat:tx-1")], [new ReplyButton("Olá ✓", "ok")]]);

        await channel.SendAsync(User, reply, CancellationToken.None);

        var call = Assert.Single(api.CallsTo("messages"));
        Assert.Equal("interactive", call.Type);
        var interactive = call.Json!["interactive"]!;
        Assert.Equal("button", interactive["type"]!.GetValue<string>());
        Assert.Equal("Booked 4.50 coffee", call.Text);
        var buttons = interactive["action"]!["buttons"]!.AsArray();
        Assert.Equal(["undo:tx-1", "cat:tx-1", "ok"], buttons.Select(b => b!["reply"]!["id"]!.GetValue<string>()));
        Assert.Equal(["Undo", "Category", "Olá ✓"], buttons.Select(b => b!["reply"]!["title"]!.GetValue<string>()));
    }

    [Fact]
    public async Task More_than_three_buttons_become_a_list_with_every_choice()
    {
        var choices = Categories.All.Take(7).Select(c => new ReplyButton(c, "cat:" + c)).ToList();

        await channel.SendAsync(User, new OutboundReply("Which category?", [choices]), CancellationToken.None);

        var call = Assert.Single(api.CallsTo("messages"));
        var interactive = call.Json!["interactive"]!;
        Assert.Equal("list", interactive["type"]!.GetValue<string>());
        var rows = interactive["action"]!["sections"]![0]!["rows"]!.AsArray();
        Assert.Equal(choices.Select(c => c.Data), rows.Select(r => r!["id"]!.GetValue<string>()));
        Assert.Equal(choices.Select(c => c.Text), rows.Select(r => r!["title"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_label_too_long_for_a_button_goes_in_a_list_and_stays_readable()
    {
        var label = "Move to the family context";

        await channel.SendAsync(User, new OutboundReply("Booked", [[new ReplyButton(label, "move:family"), new ReplyButton("Undo", "undo")]]),
            CancellationToken.None);

        var row = Assert.Single(api.CallsTo("messages")).Json!["interactive"]!["action"]!["sections"]![0]!["rows"]![0]!;
        Assert.Equal(24, row["title"]!.GetValue<string>().Length);
        Assert.Equal(label, row["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task More_than_ten_buttons_are_refused_before_sending()
    {
        var choices = Categories.All.Select(c => new ReplyButton(c, "cat:" + c)).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => channel.SendAsync(User, new OutboundReply("Pick", [choices]), CancellationToken.None));
        Assert.Empty(api.CallsTo("messages"));
    }

    [Fact]
    public async Task Text_over_4096_characters_is_split_and_the_buttons_ride_on_a_short_last_part()
    {
        var text = string.Join('\n', Enumerable.Range(1, 400).Select(i => $"line {i:000} coffee 4.50"));

        await channel.SendAsync(User, new OutboundReply(text, [[new ReplyButton("More", "more")]]), CancellationToken.None);

        var calls = api.CallsTo("messages");
        Assert.True(calls.Count >= 3);
        Assert.All(calls.SkipLast(1), c => Assert.Equal("text", c.Type));
        Assert.All(calls, c => Assert.True(c.Text!.Length <= 4096));
        Assert.Equal("interactive", calls[^1].Type);
        Assert.True(calls[^1].Text!.Length <= 1024);
        Assert.Equal(text.Replace("\n", ""), string.Concat(calls.Select(c => c.Text!.Replace("\n", ""))));
    }

    [Fact]
    public async Task Photo_reply_is_uploaded_and_sent_by_media_id_with_its_caption()
    {
        await channel.SendAsync(User, new OutboundReply("Week 47: R$ 312,40", Photo: Png), CancellationToken.None);

        var upload = Assert.Single(api.CallsTo("media"));
        Assert.Equal(Png, upload.Files["file"]);
        Assert.Equal(("whatsapp", "image/png"), (upload.Form["messaging_product"], upload.Form["type"]));
        var call = Assert.Single(api.CallsTo("messages"));
        Assert.Equal("image", call.Type);
        Assert.Equal("Week 47: R$ 312,40", call.Text);
        Assert.Equal(Png, api.MediaContent(call.Json!["image"]!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Photo_with_buttons_is_one_interactive_message_with_the_photo_as_header()
    {
        await channel.SendAsync(User, new OutboundReply("Week 47", [[new ReplyButton("Details", "week:47")]], Png), CancellationToken.None);

        var call = Assert.Single(api.CallsTo("messages"));
        var interactive = call.Json!["interactive"]!;
        Assert.Equal("image", interactive["header"]!["type"]!.GetValue<string>());
        Assert.Equal(Png, api.MediaContent(interactive["header"]!["image"]!["id"]!.GetValue<string>()));
        Assert.Equal("week:47", interactive["action"]!["buttons"]![0]!["reply"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Throughput_limit_is_retried_and_the_retry_after_is_honoured()
    {
        api.FailNext("messages", 1, httpStatus: 429, errorCode: 130429, retryAfterSeconds: 1);
        var clock = Stopwatch.StartNew();

        var wamid = await channel.SendAsync(User, new OutboundReply("Booked"), CancellationToken.None);

        Assert.Equal(2, api.CallsTo("messages").Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.95), $"retried after {clock.Elapsed}");
        Assert.StartsWith("wamid.", wamid);
    }

    [Fact]
    public async Task Rate_limit_codes_on_a_400_are_retried_too()
    {
        api.FailNext("messages", 1, httpStatus: 400, errorCode: 131056);

        await channel.SendAsync(User, new OutboundReply("Booked"), CancellationToken.None);

        Assert.Equal(2, api.CallsTo("messages").Count);
    }

    [Fact]
    public async Task Server_errors_are_retried_a_bounded_number_of_times()
    {
        api.FailNext("messages", 10, httpStatus: 500, errorCode: 1);

        var error = await Assert.ThrowsAsync<WhatsAppApiException>(() => channel.SendAsync(User, new OutboundReply("Booked"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.InternalServerError, error.Status);
        Assert.Equal(4, api.CallsTo("messages").Count);
    }

    [Fact]
    public async Task A_wrong_access_token_fails_at_once()
    {
        await using var other = new ServiceCollection().AddLogging().AddWhatsApp(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>(api.Settings) { ["Finance:WhatsApp:AccessToken"] = "EAAexpired" })
            .Build()).BuildServiceProvider();

        var error = await Assert.ThrowsAsync<WhatsAppApiException>(() =>
            other.GetRequiredService<WhatsAppChannel>().SendAsync(User, new OutboundReply("Booked"), CancellationToken.None));

        Assert.Equal((HttpStatusCode.Unauthorized, 190), (error.Status, error.Code));
        Assert.Single(api.CallsTo("messages"));
    }

    [Fact]
    public async Task Outside_the_24_hour_window_free_text_is_refused_and_the_template_goes_through()
    {
        api.CloseCustomerServiceWindow(User);

        var refused = await Assert.ThrowsAsync<WhatsAppApiException>(() =>
            channel.SendAsync(User, new OutboundReply("Your week: R$ 312,40"), CancellationToken.None));
        var wamid = await channel.SendProactiveAsync(User, "WeeklySummary", ["R$ 312,40", "mercado\nR$ 120,00"], "pt-BR", CancellationToken.None);

        Assert.True(refused.IsOutsideCustomerServiceWindow);
        Assert.StartsWith("wamid.", wamid);
        var template = api.MessagesTo(User)[^1].Json!["template"]!;
        Assert.Equal("weekly_summary", template["name"]!.GetValue<string>());
        Assert.Equal("pt_BR", template["language"]!["code"]!.GetValue<string>());
        var parameters = template["components"]![0]!["parameters"]!.AsArray();
        Assert.Equal(["R$ 312,40", "mercado R$ 120,00"], parameters.Select(p => p!["text"]!.GetValue<string>()));
        Assert.Equal(2, api.CallsTo("messages").Count); // the refusal was not retried
    }

    [Theory]
    [InlineData(null, "en_US")]
    [InlineData("en", "en_US")]
    [InlineData("pt", "pt_BR")]
    [InlineData("pt-PT", "pt_PT")]
    [InlineData("pt_BR", "pt_BR")]
    public async Task The_template_translation_follows_the_users_language(string? language, string expected)
    {
        await channel.SendProactiveAsync(User, "weeklysummary", [], language, CancellationToken.None);

        var template = Assert.Single(api.CallsTo("messages")).Json!["template"]!;
        Assert.Equal(expected, template["language"]!["code"]!.GetValue<string>());
        Assert.Null(template["components"]);
    }

    [Fact]
    public async Task A_jobs_message_outside_the_24_hour_window_goes_as_the_template_configured_for_its_kind()
    {
        api.CloseCustomerServiceWindow(User);

        await ((IChannel)channel).SendProactiveAsync(User, "weekly_summary", new OutboundReply("Spent R$ 312,40"), CancellationToken.None);

        var sent = api.CallsTo("messages");
        Assert.Equal(["text", "template"], sent.Select(c => c.Json!["type"]!.GetValue<string>()));
        var template = sent[^1].Json!["template"]!;
        Assert.Equal("weekly_summary", template["name"]!.GetValue<string>());
        Assert.Equal("Spent R$ 312,40", template["components"]![0]!["parameters"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_template_that_is_not_configured_is_refused_with_the_setting_to_add()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            channel.SendProactiveAsync(User, "SubscriptionReminder", ["Netflix"], CancellationToken.None));

        Assert.Contains("Finance:WhatsApp:Templates:SubscriptionReminder:Name", error.Message);
        Assert.Empty(api.CallsTo("messages"));
    }

    [Fact]
    public async Task A_chat_id_that_is_not_a_phone_number_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => channel.SendAsync("-100500", new OutboundReply("hi"), CancellationToken.None));
        Assert.Empty(api.CallsTo("messages"));
    }

    [Fact]
    public async Task Download_goes_from_media_id_to_url_to_bytes_with_the_bearer_token()
    {
        var content = Enumerable.Range(0, 50_000).Select(i => (byte)i).ToArray();
        var mediaId = api.AddMedia(content, "audio/ogg");

        var bytes = await channel.DownloadAsync(new MediaAttachment(MediaKind.Voice, mediaId, "audio/ogg; codecs=opus"), 100_000, CancellationToken.None);

        Assert.Equal(content, bytes);
        Assert.Equal($"/{LoopbackGraphApi.DefaultVersion}/{mediaId}", Assert.Single(api.CallsTo("media-info")).Path);
        Assert.Equal("Bearer " + LoopbackGraphApi.DefaultAccessToken, Assert.Single(api.CallsTo("download")).Authorization);
    }

    [Fact]
    public async Task Download_over_the_limit_is_refused_before_any_call_when_the_message_says_the_size()
    {
        var mediaId = api.AddMedia(new byte[5000], "image/jpeg");

        await Assert.ThrowsAsync<MediaTooLargeException>(() =>
            channel.DownloadAsync(new MediaAttachment(MediaKind.Photo, mediaId, SizeBytes: 5000), 1000, CancellationToken.None));
        Assert.Empty(api.Calls);
    }

    [Fact]
    public async Task Download_over_the_limit_is_refused_before_fetching_when_the_lookup_says_the_size()
    {
        var mediaId = api.AddMedia(new byte[5000], "image/jpeg");

        await Assert.ThrowsAsync<MediaTooLargeException>(() =>
            channel.DownloadAsync(new MediaAttachment(MediaKind.Photo, mediaId), 1000, CancellationToken.None));
        Assert.Single(api.CallsTo("media-info"));
        Assert.Empty(api.CallsTo("download"));
    }

    [Fact]
    public async Task Download_over_the_limit_is_stopped_while_streaming_when_no_size_was_given()
    {
        var mediaId = api.AddMedia(new byte[500_000], "application/pdf", reportSize: false);

        await Assert.ThrowsAsync<MediaTooLargeException>(() =>
            channel.DownloadAsync(new MediaAttachment(MediaKind.Document, mediaId), 100_000, CancellationToken.None));
        Assert.Single(api.CallsTo("download"));
    }

    [Fact]
    public async Task Download_of_an_unknown_media_id_fails_without_retrying()
    {
        var error = await Assert.ThrowsAsync<WhatsAppApiException>(() =>
            channel.DownloadAsync(new MediaAttachment(MediaKind.Photo, "404404"), 1000, CancellationToken.None));

        Assert.Equal(100, error.Code);
        Assert.Single(api.CallsTo("media-info"));
    }

    [Fact]
    public async Task Download_retries_when_the_lookup_briefly_fails()
    {
        var mediaId = api.AddMedia([1, 2, 3], "image/jpeg");
        api.FailNext("media-info", 1, httpStatus: 503, errorCode: 2);

        Assert.Equal([1, 2, 3], await channel.DownloadAsync(new MediaAttachment(MediaKind.Photo, mediaId), 1000, CancellationToken.None));
        Assert.Equal(2, api.CallsTo("media-info").Count);
    }
}
