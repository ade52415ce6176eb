namespace Finance.Core;

public enum MediaKind { Voice, Audio, Photo, Document }

/// <summary>A file a user attached, as the channel describes it before download.</summary>
public sealed record MediaAttachment(
    MediaKind Kind,
    string FileId,
    string? MimeType = null,
    long? SizeBytes = null,
    int? Width = null,
    int? Height = null,
    int? DurationSeconds = null,
    string? FileName = null);

/// <summary>One message from any channel, normalised. <see cref="ExternalId"/> is unique per channel
/// (Telegram update_id, WhatsApp wamid) and makes redeliveries idempotent.</summary>
/// <param name="UnsupportedKind">What the message was when the bot cannot read it (a sticker, a location, a
/// contact, a GIF …): it is still answered, with what the bot can take.</param>
/// <param name="InGroup">Said in a group chat: the bot answers only what is meant for it there.</param>
/// <param name="Addressed">Meant for the bot: a reply to one of its messages or a mention.</param>
/// <param name="TimeZone">The sender's IANA time zone when the client tells it (the web chat's browser): a new
/// user's context takes it.</param>
public sealed record InboundMessage(
    string Channel,
    string ExternalId,
    string ChatId,
    string SenderId,
    string? SenderName,
    string? LanguageCode,
    string? Text,
    DateTimeOffset SentAt,
    MediaAttachment? Media = null,
    string? ReplyToMessageId = null,
    string? CallbackData = null,
    string? CallbackId = null,
    string? UnsupportedKind = null,
    bool InGroup = false,
    bool Addressed = false,
    string? TimeZone = null)
{
    // PostgreSQL's text and jsonb cannot hold U+0000: a message carrying one could never be stored, and so never booked
    // or answered. What people type and are called has no use for it.
    public string? Text { get; init; } = WithoutNul(Text);
    public string? SenderName { get; init; } = WithoutNul(SenderName);

    private static string? WithoutNul(string? value) => value is not null && value.Contains('\0') ? value.Replace("\0", "") : value;
}
