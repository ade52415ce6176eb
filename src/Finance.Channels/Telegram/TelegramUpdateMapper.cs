using System.Globalization;
using Finance.Core;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Finance.Channels.Telegram;

/// <summary>Telegram's update → the channel-neutral <see cref="InboundMessage"/>. Null for what is not said to the bot
/// (edits, membership changes, pins, channel posts): those are acknowledged and dropped. Stickers, locations,
/// contacts, GIFs and the like are mapped (with <see cref="InboundMessage.UnsupportedKind"/>) so they get an answer.</summary>
public static partial class TelegramUpdateMapper
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
        var unsupported = UnsupportedKindOf(message);
        var media = unsupported is null ? MediaOf(message) : null;
        var text = message.Text ?? message.Caption;
        // "@finance_bot lunch 20": the bot's name is how it was called, not part of what was said (bot names end in "bot").
        if (text is not null && Mentions(message)) text = BotMention().Replace(text, "").Trim();
        if (media is null && unsupported is null && string.IsNullOrWhiteSpace(text)) return null;
        var inGroup = message.Chat.Type is ChatType.Group or ChatType.Supergroup;

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
            ReplyToMessageId: message.ReplyToMessage?.Id.ToString(CultureInfo.InvariantCulture),
            UnsupportedKind: unsupported,
            InGroup: inGroup,
            Addressed: message.ReplyToMessage?.From?.IsBot == true || Mentions(message));
    }

    /// <summary>A GIF comes as an animation and a document at once: it is an animation, not a file to read.</summary>
    private static string? UnsupportedKindOf(Message message) => message switch
    {
        { Animation: not null } => "animation",
        { Sticker: not null } => "sticker",
        { Venue: not null } => "venue",
        { Location: not null } => "location",
        { Contact: not null } => "contact",
        { Video: not null } => "video",
        { VideoNote: not null } => "video_note",
        { Poll: not null } => "poll",
        { Dice: not null } => "dice",
        _ => null,
    };

    /// <summary>An @mention or a /command in the text (in a group, "@bot lunch 20" or "/summary@bot").</summary>
    private static bool Mentions(Message message) =>
        (message.Entities ?? message.CaptionEntities ?? []).Any(e => e.Type is MessageEntityType.Mention or MessageEntityType.BotCommand or MessageEntityType.TextMention);

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

    [System.Text.RegularExpressions.GeneratedRegex(@"@\w*bot\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex BotMention();

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
