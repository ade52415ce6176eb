using Finance.Core;

namespace Finance.Channels.WhatsApp;

/// <summary>A webhook payload → the channel-neutral <see cref="InboundMessage"/>s in it. One POST may carry several
/// messages (and several entries); status callbacks, reactions and system notices yield nothing and are acknowledged.
/// Stickers, locations, contacts and video are mapped (with <see cref="InboundMessage.UnsupportedKind"/>) so they
/// get an answer saying what the bot can take.</summary>
public static class WhatsAppMessageMapper
{
    public const string ChannelName = "whatsapp";

    /// <summary>Country calling codes whose people we can greet in their language and currency on first contact
    /// (WhatsApp says nothing of the user's language). Calling codes are prefix-free, so the first match is the one.</summary>
    private static readonly (string CallingCode, string LanguageCode)[] Countries =
    [
        ("55", "pt-BR"), ("351", "pt-PT"), ("1", "en-US"), ("44", "en-GB"), ("61", "en-AU"),
        ("34", "es-ES"), ("49", "de-DE"), ("33", "fr-FR"), ("39", "it-IT"),
    ];

    /// <param name="receivedAt">Stands in for a message's send time when WhatsApp gave none.</param>
    public static IReadOnlyList<InboundMessage> Map(WhatsAppPayload payload, DateTimeOffset receivedAt)
    {
        var messages = new List<InboundMessage>();
        foreach (var entry in payload.Entry ?? [])
        foreach (var change in entry.Changes ?? [])
        {
            if (change.Value is not { Messages: { Count: > 0 } received } value) continue;
            foreach (var message in received)
                if (FromMessage(message, value.Contacts, receivedAt) is { } mapped)
                    messages.Add(mapped);
        }
        return messages;
    }

    /// <summary>The language a phone number's country suggests ("5511…" → "pt-BR"), or null.</summary>
    public static string? LanguageOf(string? waId) =>
        string.IsNullOrEmpty(waId) ? null
            : Countries.FirstOrDefault(c => waId.StartsWith(c.CallingCode, StringComparison.Ordinal)).LanguageCode;

    private static InboundMessage? FromMessage(WhatsAppPayload.Message message, IReadOnlyList<WhatsAppPayload.Contact>? contacts, DateTimeOffset receivedAt)
    {
        if (string.IsNullOrEmpty(message.From) || string.IsNullOrEmpty(message.Id)) return null;

        string? text = null, callbackData = null, unsupported = null;
        MediaAttachment? media = null;
        switch (message)
        {
            case { Type: "text", Text.Body: { } body }:
                text = body;
                break;
            case { Type: "audio", Audio: { Id: { } id } audio }:
                // A voice note is an audio message recorded in the app; a shared song or recording is plain audio.
                media = new MediaAttachment(audio.Voice == true ? MediaKind.Voice : MediaKind.Audio, id, audio.MimeType);
                break;
            case { Type: "image", Image: { Id: { } id } image }:
                media = new MediaAttachment(MediaKind.Photo, id, image.MimeType);
                text = image.Caption;
                break;
            case { Type: "document", Document: { Id: { } id } document }:
                // A receipt sent "as a document" is still a picture to read.
                var isImage = document.MimeType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true;
                media = new MediaAttachment(isImage ? MediaKind.Photo : MediaKind.Document, id, document.MimeType, FileName: document.Filename);
                text = document.Caption;
                break;
            case { Type: "interactive", Interactive: { } interactive }:
                if ((interactive.ButtonReply ?? interactive.ListReply) is not { Id: { Length: > 0 } choiceId } choice) return null;
                callbackData = choiceId;
                text = choice.Title;
                break;
            case { Type: "button", Button: { } button }:
                callbackData = string.IsNullOrEmpty(button.Payload) ? null : button.Payload;
                text = button.Text;
                break;
            case { Type: "sticker" or "location" or "contacts" or "video" or "unsupported" }:
                unsupported = message.Type;
                break;
            default:
                return null;
        }
        if (media is null && callbackData is null && unsupported is null && string.IsNullOrWhiteSpace(text)) return null;

        return new InboundMessage(
            ChannelName,
            ExternalId: message.Id,
            ChatId: message.From,
            SenderId: message.From,
            SenderName: NameOf(message.From, contacts),
            LanguageCode: LanguageOf(message.From),
            Text: text,
            SentAt: message.Timestamp > 0 ? DateTimeOffset.FromUnixTimeSeconds(message.Timestamp) : receivedAt,
            Media: media,
            ReplyToMessageId: message.Context?.Id,
            CallbackData: callbackData,
            UnsupportedKind: unsupported);
    }

    private static string? NameOf(string waId, IReadOnlyList<WhatsAppPayload.Contact>? contacts)
    {
        if (contacts is null || contacts.Count == 0) return null;
        var contact = contacts.FirstOrDefault(c => c.WaId == waId) ?? (contacts.Count == 1 ? contacts[0] : null);
        return string.IsNullOrWhiteSpace(contact?.Profile?.Name) ? null : contact.Profile.Name;
    }
}
