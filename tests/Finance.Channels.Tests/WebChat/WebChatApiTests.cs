using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Finance.Channels.WebChat;
using Finance.Core;
using Finance.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Channels.Tests.WebChat;

/// <summary>The page's API over real HTTP on 127.0.0.1, with an in-memory inbox and replies and uploads in a real
/// PostgreSQL database of the test's own.</summary>
public sealed class WebChatApiTests : IAsyncLifetime
{
    private const string MessageId = "6f1c2a9e-3b7d-4c55-9a0e-1d2b3c4d5e6f";
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

    private readonly LedgerDatabase database = new();
    private readonly RecordingInbox inbox = new();
    private readonly List<WebApplication> apps = [];
    private WebApplication? app;
    private HttpClient http = null!;

    public Task InitializeAsync() => database.InitializeAsync();

    private async Task StartAsync(Dictionary<string, string?>? settings = null)
    {
        app = await StartAppAsync(settings);
        http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
    }

    /// <summary>One more host of the web chat on the same database (as a second server behind a load balancer).</summary>
    private async Task<WebApplication> StartAppAsync(Dictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["ConnectionStrings:Finance"] = database.ConnectionString;
        foreach (var (key, value) in settings ?? []) builder.Configuration[key] = value;
        builder.Services.AddWebChat(builder.Configuration);
        builder.Services.AddSingleton(database.DataSource);
        builder.Services.AddSingleton<IInbox>(inbox);
        var started = builder.Build();
        started.MapWebChat();
        await started.StartAsync();
        apps.Add(started);
        return started;
    }

    private async Task<long> HeldUploadBytesAsync()
    {
        await using var command = database.DataSource.CreateCommand("SELECT coalesce(sum(size), 0) FROM web_chat_uploads");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private WebChatChannel Channel => app!.Services.GetRequiredService<WebChatChannel>();

    private async Task<string> NewChatAsync()
    {
        var response = await http.PostAsync("/webchat/session", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<WebChatSession>())!.ChatId;
    }

    private Task<HttpResponseMessage> PostJsonAsync(object body) => http.PostAsJsonAsync("/webchat/messages", body);

    private static MultipartFormDataContent Upload(string chatId, HttpContent file, string mimeType, string fileName, string messageId = MessageId)
    {
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(mimeType);
        return new MultipartFormDataContent
        {
            { new StringContent(chatId), "chatId" },
            { new StringContent(messageId), "messageId" },
            { new StringContent("en-US"), "language" },
            { file, "file", fileName },
        };
    }

    [Fact]
    public async Task Each_session_gets_a_new_128_bit_chat_id()
    {
        await StartAsync();

        var first = await NewChatAsync();
        var second = await NewChatAsync();

        Assert.Matches("^[0-9a-f]{32}$", first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task A_typed_message_is_put_in_the_inbox_as_a_web_message()
    {
        await StartAsync();
        var chatId = await NewChatAsync();

        var response = await PostJsonAsync(new { chatId, messageId = MessageId, text = " coffee 4.50 ", language = "en-US", timeZone = "America/Argentina/Buenos_Aires" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = Assert.Single(inbox.Attempts);
        Assert.Equal("web", message.Channel);
        Assert.Equal(chatId, message.ChatId);
        Assert.Equal(chatId, message.SenderId);
        Assert.Null(message.SenderName);
        Assert.Equal("en-US", message.LanguageCode);
        Assert.Equal("coffee 4.50", message.Text);
        Assert.Equal("America/Argentina/Buenos_Aires", message.TimeZone);
        Assert.Contains(MessageId, message.ExternalId);
        Assert.Null(message.Media);
    }

    [Fact]
    public async Task A_retried_post_carries_the_same_external_id_so_the_inbox_keeps_one_copy()
    {
        await StartAsync();
        var chatId = await NewChatAsync();
        var other = await NewChatAsync();

        await PostJsonAsync(new { chatId, messageId = MessageId, text = "lunch 18" });
        await PostJsonAsync(new { chatId, messageId = MessageId, text = "lunch 18" });
        // The same id from another chat is another message: ids are the page's, so they are scoped by chat.
        await PostJsonAsync(new { chatId = other, messageId = MessageId, text = "lunch 18" });

        var attempts = inbox.Attempts.ToList();
        Assert.Equal(3, attempts.Count);
        Assert.Equal(attempts[0].ExternalId, attempts[1].ExternalId);
        Assert.NotEqual(attempts[0].ExternalId, attempts[2].ExternalId);
    }

    [Fact]
    public async Task A_retried_upload_leaves_one_copy_of_the_file_held()
    {
        await StartAsync();
        var chatId = await NewChatAsync();

        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync("/webchat/messages", Upload(chatId, new ByteArrayContent(Png), "image/png", "r.png"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync("/webchat/messages", Upload(chatId, new ByteArrayContent(Png), "image/png", "r.png"))).StatusCode);

        Assert.Equal(Png.Length, await HeldUploadBytesAsync());
        var media = inbox.Attempts.First().Media!;
        Assert.Equal(Png, await Channel.DownloadAsync(media, 1024, CancellationToken.None));
    }

    [Fact]
    public async Task A_button_press_becomes_callback_data_on_the_message_that_carried_it()
    {
        await StartAsync();
        var chatId = await NewChatAsync();

        var response = await PostJsonAsync(new { chatId, messageId = MessageId, callbackData = "undo:42", replyToMessageId = "1790000000123" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = Assert.Single(inbox.Attempts);
        Assert.Equal("undo:42", message.CallbackData);
        Assert.Equal("1790000000123", message.ReplyToMessageId);
        Assert.Null(message.Text);
    }

    [Fact]
    public async Task A_photo_is_held_for_the_pipeline_and_described_as_photo_media()
    {
        await StartAsync();
        var chatId = await NewChatAsync();

        var response = await http.PostAsync("/webchat/messages", Upload(chatId, new ByteArrayContent(Png), "image/png", "receipt.png"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var media = Assert.Single(inbox.Attempts).Media!;
        Assert.Equal(MediaKind.Photo, media.Kind);
        Assert.Equal("image/png", media.MimeType);
        Assert.Equal(Png.Length, media.SizeBytes);
        Assert.Equal("receipt.png", media.FileName);
        Assert.Equal(Png, await Channel.DownloadAsync(media, 1024, CancellationToken.None));
        await Assert.ThrowsAsync<MediaTooLargeException>(() => Channel.DownloadAsync(media with { SizeBytes = null }, 4, CancellationToken.None));
    }

    [Fact]
    public async Task A_recording_is_a_voice_note_whatever_its_container()
    {
        await StartAsync();
        var chatId = await NewChatAsync();

        var response = await http.PostAsync("/webchat/messages", Upload(chatId, new ByteArrayContent([0x1A, 0x45, 0xDF, 0xA3]), "audio/webm;codecs=opus", "voice.webm"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var media = Assert.Single(inbox.Attempts).Media!;
        Assert.Equal(MediaKind.Voice, media.Kind);
        Assert.Equal("audio/webm", media.MimeType);
    }

    [Fact]
    public async Task An_upload_declared_over_the_image_limit_is_refused_with_413()
    {
        await StartAsync(new() { ["Finance:WebChat:MaxImageBytes"] = "1000", ["Finance:WebChat:MaxAudioBytes"] = "1000" });
        var chatId = await NewChatAsync();

        var response = await http.PostAsync("/webchat/messages", Upload(chatId, new ByteArrayContent(new byte[200_000]), "image/png", "big.png"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(inbox.Attempts);
    }

    [Fact]
    public async Task A_streamed_upload_is_cut_off_at_the_limit_of_its_kind()
    {
        await StartAsync(new() { ["Finance:WebChat:MaxImageBytes"] = "50000", ["Finance:WebChat:MaxAudioBytes"] = "1000" });
        var chatId = await NewChatAsync();

        // No Content-Length (chunked), and under the image limit: only the audio cap can stop it.
        var response = await http.PostAsync("/webchat/messages", Upload(chatId, new StreamContent(new UnsizedStream(5000)), "audio/ogg", "voice.ogg"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(inbox.Attempts);
        Assert.Equal(0L, await HeldUploadBytesAsync());
    }

    [Fact]
    public async Task A_file_that_is_neither_image_nor_audio_is_refused_with_415()
    {
        await StartAsync();
        var chatId = await NewChatAsync();

        var response = await http.PostAsync("/webchat/messages", Upload(chatId, new ByteArrayContent([1, 2, 3]), "application/pdf", "a.pdf"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Empty(inbox.Attempts);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("42")]
    [InlineData("00000000000000000000000000000000x")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("../../0123456789abcdef0123456789")]
    public async Task A_missing_or_malformed_chat_id_is_refused(string? chatId)
    {
        await StartAsync();

        var post = await PostJsonAsync(new { chatId, messageId = MessageId, text = "coffee 3" });
        var upload = await http.PostAsync("/webchat/messages", Upload(chatId ?? "", new ByteArrayContent(Png), "image/png", "r.png"));
        var events = await http.GetAsync($"/webchat/events?chat={Uri.EscapeDataString(chatId ?? "")}");

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, events.StatusCode);
        Assert.Empty(inbox.Attempts);
    }

    [Theory]
    [InlineData("not-a-uuid", "coffee 3", null, null)]
    [InlineData(null, "coffee 3", null, null)]
    [InlineData(MessageId, "   ", null, null)]
    [InlineData(MessageId, "coffee 3", "en_US<script>", null)]
    [InlineData(MessageId, "coffee 3", null, "abc")]
    [InlineData(MessageId, "coffee 3", null, null, "../../etc/passwd")]
    [InlineData(MessageId, "coffee 3", null, null, "Europe/Lisbon; DROP")]
    public async Task Malformed_messages_are_refused(string? messageId, string text, string? language, string? replyToMessageId, string? timeZone = null)
    {
        await StartAsync();
        var chatId = await NewChatAsync();

        var response = await PostJsonAsync(new { chatId, messageId, text, language, replyToMessageId, timeZone });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(inbox.Attempts);
    }

    [Fact]
    public async Task Text_over_the_limit_and_plain_text_bodies_are_refused()
    {
        await StartAsync(new() { ["Finance:WebChat:MaxTextLength"] = "10" });
        var chatId = await NewChatAsync();

        var tooLong = await PostJsonAsync(new { chatId, messageId = MessageId, text = "coffee 4.50 at the corner" });
        var plain = await http.PostAsync("/webchat/messages", new StringContent($"chatId={chatId}&text=hi"));
        var huge = await http.PostAsync("/webchat/messages", new StringContent(new string('x', 100_000), System.Text.Encoding.UTF8, "application/json"));
        var broken = await http.PostAsync("/webchat/messages", new StringContent($$"""{"chatId":"{{chatId}}",""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Empty(inbox.Attempts);
    }

    [Fact]
    public async Task A_reply_sent_through_the_channel_arrives_on_the_chats_event_stream()
    {
        await StartAsync();
        var chatId = await NewChatAsync();
        var otherChat = await NewChatAsync();
        await using var stream = await OpenEventsAsync(chatId);
        await using var otherStream = await OpenEventsAsync(otherChat);
        var chart = new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0, 0 };

        var sentId = await Channel.SendAsync(chatId,
            new OutboundReply("✅ Booked $4.50 · dining", [[new ReplyButton("Undo", "undo:7")]], chart, "1790000000001"),
            CancellationToken.None);

        var item = await stream.NextReplyAsync();
        Assert.Equal(sentId, item.EventId);
        using var reply = JsonDocument.Parse(item.Data);
        var root = reply.RootElement;
        Assert.Equal(long.Parse(sentId), root.GetProperty("id").GetInt64());
        Assert.Equal("✅ Booked $4.50 · dining", root.GetProperty("text").GetString());
        Assert.Equal("Undo", root.GetProperty("buttons")[0][0].GetProperty("text").GetString());
        Assert.Equal("undo:7", root.GetProperty("buttons")[0][0].GetProperty("data").GetString());
        Assert.Equal("data:image/png;base64," + Convert.ToBase64String(chart), root.GetProperty("photo").GetString());
        await Assert.ThrowsAsync<TimeoutException>(() => otherStream.NextReplyAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Replies_sent_while_the_page_was_away_are_replayed_after_its_cursor_and_only_the_latest_are_kept()
    {
        await StartAsync(new() { ["Finance:WebChat:RepliesPerChat"] = "3" });
        var chatId = await NewChatAsync();
        var ids = new List<string>();
        for (var i = 1; i <= 5; i++) ids.Add(await Channel.SendAsync(chatId, new OutboundReply($"reply {i}"), CancellationToken.None));

        await using (var fresh = await OpenEventsAsync(chatId))
            Assert.Equal(["reply 3", "reply 4", "reply 5"], await fresh.TextsAsync(3));
        await using (var resumed = await OpenEventsAsync(chatId, lastEventId: ids[3]))
            Assert.Equal(["reply 5"], await resumed.TextsAsync(1));
        await using (var byQuery = await OpenEventsAsync(chatId, after: ids[2]))
            Assert.Equal(["reply 4", "reply 5"], await byQuery.TextsAsync(2));
        Assert.True(ids.Select(long.Parse).Order().SequenceEqual(ids.Select(long.Parse)), "reply ids increase");
    }

    [Fact]
    public async Task A_reply_stored_by_one_host_reaches_the_stream_open_on_another()
    {
        // Heartbeats far apart: only the notification can bring the reply within the wait.
        var slowHeartbeat = new Dictionary<string, string?> { ["Finance:WebChat:Heartbeat"] = "00:10:00" };
        await StartAsync(slowHeartbeat);
        var other = await StartAppAsync(slowHeartbeat);
        var chatId = await NewChatAsync();
        await using var stream = await OpenEventsAsync(chatId);

        var sentId = await other.Services.GetRequiredService<WebChatChannel>()
            .SendAsync(chatId, new OutboundReply("✅ Booked $3.00 · dining"), CancellationToken.None);

        var item = await stream.NextReplyAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(sentId, item.EventId);
        Assert.Equal("✅ Booked $3.00 · dining", JsonDocument.Parse(item.Data).RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Replies_of_a_chat_sent_from_two_hosts_at_once_all_arrive_each_under_its_own_id()
    {
        await StartAsync();
        var other = await StartAppAsync();
        var chatId = await NewChatAsync();
        var channels = new[] { Channel, other.Services.GetRequiredService<WebChatChannel>() };

        var ids = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            channels[i % 2].SendAsync(chatId, new OutboundReply($"reply {i}"), CancellationToken.None)));

        Assert.Equal(20, ids.Distinct().Count());
        await using var stream = await OpenEventsAsync(chatId);
        var texts = await stream.TextsAsync(20);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"reply {i}").Order(), texts.Order());
    }

    [Fact]
    public async Task A_reply_to_a_chat_id_that_is_not_the_web_chats_is_refused()
    {
        await StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => Channel.SendAsync("123456", new OutboundReply("hi"), CancellationToken.None));
    }

    [Fact]
    public async Task Turned_off_the_web_chat_has_no_channel_and_no_endpoints()
    {
        await StartAsync(new() { ["Finance:WebChat:Enabled"] = "false" });

        Assert.Empty(app!.Services.GetServices<IChannel>());
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/webchat/session", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostJsonAsync(new { text = "x" })).StatusCode);
    }

    private async Task<EventStream> OpenEventsAsync(string chatId, string? lastEventId = null, string? after = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/webchat/events?chat={chatId}" + (after is null ? "" : $"&after={after}"));
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStream(response, await response.Content.ReadAsStreamAsync(), WebChatApi.ReplyEvent);
    }

    public async Task DisposeAsync()
    {
        http?.Dispose();
        foreach (var started in apps) await started.DisposeAsync();
        await database.DisposeAsync();
    }

    /// <summary>A body of unknown length, so the client sends it chunked and the server cannot refuse it up front.</summary>
    private sealed class UnsizedStream(int length) : Stream
    {
        private int position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, length - position);
            Array.Fill(buffer, (byte)7, offset, n);
            position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
