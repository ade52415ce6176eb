using Finance.Conversation.Commands;
using Finance.Core;
using Finance.Media;

namespace Finance.Host.Pipeline;

/// <summary>What a message says once its media became text: the input of understanding.</summary>
public abstract record MessageContent
{
    /// <summary>Typed text, or the data of a pressed button.</summary>
    public sealed record Typed(string Text) : MessageContent;

    /// <summary>A voice note's transcript (empty when no words were heard).</summary>
    public sealed record Spoken(string Text) : MessageContent;

    /// <summary>A receipt photo, read.</summary>
    public sealed record Receipt(ReceiptPhoto Photo) : MessageContent;

    /// <summary>A document that looks like a bank statement (OFX/QFX, CAMT.053 XML, CSV), downloaded.</summary>
    public sealed record StatementFile(byte[] Content, string? FileName) : MessageContent;

    /// <summary>Media refused: over a limit, damaged, not what it claimed, or in a language no engine speaks.</summary>
    public sealed record Refused(MediaRejection Reason, MediaKind Kind) : MessageContent;

    /// <summary>Nothing the bot can read (a sticker, a location, a contact, a GIF …).</summary>
    public sealed record Unsupported : MessageContent;

    /// <summary>A press on a button the bot never sent to this chat (or data a client made up): never acted on.</summary>
    public sealed record UnknownButton : MessageContent;
}
