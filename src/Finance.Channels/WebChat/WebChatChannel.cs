using Finance.Core;

namespace Finance.Channels.WebChat;

/// <summary>Talks to users of the page served at <c>/</c>: replies go to the chat's mailbox, from which the page's
/// event stream takes them; attachments come from the uploads the page posted.</summary>
public sealed class WebChatChannel(WebChatMailboxes mailboxes, WebChatUploads uploads, TimeProvider time) : IChannel
{
    public const string ChannelName = "web";

    public string Name => ChannelName;

    public Task<string> SendAsync(string chatId, OutboundReply reply, CancellationToken cancellationToken)
    {
        if (!WebChatIds.IsChatId(chatId)) throw new ArgumentException($"'{chatId}' is not a web chat id.", nameof(chatId));
        if (string.IsNullOrEmpty(reply.Text) && reply.Photo is null && reply.Document is null)
            throw new ArgumentException("A reply needs text, a photo or a file.", nameof(reply));

        var sent = mailboxes.For(chatId).Add(id => new WebChatReply(
            id, reply.Text, reply.Buttons, PhotoUrl(reply.Photo), reply.ReplyToMessageId, time.GetUtcNow(),
            reply.Document is { } d ? $"data:{d.MimeType};base64,{Convert.ToBase64String(d.Content)}" : null, reply.Document?.FileName));
        return Task.FromResult(sent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public Task<byte[]> DownloadAsync(MediaAttachment media, long maxBytes, CancellationToken cancellationToken)
    {
        if (media.SizeBytes > maxBytes) throw TooLarge(media.SizeBytes.Value, maxBytes);
        if (!uploads.TryGet(media.FileId, out var bytes))
            // Uploads live in this process's memory for a while: a restart or a long outage loses them.
            throw new InvalidOperationException($"Web upload {media.FileId} is no longer held; the user has to send it again.");
        if (bytes.Length > maxBytes) throw TooLarge(bytes.Length, maxBytes);
        return Task.FromResult(bytes);
    }

    private static MediaTooLargeException TooLarge(long size, long maxBytes) =>
        new($"The file has {size} bytes; the limit is {maxBytes}.");

    private static string? PhotoUrl(byte[]? photo) => photo switch
    {
        null => null,
        [0xFF, 0xD8, 0xFF, ..] => "data:image/jpeg;base64," + Convert.ToBase64String(photo),
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] =>
            "data:image/webp;base64," + Convert.ToBase64String(photo),
        // Charts are PNG; a browser sniffs the real type of anything else it can show.
        _ => "data:image/png;base64," + Convert.ToBase64String(photo),
    };
}
