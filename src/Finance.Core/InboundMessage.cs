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
    string? CallbackId = null);
