using System.Text.Json.Nodes;
using Finance.Core;
using Microsoft.Extensions.Options;

namespace Finance.Channels.WhatsApp;

/// <summary>
/// Talks to users through the WhatsApp Cloud API: replies (text, reply buttons, a chart photo), attachment
/// downloads, and approved template messages for writing first.
/// <para>
/// The 24-hour rule: free-form messages (everything <see cref="SendAsync"/> sends) reach a user only within 24 hours
/// of their last message; after that Meta refuses them with <see cref="WhatsAppApiException.IsOutsideCustomerServiceWindow"/>.
/// Replies to a message are always inside the window. Proactive senders (weekly summary, reminders) try
/// <see cref="SendAsync"/> first and, on that refusal, send the job's template with
/// <see cref="SendProactiveAsync(string, string, IReadOnlyList{string}, string?, CancellationToken)"/>; Meta is the one
/// that knows when the user last wrote, so no host keeps that state.
/// </para>
/// </summary>
public sealed class WhatsAppChannel(WhatsAppCloudApi api, IOptions<WhatsAppOptions> options) : IChannel
{
    public const int MaxTextLength = 4096;

    /// <summary>The longest image caption, and the longest body of a message with buttons.</summary>
    public const int MaxCaptionLength = 1024;

    public const int MaxReplyButtons = 3;
    public const int MaxButtonTitleLength = 20;
    public const int MaxButtonIdLength = 256;
    public const int MaxListRows = 10;
    public const int MaxRowTitleLength = 24;
    public const int MaxRowDescriptionLength = 72;
    public const int MaxRowIdLength = 200;

    /// <summary>The label of the button that opens a list; a symbol, since the channel does not know the user's language.</summary>
    public const string ListButtonLabel = "☰";

    public string Name => WhatsAppMessageMapper.ChannelName;

    /// <summary>Sends text (split past 4096 characters), buttons (up to 3 as reply buttons, up to 10 as a list) and a
    /// photo (uploaded, captioned when the text fits). Returns the wamid of the last message sent.</summary>
    public async Task<string> SendAsync(string chatId, OutboundReply reply, CancellationToken cancellationToken)
    {
        var to = RecipientOf(chatId);
        var action = ChoicesOf(reply.Buttons);
        // Only a wamid can be quoted; an id from elsewhere would make Meta refuse the whole message.
        var context = reply.ReplyToMessageId?.StartsWith("wamid.", StringComparison.Ordinal) == true ? reply.ReplyToMessageId : null;
        var text = reply.Text ?? "";
        if (reply.Photo is null && reply.Document is null && string.IsNullOrWhiteSpace(text)) throw new ArgumentException("A reply needs text.", nameof(reply));

        if (reply.Document is { } document)
        {
            var mediaId = await api.UploadMediaAsync(document.Content, document.MimeType, document.FileName, cancellationToken);
            var file = new JsonObject { ["id"] = mediaId, ["filename"] = document.FileName };
            var captioned = text.Length <= MaxCaptionLength && action is null;
            if (captioned && text.Length > 0) file["caption"] = text;
            var sent = await api.SendMessageAsync(Message(to, context, "document", file), cancellationToken);
            if (captioned) return sent;
            context = null;
        }

        if (reply.Photo is { } photo)
        {
            var isPng = photo is [0x89, 0x50, 0x4E, 0x47, ..];
            var mediaId = await api.UploadMediaAsync(photo, isPng ? "image/png" : "image/jpeg", isPng ? "chart.png" : "chart.jpg", cancellationToken);
            var image = new JsonObject { ["id"] = mediaId };
            var captioned = text.Length <= MaxCaptionLength;
            if (captioned && action is { Kind: "button" } && text.Length > 0)
                // Reply buttons may carry the picture as their header: one message, as Telegram's captioned photo.
                return await api.SendMessageAsync(Interactive(to, context, text, action, header: new JsonObject
                {
                    ["type"] = "image", ["image"] = image,
                }), cancellationToken);

            if (captioned && action is null && text.Length > 0) image["caption"] = text;
            var sent = await api.SendMessageAsync(Message(to, context, "image", image), cancellationToken);
            if (captioned && (action is null || text.Length == 0)) return sent;
            context = null;
        }

        var chunks = Chunks(text, MaxTextLength);
        if (action is not null && chunks[^1].Length > MaxCaptionLength)
        {
            var tail = Chunks(chunks[^1], MaxCaptionLength);
            chunks.RemoveAt(chunks.Count - 1);
            chunks.AddRange(tail);
        }

        string? last = null;
        for (var i = 0; i < chunks.Count; i++)
        {
            var replyTo = i == 0 ? context : null;
            var message = i == chunks.Count - 1 && action is not null
                ? Interactive(to, replyTo, chunks[i], action)
                // No link previews: a merchant's name that looks like a domain should not grow a card.
                : Message(to, replyTo, "text", new JsonObject { ["body"] = chunks[i], ["preview_url"] = false });
            last = await api.SendMessageAsync(message, cancellationToken);
        }
        return last!;
    }

    /// <summary>A job's message: as usual inside the 24-hour window; outside it, the approved template configured
    /// for the job's kind ("weekly_summary" → Templates:WeeklySummary), its one parameter carrying the text.</summary>
    async Task<string> IChannel.SendProactiveAsync(string chatId, string kind, OutboundReply reply, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(chatId, reply, cancellationToken);
        }
        catch (WhatsAppApiException e) when (e.IsOutsideCustomerServiceWindow && options.Value.Templates.ContainsKey(TemplateKey(kind)))
        {
            return await SendProactiveAsync(chatId, TemplateKey(kind), [reply.Text], cancellationToken);
        }
    }

    private static string TemplateKey(string kind) => kind.Replace("_", "");

    /// <summary>Sends the approved template configured under <paramref name="template"/> (a key of
    /// <see cref="WhatsAppOptions.Templates"/>, e.g. "WeeklySummary") in its default translation.</summary>
    public Task<string> SendProactiveAsync(string chatId, string template, IReadOnlyList<string> parameters, CancellationToken cancellationToken) =>
        SendProactiveAsync(chatId, template, parameters, userLanguage: null, cancellationToken);

    /// <summary>Sends the approved template configured under <paramref name="template"/>, in the translation for the
    /// user's language ("pt", "pt-BR"), with <paramref name="parameters"/> filling the body's {{1}}, {{2}}, … in order.
    /// Templates may be sent at any time, inside or outside the 24-hour window.</summary>
    public Task<string> SendProactiveAsync(
        string chatId, string template, IReadOnlyList<string> parameters, string? userLanguage, CancellationToken cancellationToken)
    {
        var to = RecipientOf(chatId);
        if (!options.Value.Templates.TryGetValue(template, out var configured) || string.IsNullOrWhiteSpace(configured.Name))
            throw new InvalidOperationException(
                $"No WhatsApp template is configured for '{template}': set Finance:WhatsApp:Templates:{template}:Name (and :Language).");

        var body = new JsonObject
        {
            ["name"] = configured.Name,
            ["language"] = new JsonObject { ["code"] = configured.LanguageFor(userLanguage) },
        };
        if (parameters.Count > 0)
            body["components"] = new JsonArray(new JsonObject
            {
                ["type"] = "body",
                ["parameters"] = new JsonArray(parameters
                    .Select(p => (JsonNode)new JsonObject { ["type"] = "text", ["text"] = TemplateParameter(p) }).ToArray()),
            });
        return api.SendMessageAsync(Message(to, context: null, "template", body), cancellationToken);
    }

    /// <summary>Media id → URL → bytes, refusing as early as the size is known: the message, the media lookup,
    /// then the download itself.</summary>
    public async Task<byte[]> DownloadAsync(MediaAttachment media, long maxBytes, CancellationToken cancellationToken)
    {
        if (media.SizeBytes > maxBytes) throw WhatsAppCloudApi.TooLarge(media.SizeBytes.Value, maxBytes);
        var info = await api.GetMediaAsync(media.FileId, cancellationToken);
        if (info.FileSize > maxBytes) throw WhatsAppCloudApi.TooLarge(info.FileSize.Value, maxBytes);
        return await api.DownloadAsync(info.Url, maxBytes, cancellationToken);
    }

    /// <summary>The interactive action offering the buttons: reply buttons when they fit (3, titles of 20), a list otherwise.</summary>
    private sealed record Choices(string Kind, JsonObject Json);

    private static Choices? ChoicesOf(IReadOnlyList<IReadOnlyList<ReplyButton>>? rows)
    {
        var buttons = rows?.SelectMany(r => r).ToList() ?? [];
        if (buttons.Count == 0) return null;
        foreach (var button in buttons)
            if (string.IsNullOrWhiteSpace(button.Text))
                throw new ArgumentException("A button needs a label.", nameof(rows));

        if (buttons.Count <= MaxReplyButtons && buttons.All(b => b.Text.Length <= MaxButtonTitleLength))
        {
            CheckIds(buttons, MaxButtonIdLength);
            return new Choices("button", new JsonObject
            {
                ["buttons"] = new JsonArray(buttons.Select(b => (JsonNode)new JsonObject
                {
                    ["type"] = "reply",
                    ["reply"] = new JsonObject { ["id"] = b.Data, ["title"] = b.Text },
                }).ToArray()),
            });
        }

        // More than three choices, or labels too long for buttons: a list keeps every choice tappable.
        if (buttons.Count > MaxListRows)
            throw new ArgumentException($"WhatsApp shows at most {MaxListRows} choices in one message; the reply has {buttons.Count}.", nameof(rows));
        CheckIds(buttons, MaxRowIdLength);
        return new Choices("list", new JsonObject
        {
            ["button"] = ListButtonLabel,
            ["sections"] = new JsonArray(new JsonObject
            {
                ["rows"] = new JsonArray(buttons.Select(b =>
                {
                    var row = new JsonObject { ["id"] = b.Data, ["title"] = Shorten(b.Text, MaxRowTitleLength) };
                    // The whole label stays readable below a shortened title.
                    if (b.Text.Length > MaxRowTitleLength) row["description"] = Shorten(b.Text, MaxRowDescriptionLength);
                    return (JsonNode)row;
                }).ToArray()),
            }),
        });
    }

    private static void CheckIds(IEnumerable<ReplyButton> buttons, int maxLength)
    {
        foreach (var button in buttons)
            if (button.Data.Length is < 1 || button.Data.Length > maxLength)
                throw new ArgumentException(
                    $"Button '{button.Text}' carries {button.Data.Length} characters of data; WhatsApp allows 1-{maxLength}.", nameof(buttons));
    }

    private static JsonObject Interactive(string to, string? context, string text, Choices action, JsonObject? header = null)
    {
        var interactive = new JsonObject
        {
            ["type"] = action.Kind,
            ["body"] = new JsonObject { ["text"] = text },
            ["action"] = action.Json.DeepClone(),
        };
        if (header is not null) interactive["header"] = header;
        return Message(to, context, "interactive", interactive);
    }

    private static JsonObject Message(string to, string? context, string type, JsonObject content)
    {
        var message = new JsonObject
        {
            ["messaging_product"] = "whatsapp", ["recipient_type"] = "individual", ["to"] = to, ["type"] = type, [type] = content,
        };
        // Quotes the user's message above the answer, as a swiped reply does.
        if (context is not null) message["context"] = new JsonObject { ["message_id"] = context };
        return message;
    }

    /// <summary>Chats are users' WhatsApp ids (wa_id): digits of the phone number with its country code.</summary>
    private static string RecipientOf(string chatId)
    {
        var digits = chatId.TrimStart('+');
        if (digits.Length is < 5 or > 20 || !digits.All(char.IsAsciiDigit))
            throw new ArgumentException($"'{chatId}' is not a WhatsApp id (the digits of a phone number with its country code).", nameof(chatId));
        return digits;
    }

    /// <summary>Meta refuses template parameters with new lines, tabs or runs of spaces (error 132018).</summary>
    private static string TemplateParameter(string value) =>
        string.Join(' ', value.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    private static string Shorten(string text, int maxLength)
    {
        if (text.Length <= maxLength) return text;
        var cut = maxLength - 1;
        if (char.IsHighSurrogate(text[cut - 1])) cut--;
        return text[..cut] + "…";
    }

    /// <summary>Splits long texts at a line break where one is near the limit.</summary>
    private static List<string> Chunks(string text, int maxLength)
    {
        var chunks = new List<string>();
        var rest = text.AsSpan();
        while (rest.Length > maxLength)
        {
            var cut = rest[..maxLength].LastIndexOf('\n');
            if (cut < maxLength / 2) cut = maxLength;
            if (char.IsHighSurrogate(rest[cut - 1])) cut--;
            chunks.Add(rest[..cut].ToString());
            rest = rest[cut..].TrimStart('\n');
        }
        if (rest.Length > 0 || chunks.Count == 0) chunks.Add(rest.ToString());
        return chunks;
    }
}
