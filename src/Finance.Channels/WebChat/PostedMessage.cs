using System.Text;
using System.Text.Json;
using Finance.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Finance.Channels.WebChat;

/// <summary>What the page posts to <c>/webchat/messages</c>: JSON for text and button presses, multipart/form-data
/// (the same fields, then one file) for photos and voice notes. Read with every size checked as it streams in.</summary>
public sealed record PostedMessage(
    string? ChatId,
    string? MessageId,
    string? Text = null,
    string? CallbackData = null,
    string? ReplyToMessageId = null,
    string? Language = null,
    string? TimeZone = null)
{
    /// <summary>A JSON post carries at most a text of <see cref="WebChatOptions.MaxTextLength"/> characters.</summary>
    public const int MaxJsonBytes = 64 * 1024;

    /// <summary>Room for the form fields and part headers around an upload.</summary>
    public const int MaxFormOverheadBytes = 64 * 1024;

    public const int MaxCallbackDataLength = 256;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public PostedFile? File { get; init; }

    public static async Task<PostedMessage> ReadAsync(HttpRequest request, WebChatOptions options, CancellationToken cancellationToken)
    {
        var posted = request.HasJsonContentType() ? await ReadJsonAsync(request, cancellationToken)
            : MultipartBoundary(request) is { Length: > 0 } boundary ? await ReadMultipartAsync(request, boundary, options, cancellationToken)
            : throw new WebChatRefusal(StatusCodes.Status415UnsupportedMediaType, "Post JSON or multipart/form-data.");
        posted.Validate(options);
        return posted;
    }

    /// <summary>The channel-neutral message; <paramref name="fileId"/> names the upload in <see cref="WebChatUploads"/>.</summary>
    public InboundMessage ToInbound(DateTimeOffset receivedAt, string? fileId) => new(
        WebChatChannel.ChannelName,
        // Scoped by chat: a page can only ever repeat its own message ids, never collide with another chat's.
        ExternalId: $"{ChatId}:{MessageId}",
        ChatId: ChatId!,
        SenderId: ChatId!,
        SenderName: null,
        LanguageCode: Language,
        Text: string.IsNullOrWhiteSpace(Text) ? null : Text.Trim(),
        // The browser's clock is not trusted; arrival is when it was said.
        SentAt: receivedAt,
        Media: File is { } file && fileId is not null
            ? new MediaAttachment(file.Kind, fileId, file.MimeType, file.Bytes.Length, FileName: file.FileName)
            : null,
        ReplyToMessageId: ReplyToMessageId,
        CallbackData: CallbackData,
        TimeZone: TimeZone);

    private void Validate(WebChatOptions options)
    {
        CheckIds(ChatId, MessageId);
        if (Text?.Length > options.MaxTextLength) throw BadRequest($"The text is over {options.MaxTextLength} characters.");
        if (CallbackData is { Length: 0 or > MaxCallbackDataLength }) throw BadRequest("callbackData is empty or too long.");
        if (ReplyToMessageId is not null && (ReplyToMessageId.Length is 0 or > 20 || !ReplyToMessageId.All(char.IsAsciiDigit)))
            throw BadRequest("replyToMessageId is not a reply id.");
        if (Language is not null && !WebChatIds.IsLanguageTag(Language)) throw BadRequest("language is not a language tag.");
        if (TimeZone is not null && !WebChatIds.IsTimeZoneName(TimeZone)) throw BadRequest("timeZone is not a time zone name.");
        if (string.IsNullOrWhiteSpace(Text) && CallbackData is null && File is null) throw BadRequest("The message says nothing.");
    }

    private static void CheckIds(string? chatId, string? messageId)
    {
        if (!WebChatIds.IsChatId(chatId)) throw BadRequest("chatId is missing or malformed; get one from POST /webchat/session.");
        if (!WebChatIds.IsMessageId(messageId)) throw BadRequest("messageId must be a UUID.");
    }

    private static async Task<PostedMessage> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxJsonBytes) throw TooLarge($"A JSON message is at most {MaxJsonBytes} bytes.");
        var body = await ReadCappedAsync(request.Body, MaxJsonBytes, cancellationToken)
            ?? throw TooLarge($"A JSON message is at most {MaxJsonBytes} bytes.");
        try
        {
            return JsonSerializer.Deserialize<PostedMessage>(body, Json) ?? throw BadRequest("The body is null.");
        }
        catch (JsonException)
        {
            throw BadRequest("The body is not a JSON message.");
        }
    }

    private static async Task<PostedMessage> ReadMultipartAsync(
        HttpRequest request, string boundary, WebChatOptions options, CancellationToken cancellationToken)
    {
        var largestBody = Math.Max(options.MaxImageBytes, options.MaxAudioBytes) + MaxFormOverheadBytes;
        // Refuse before reading a byte when the client says how much is coming; otherwise the caps below stop it.
        if (request.ContentLength > largestBody) throw TooLarge("The upload is over the size limit.");
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
            bodyLimit.MaxRequestBodySize = largestBody;

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        PostedFile? file = null;
        var reader = new MultipartReader(boundary, request.Body) { HeadersCountLimit = 8, HeadersLengthLimit = 4096 };
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                var disposition = section.GetContentDispositionHeader() ?? throw BadRequest("A part has no Content-Disposition.");
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (disposition.IsFileDisposition())
                {
                    if (file is not null) throw BadRequest("One file per message.");
                    // The ids come first, so a stranger's upload is refused before its bytes are read.
                    CheckIds(fields.GetValueOrDefault("chatId"), fields.GetValueOrDefault("messageId"));
                    file = await PostedFile.ReadAsync(section, disposition, options, cancellationToken);
                }
                else
                {
                    if (fields.Count >= 9) throw BadRequest("Too many fields.");
                    var value = await ReadCappedAsync(section.Body, MaxFormOverheadBytes / 2, cancellationToken)
                        ?? throw TooLarge($"Field '{name}' is too long.");
                    fields[name] = Encoding.UTF8.GetString(value);
                }
            }
        }
        catch (InvalidDataException e)
        {
            // MultipartReader's own limits (header count and length) and malformed framing.
            throw BadRequest("The multipart body is malformed: " + e.Message);
        }

        return new PostedMessage(
            fields.GetValueOrDefault("chatId"),
            fields.GetValueOrDefault("messageId"),
            fields.GetValueOrDefault("text"),
            fields.GetValueOrDefault("callbackData"),
            fields.GetValueOrDefault("replyToMessageId"),
            fields.GetValueOrDefault("language"),
            fields.GetValueOrDefault("timeZone")) { File = file };
    }

    private static string? MultipartBoundary(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? HeaderUtilities.RemoveQuotes(type.Boundary).Value
            : null;

    /// <summary>The whole stream, or null as soon as it passes <paramref name="maxBytes"/>.</summary>
    internal static async Task<byte[]?> ReadCappedAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    internal static WebChatRefusal BadRequest(string reason) => new(StatusCodes.Status400BadRequest, reason);

    internal static WebChatRefusal TooLarge(string reason) => new(StatusCodes.Status413PayloadTooLarge, reason);
}
