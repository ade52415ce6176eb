using System.Diagnostics;
using System.Text.Json.Nodes;
using Finance.Channels.Telegram;
using Finance.Core;
using Finance.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Channels.Tests.Telegram;

public sealed class TelegramChannelTests : IAsyncLifetime
{
    private LoopbackTelegramApi api = null!;
    private ServiceProvider services = null!;
    private TelegramChannel channel = null!;

    public async Task InitializeAsync()
    {
        api = await LoopbackTelegramApi.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Finance:Telegram:BotToken"] = api.Token,
            ["Finance:Telegram:ApiBaseUrl"] = api.BaseUrl,
            ["Finance:Telegram:Mode"] = "webhook",
            ["Finance:Telegram:WebhookSecret"] = "s3cret",
        }).Build();
        services = new ServiceCollection().AddLogging().AddTelegram(configuration).BuildServiceProvider(validateScopes: true);
        channel = (TelegramChannel)services.GetRequiredService<IChannel>();
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await api.DisposeAsync();
    }

    [Fact]
    public async Task Text_reply_with_inline_keyboard_reaches_the_api_as_telegram_json()
    {
        var reply = new OutboundReply(
            "Booked 4.50 EUR coffee <dining> & more",
            [[new ReplyButton("Undo", "undo:tx-1"), new ReplyButton("Change category", "cat:tx-1")], [new ReplyButton("Olá ✓", "ok")]],
            ReplyToMessageId: "77");

        var messageId = await channel.SendAsync("42", reply, CancellationToken.None);

        var call = Assert.Single(api.CallsTo("sendMessage"));
        Assert.Equal(42, call.Fields["chat_id"]!.GetValue<long>());
        Assert.Equal("Booked 4.50 EUR coffee <dining> & more", call.Field("text"));
        Assert.Null(call.Fields["parse_mode"]);
        Assert.Equal(77, call.Fields["reply_parameters"]!["message_id"]!.GetValue<int>());
        var keyboard = call.JsonField("reply_markup")!["inline_keyboard"]!.AsArray();
        Assert.Equal(2, keyboard.Count);
        Assert.Equal("Undo", keyboard[0]![0]!["text"]!.GetValue<string>());
        Assert.Equal("undo:tx-1", keyboard[0]![0]!["callback_data"]!.GetValue<string>());
        Assert.Equal("cat:tx-1", keyboard[0]![1]!["callback_data"]!.GetValue<string>());
        Assert.Equal("Olá ✓", keyboard[1]![0]!["text"]!.GetValue<string>());
        Assert.True(long.Parse(messageId) > 0);
    }

    [Fact]
    public async Task Callback_data_over_64_bytes_is_refused_before_sending()
    {
        var reply = new OutboundReply("Pick one", [[new ReplyButton("Too long", new string('é', 33))]]);

        await Assert.ThrowsAsync<ArgumentException>(() => channel.SendAsync("42", reply, CancellationToken.None));
        Assert.Empty(api.CallsTo("sendMessage"));
    }

    [Fact]
    public async Task Photo_reply_is_uploaded_as_multipart_with_caption_and_buttons()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3 };
        var reply = new OutboundReply("Week 47: 312.40 EUR", [[new ReplyButton("Details", "week:47")]], png);

        var messageId = await channel.SendAsync("-100500", reply, CancellationToken.None);

        var call = Assert.Single(api.CallsTo("sendPhoto"));
        Assert.Equal("-100500", call.Field("chat_id"));
        Assert.Equal("Week 47: 312.40 EUR", call.Field("caption"));
        Assert.Equal(png, Assert.Single(call.Files.Values));
        Assert.Equal("week:47", call.JsonField("reply_markup")!["inline_keyboard"]![0]![0]!["callback_data"]!.GetValue<string>());
        Assert.Empty(api.CallsTo("sendMessage"));
        Assert.True(long.Parse(messageId) > 0);
    }

    [Fact]
    public async Task A_document_is_sent_with_sendDocument_captioned_by_the_text()
    {
        var csv = "date,amount\n2026-10-07,41.10\n"u8.ToArray();
        var reply = new OutboundReply("📤 Personal: 1 transaction", Document: new ReplyDocument("personal.csv", "text/csv", csv));

        await channel.SendAsync("42", reply, CancellationToken.None);

        var call = Assert.Single(api.CallsTo("sendDocument"));
        Assert.Equal("📤 Personal: 1 transaction", call.Field("caption"));
        Assert.Equal(csv, Assert.Single(call.Files.Values));
        Assert.Empty(api.CallsTo("sendMessage"));
    }

    [Fact]
    public async Task Text_over_4096_characters_is_split_and_buttons_go_on_the_last_part()
    {
        var text = string.Join('\n', Enumerable.Range(1, 400).Select(i => $"line {i:000} coffee 4.50"));

        await channel.SendAsync("42", new OutboundReply(text, [[new ReplyButton("More", "more")]]), CancellationToken.None);

        var calls = api.CallsTo("sendMessage");
        Assert.Equal(3, calls.Count);
        Assert.All(calls, c => Assert.True(c.Field("text")!.Length <= 4096));
        Assert.Equal(text.Replace("\n", ""), string.Concat(calls.Select(c => c.Field("text")!.Replace("\n", ""))));
        Assert.Null(calls[0].Fields["reply_markup"]);
        Assert.NotNull(calls[2].Fields["reply_markup"]);
    }

    [Fact]
    public async Task Flood_limit_is_retried_after_the_retry_after_telegram_asked_for()
    {
        api.FailNext("sendMessage", 1, errorCode: 429, retryAfterSeconds: 1);
        var clock = Stopwatch.StartNew();

        var messageId = await channel.SendAsync("42", new OutboundReply("Booked"), CancellationToken.None);

        Assert.Equal(2, api.CallsTo("sendMessage").Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.95), $"retried after {clock.Elapsed}");
        Assert.True(long.Parse(messageId) > 0);
    }

    [Fact]
    public async Task Server_errors_are_retried_briefly()
    {
        api.FailNext("sendMessage", 2, errorCode: 500);

        await channel.SendAsync("42", new OutboundReply("Booked"), CancellationToken.None);

        Assert.Equal(3, api.CallsTo("sendMessage").Count);
    }

    [Fact]
    public async Task Blocked_by_the_user_fails_at_once()
    {
        api.FailNext("sendMessage", 1, errorCode: 403);

        await Assert.ThrowsAsync<global::Telegram.Bot.Exceptions.ApiRequestException>(
            () => channel.SendAsync("42", new OutboundReply("Booked"), CancellationToken.None));
        Assert.Single(api.CallsTo("sendMessage"));
    }

    [Fact]
    public async Task Download_fetches_the_file_through_get_file()
    {
        var content = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        var fileId = api.AddFile(content, "voice/file_12.oga");

        var bytes = await channel.DownloadAsync(new MediaAttachment(MediaKind.Voice, fileId), 10_000, CancellationToken.None);

        Assert.Equal(content, bytes);
        Assert.Equal(fileId, Assert.Single(api.CallsTo("getFile")).Field("file_id"));
    }

    [Fact]
    public async Task Download_over_the_limit_is_refused_before_fetching_when_the_update_says_the_size()
    {
        var fileId = api.AddFile(new byte[5000], "photos/file_1.jpg");

        await Assert.ThrowsAsync<MediaTooLargeException>(() =>
            channel.DownloadAsync(new MediaAttachment(MediaKind.Photo, fileId, SizeBytes: 5000), 1000, CancellationToken.None));
        Assert.Empty(api.CallsTo("getFile"));
    }

    [Fact]
    public async Task A_file_over_the_bot_apis_download_limit_is_refused_as_too_large_not_retried()
    {
        var fileId = api.AddTooBigFile();

        await Assert.ThrowsAsync<MediaTooLargeException>(() =>
            channel.DownloadAsync(new MediaAttachment(MediaKind.Photo, fileId), 40_000_000, CancellationToken.None));
        Assert.Single(api.CallsTo("getFile"));
    }

    [Fact]
    public async Task Download_over_the_limit_is_refused_when_get_file_says_the_size()
    {
        var fileId = api.AddFile(new byte[5000], "photos/file_2.jpg");

        await Assert.ThrowsAsync<MediaTooLargeException>(() =>
            channel.DownloadAsync(new MediaAttachment(MediaKind.Photo, fileId), 1000, CancellationToken.None));
        Assert.Single(api.CallsTo("getFile"));
    }

    [Fact]
    public async Task Download_over_the_limit_is_stopped_when_no_size_was_given()
    {
        var fileId = api.AddFile(new byte[200_000], "documents/file_3.pdf", reportSize: false);

        await Assert.ThrowsAsync<MediaTooLargeException>(() =>
            channel.DownloadAsync(new MediaAttachment(MediaKind.Document, fileId), 1000, CancellationToken.None));
    }

    [Fact]
    public async Task Answering_a_callback_calls_answer_callback_query()
    {
        await channel.AnswerCallbackAsync("cbq-9", "Undone");

        var call = Assert.Single(api.CallsTo("answerCallbackQuery"));
        Assert.Equal("cbq-9", call.Field("callback_query_id"));
        Assert.Equal("Undone", call.Field("text"));
    }
}
