using System.Globalization;
using System.Text;
using Finance.Core;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace Finance.Channels.Telegram;

/// <summary>Talks to users through the Bot API: replies (text, buttons, a chart photo), attachment downloads,
/// button acknowledgements. Flood limits (429) and Telegram's brief 5xx hiccups are retried by the HTTP client's
/// resilience pipeline (<see cref="TelegramSetup"/>); other errors are not.</summary>
public sealed class TelegramChannel(ITelegramBotClient bot) : IChannel
{
    public const int MaxTextLength = 4096;
    public const int MaxCaptionLength = 1024;
    public const int MaxCallbackDataBytes = 64;

    public string Name => TelegramUpdateMapper.ChannelName;

    public async Task<string> SendAsync(string chatId, OutboundReply reply, CancellationToken cancellationToken)
    {
        var chat = ChatOf(chatId);
        var keyboard = KeyboardOf(reply.Buttons);
        ReplyParameters? replyTo = int.TryParse(reply.ReplyToMessageId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            // The original may be gone by the time the answer is ready; the answer still matters.
            ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true }
            : null;

        // No parse mode: user text (merchant names, notes) is sent as written, nothing to escape or to break.
        var chunks = Chunks(reply.Text);
        Message? last = null;
        // A picture or a file carries the text as its caption (with the buttons) when it fits; else the text follows.
        var captioned = chunks.Count == 1 && reply.Text.Length <= MaxCaptionLength;
        var caption = captioned ? reply.Text : null;
        var captionKeyboard = captioned ? keyboard : null;
        if (reply.Photo is { } photo)
        {
            last = await bot.SendPhoto(
                chat, InputFile.FromStream(new MemoryStream(photo, writable: false), "chart.png"),
                caption: caption, replyParameters: replyTo, replyMarkup: captionKeyboard, cancellationToken: cancellationToken);
            if (captioned) return MessageIdOf(last);
            replyTo = null;
        }
        if (reply.Document is { } document)
        {
            last = await bot.SendDocument(
                chat, InputFile.FromStream(new MemoryStream(document.Content, writable: false), document.FileName),
                caption: caption, replyParameters: replyTo, replyMarkup: captionKeyboard, cancellationToken: cancellationToken);
            if (captioned) return MessageIdOf(last);
            replyTo = null;
        }

        for (var i = 0; i < chunks.Count; i++)
        {
            var isLast = i == chunks.Count - 1;
            var text = chunks[i];
            var parameters = i == 0 ? replyTo : null;
            last = await bot.SendMessage(chat, text, replyParameters: parameters, replyMarkup: isLast ? keyboard : null,
                cancellationToken: cancellationToken);
        }
        return MessageIdOf(last!);
    }

    Task IChannel.AcknowledgeAsync(string callbackId, CancellationToken cancellationToken) =>
        AnswerCallbackAsync(callbackId, cancellationToken: cancellationToken);

    /// <summary>Stops the spinner on a pressed button; <paramref name="text"/> shows as a short toast.</summary>
    public Task AnswerCallbackAsync(string callbackId, string? text = null, CancellationToken cancellationToken = default) =>
        bot.AnswerCallbackQuery(callbackId, text, cancellationToken: cancellationToken);

    public async Task<byte[]> DownloadAsync(MediaAttachment media, long maxBytes, CancellationToken cancellationToken)
    {
        // Refuse as early as the size is known: the update, then getFile, then the bytes themselves.
        if (media.SizeBytes > maxBytes) throw TooLarge(media.SizeBytes.Value, maxBytes);
        TGFile file;
        try
        {
            file = await bot.GetFile(media.FileId, cancellationToken);
        }
        catch (ApiRequestException e) when (e.ErrorCode == 400 && e.Message.Contains("too big", StringComparison.OrdinalIgnoreCase))
        {
            throw new MediaTooLargeException("Telegram lets bots download files of up to 20 MB only.");
        }
        if (file.FileSize > maxBytes) throw TooLarge(file.FileSize.Value, maxBytes);
        // Telegram leaves file_path out for files bots may not download (over 20 MB).
        if (string.IsNullOrEmpty(file.FilePath))
            throw new MediaTooLargeException("Telegram lets bots download files of up to 20 MB only.");

        using var buffer = new CappedBuffer(maxBytes);
        try
        {
            await bot.DownloadFile(file.FilePath, buffer, cancellationToken);
        }
        catch (Exception e) when (e is not MediaTooLargeException && FindTooLarge(e) is { } tooLarge)
        {
            throw tooLarge;
        }
        return buffer.ToArray();
    }

    private static MediaTooLargeException? FindTooLarge(Exception? e) =>
        e switch { null => null, MediaTooLargeException m => m, _ => FindTooLarge(e.InnerException) };

    private static MediaTooLargeException TooLarge(long size, long maxBytes) =>
        new($"The file has {size} bytes; the limit is {maxBytes}.");

    private static ChatId ChatOf(string chatId) =>
        long.TryParse(chatId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) ? new ChatId(id) : new ChatId(chatId);

    private static string MessageIdOf(Message message) => message.Id.ToString(CultureInfo.InvariantCulture);

    private static InlineKeyboardMarkup? KeyboardOf(IReadOnlyList<IReadOnlyList<ReplyButton>>? rows)
    {
        if (rows is null || rows.Count == 0) return null;
        foreach (var button in rows.SelectMany(r => r))
        {
            if (string.IsNullOrWhiteSpace(button.Text))
                throw new ArgumentException("A button needs a label.", nameof(rows));
            var bytes = Encoding.UTF8.GetByteCount(button.Data);
            if (bytes is < 1 or > MaxCallbackDataBytes)
                throw new ArgumentException(
                    $"Button '{button.Text}' carries {bytes} bytes of callback data; Telegram allows 1-{MaxCallbackDataBytes}.", nameof(rows));
        }
        return new InlineKeyboardMarkup(rows.Select(r => r.Select(b => InlineKeyboardButton.WithCallbackData(b.Text, b.Data))));
    }

    /// <summary>Telegram refuses texts over 4096 characters: split them, at a line break where one is near.</summary>
    private static List<string> Chunks(string text)
    {
        if (string.IsNullOrEmpty(text)) throw new ArgumentException("A reply needs text.", nameof(text));
        var chunks = new List<string>();
        var rest = text.AsSpan();
        while (rest.Length > MaxTextLength)
        {
            var cut = rest[..MaxTextLength].LastIndexOf('\n');
            if (cut < MaxTextLength / 2) cut = MaxTextLength;
            if (char.IsHighSurrogate(rest[cut - 1])) cut--;
            chunks.Add(rest[..cut].ToString());
            rest = rest[cut..].TrimStart('\n');
        }
        if (rest.Length > 0) chunks.Add(rest.ToString());
        return chunks;
    }

    /// <summary>Collects a download and stops it the moment it passes the limit, whatever the server claimed.</summary>
    private sealed class CappedBuffer(long maxBytes) : MemoryStream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            EnsureRoomFor(count);
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            EnsureRoomFor(buffer.Length);
            base.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void WriteByte(byte value)
        {
            EnsureRoomFor(1);
            base.WriteByte(value);
        }

        private void EnsureRoomFor(int count)
        {
            if (Length + count > maxBytes) throw new MediaTooLargeException($"The file is over the limit of {maxBytes} bytes.");
        }
    }
}
