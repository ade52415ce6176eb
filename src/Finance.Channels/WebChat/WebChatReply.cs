using Finance.Core;

namespace Finance.Channels.WebChat;

/// <summary>One bot message as the page receives it (JSON in a server-sent event).</summary>
/// <param name="Id">Increases within a chat, across restarts too: the page's cursor for what it has seen.</param>
/// <param name="Photo">A data: URL, so the page needs no second request and the reply needs no storage.</param>
/// <param name="Document">A file the bot sends (an export), as a data: URL too, saved under <paramref name="DocumentName"/>.</param>
public sealed record WebChatReply(
    long Id,
    string Text,
    IReadOnlyList<IReadOnlyList<ReplyButton>>? Buttons,
    string? Photo,
    string? ReplyToMessageId,
    DateTimeOffset SentAt,
    string? Document = null,
    string? DocumentName = null);
