using Finance.Core;

namespace Finance.Channels.WebChat;

/// <summary>Talks to users of the page served at <c>/</c>: replies are stored for the chat, from which the page's
/// event stream (on any host) takes them; attachments come from the uploads the page posted.</summary>
public sealed class WebChatChannel(WebChatReplies replies, WebChatUploads uploads) : IChannel
{
    public const string ChannelName = "web";

    public string Name => ChannelName;

    public async Task<string> SendAsync(string chatId, OutboundReply reply, CancellationToken cancellationToken)
    {
        if (!WebChatIds.IsChatId(chatId)) throw new ArgumentException($"'{chatId}' is not a web chat id.", nameof(chatId));
        if (string.IsNullOrEmpty(reply.Text) && reply.Photo is null && reply.Document is null)
            throw new ArgumentException("A reply needs text, a photo or a file.", nameof(reply));

        var sent = await replies.AddAsync(chatId, reply, PhotoUrl(reply.Photo), cancellationToken);
        return sent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<byte[]> DownloadAsync(MediaAttachment media, long maxBytes, CancellationToken cancellationToken)
    {
        if (media.SizeBytes > maxBytes) throw TooLarge(media.SizeBytes.Value, maxBytes);
        var bytes = await uploads.GetAsync(media.FileId, cancellationToken)
            // Uploads are kept for a while (UploadLifetime): a long outage of the pipeline outlives them.
            ?? throw new InvalidOperationException($"Web upload {media.FileId} is no longer held; the user has to send it again.");
        if (bytes.Length > maxBytes) throw TooLarge(bytes.Length, maxBytes);
        return bytes;
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
