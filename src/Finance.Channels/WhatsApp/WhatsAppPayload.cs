using System.Text.Json;
using System.Text.Json.Serialization;

namespace Finance.Channels.WhatsApp;

/// <summary>
/// The body of a Cloud API webhook POST, as much of it as the bot reads:
/// <c>{"object":"whatsapp_business_account","entry":[{"id":…,"changes":[{"field":"messages","value":{…}}]}]}</c>.
/// A value holds <c>messages</c> (with <c>contacts</c>) or <c>statuses</c> for what the bot sent. Unknown fields and
/// message types are tolerated: Meta adds them without notice.
/// </summary>
public sealed record WhatsAppPayload(string? Object, IReadOnlyList<WhatsAppPayload.Account>? Entry)
{
    /// <summary>Snake case as on the wire; numbers Meta sometimes quotes (timestamp, file_size) read either way.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public static WhatsAppPayload? Parse(ReadOnlySpan<byte> body) => JsonSerializer.Deserialize<WhatsAppPayload>(body, Json);

    /// <summary>One WhatsApp Business Account's changes.</summary>
    public sealed record Account(string? Id, IReadOnlyList<Change>? Changes);

    public sealed record Change(string? Field, Value? Value);

    public sealed record Value(
        string? MessagingProduct,
        Metadata? Metadata,
        IReadOnlyList<Contact>? Contacts,
        IReadOnlyList<Message>? Messages,
        IReadOnlyList<StatusUpdate>? Statuses);

    public sealed record Metadata(string? DisplayPhoneNumber, string? PhoneNumberId);

    public sealed record Contact(string? WaId, Profile? Profile);

    public sealed record Profile(string? Name);

    public sealed record Message(
        string? From,
        string? Id,
        long Timestamp,
        string? Type,
        TextBody? Text,
        Media? Audio,
        Media? Image,
        Media? Document,
        Interactive? Interactive,
        QuickReply? Button,
        MessageContext? Context);

    public sealed record TextBody(string? Body);

    /// <summary>audio, image, document (and video, sticker): the media id to fetch, and what WhatsApp knows of it.</summary>
    public sealed record Media(string? Id, string? MimeType, string? Sha256, string? Caption, string? Filename, bool? Voice);

    /// <summary>A tap on a reply button (<c>button_reply</c>) or a list row (<c>list_reply</c>) the bot sent.</summary>
    public sealed record Interactive(string? Type, Choice? ButtonReply, Choice? ListReply);

    public sealed record Choice(string? Id, string? Title);

    /// <summary>A tap on a template's quick-reply button: its label and the payload set when sending.</summary>
    public sealed record QuickReply(string? Text, string? Payload);

    /// <summary>The message this one answers (a button's message, or a swiped reply).</summary>
    public sealed record MessageContext(string? From, string? Id);

    /// <summary>sent / delivered / read / failed for a message the bot sent; acknowledged, never stored.</summary>
    public sealed record StatusUpdate(string? Id, string? Status, string? RecipientId, long Timestamp);
}
