using System.Globalization;
using Finance.Core;
using Telegram.Bot.Types;

namespace Finance.Channels.Telegram;

/// <summary>Telegram's update → the channel-neutral <see cref="InboundMessage"/>. Null for what the bot does not
/// handle (edits, membership changes, channel posts, stickers…): those are acknowledged and dropped.</summary>
public static class TelegramUpdateMapper
{
    public const string ChannelName = "telegram";

    /// <param name="receivedAt">Stands in for the send time of a button press, which Telegram does not date.</param>
    public static InboundMessage? Map(Update update, DateTimeOffset receivedAt) => update switch
    {
        { Message: { } message } => FromMessage(update.Id, message),
        { CallbackQuery: { } query } => FromCallback(update.Id, query, receivedAt),
        _ => null,
    };

    private static InboundMessage? FromMessage(int updateId, Message message)
    {
        var media = MediaOf(message);
        var text = message.Text ?? message.Caption;
        if (media is null && string.IsNullOrWhiteSpace(text)) return null;

        // Anonymous group admins and channels speak as a chat, not a user.
        var senderId = message.From?.Id ?? message.SenderChat?.Id ?? message.Chat.Id;
        return new InboundMessage(
            ChannelName,
            ExternalId: updateId.ToString(CultureInfo.InvariantCulture),
            ChatId: message.Chat.Id.ToString(CultureInfo.InvariantCulture),
            SenderId: senderId.ToString(CultureInfo.InvariantCulture),
            SenderName: NameOf(message.From) ?? message.SenderChat?.Title,
            LanguageCode: message.From?.LanguageCode,
            Text: text,
            SentAt: AsUtc(message.Date),
            Media: media,
            ReplyToMessageId: message.ReplyToMessage?.Id.ToString(CultureInfo.InvariantCulture));
    }

    private static InboundMessage? FromCallback(int updateId, CallbackQuery query, DateTimeOffset receivedAt)
    {
        // Buttons on inline-mode messages have no chat to answer in; the bot never sends those.
        if (query.Message is not { } pressedOn) return null;
        return new InboundMessage(
            ChannelName,
            ExternalId: updateId.ToString(CultureInfo.InvariantCulture),
            ChatId: pressedOn.Chat.Id.ToString(CultureInfo.InvariantCulture),
            SenderId: query.From.Id.ToString(CultureInfo.InvariantCulture),
            SenderName: NameOf(query.From),
            LanguageCode: query.From.LanguageCode,
            Text: null,
            SentAt: receivedAt,
            // The message that carried the button: what a reply to the press edits or answers.
            ReplyToMessageId: pressedOn.Id.ToString(CultureInfo.InvariantCulture),
            CallbackData: query.Data,
            CallbackId: query.Id);
    }

    private static MediaAttachment? MediaOf(Message message) => message switch
    {
        { Voice: { } v } => new MediaAttachment(MediaKind.Voice, v.FileId, v.MimeType, v.FileSize, DurationSeconds: v.Duration),
        { Audio: { } a } => new MediaAttachment(MediaKind.Audio, a.FileId, a.MimeType, a.FileSize, DurationSeconds: a.Duration, FileName: a.FileName),
        // Telegram sends one photo in several sizes; OCR wants the most pixels.
        { Photo: { Length: > 0 } sizes } => sizes.MaxBy(p => (long)p.Width * p.Height) is { } p
            ? new MediaAttachment(MediaKind.Photo, p.FileId, "image/jpeg", p.FileSize, p.Width, p.Height)
            : null,
        // A receipt sent "as a file" is still a picture to read: image documents count as photos.
        { Document: { } d } => new MediaAttachment(
            d.MimeType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true ? MediaKind.Photo : MediaKind.Document,
            d.FileId, d.MimeType, d.FileSize, FileName: d.FileName),
        _ => null,
    };

    private static string? NameOf(User? user) => user switch
    {
        null => null,
        { LastName: { Length: > 0 } last } => $"{user.FirstName} {last}",
        { FirstName: { Length: > 0 } first } => first,
        _ => user.Username,
    };

    private static DateTimeOffset AsUtc(DateTime date) =>
        new(DateTime.SpecifyKind(date, DateTimeKind.Utc));
}
