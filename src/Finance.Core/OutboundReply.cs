namespace Finance.Core;

public sealed record ReplyButton(string Text, string Data);

/// <summary>A file the bot sends (an exported ledger): its name, type and bytes.</summary>
public sealed record ReplyDocument(string FileName, string MimeType, byte[] Content);

/// <summary>What the bot says back: text, optional rows of buttons, optional image, optional file.</summary>
public sealed record OutboundReply(
    string Text,
    IReadOnlyList<IReadOnlyList<ReplyButton>>? Buttons = null,
    byte[]? Photo = null,
    string? ReplyToMessageId = null,
    ReplyDocument? Document = null);

/// <summary>A channel the bot can talk through (Telegram, WhatsApp, web chat).</summary>
public interface IChannel
{
    string Name { get; }

    /// <summary>Sends the reply and returns the channel's id of the sent message.</summary>
    Task<string> SendAsync(string chatId, OutboundReply reply, CancellationToken cancellationToken);

    /// <summary>Sends a message the user did not ask for (a summary, a reminder) of the given kind. Channels that
    /// let the bot write first only with approved templates (WhatsApp, outside its 24-hour window) use the one
    /// configured for that kind.</summary>
    Task<string> SendProactiveAsync(string chatId, string kind, OutboundReply reply, CancellationToken cancellationToken) =>
        SendAsync(chatId, reply, cancellationToken);

    /// <summary>Acknowledges a button press (Telegram shows a spinner until then); most channels need nothing.</summary>
    Task AcknowledgeAsync(string callbackId, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Downloads an attachment, refusing (with <see cref="MediaTooLargeException"/>) past maxBytes.</summary>
    Task<byte[]> DownloadAsync(MediaAttachment media, long maxBytes, CancellationToken cancellationToken);
}

public sealed class MediaTooLargeException(string message) : Exception(message);
