using Finance.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Finance.Channels.WebChat;

/// <summary>A photo or voice note posted from the page, read whole (it is small and capped).</summary>
public sealed record PostedFile(MediaKind Kind, byte[] Bytes, string MimeType, string? FileName)
{
    private const long StatementMaxBytes = 5 * 1024 * 1024;

    internal static async Task<PostedFile> ReadAsync(
        MultipartSection section, ContentDispositionHeaderValue disposition, WebChatOptions options, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(section.ContentType, out var type) || type.MediaType.Value is not { } mimeType)
            throw new WebChatRefusal(StatusCodes.Status415UnsupportedMediaType, "The file has no content type.");
        // A recording is a voice note whatever container the browser chose (webm, ogg, mp4); ffmpeg reads them all.
        var (kind, limit) = mimeType.ToLowerInvariant() switch
        {
            var t when t.StartsWith("image/", StringComparison.Ordinal) => (MediaKind.Photo, options.MaxImageBytes),
            var t when t.StartsWith("audio/", StringComparison.Ordinal) => (MediaKind.Voice, options.MaxAudioBytes),
            // A bank statement (CSV, OFX/QFX, CAMT.053 XML): the pipeline reads it as one.
            "text/csv" or "text/plain" or "text/xml" or "application/xml" or "application/x-ofx" or "application/vnd.intu.qfx"
                or "application/vnd.ms-excel" or "application/octet-stream" => (MediaKind.Document, StatementMaxBytes),
            _ => throw new WebChatRefusal(StatusCodes.Status415UnsupportedMediaType, "Send an image, a voice recording or a bank statement."),
        };
        var bytes = await PostedMessage.ReadCappedAsync(section.Body, limit, cancellationToken)
            ?? throw PostedMessage.TooLarge($"A {kind.ToString().ToLowerInvariant()} may have at most {limit} bytes.");
        if (bytes.Length == 0) throw PostedMessage.BadRequest("The file is empty.");

        var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
        fileName = string.IsNullOrWhiteSpace(fileName) ? null : Path.GetFileName(fileName);
        return new PostedFile(kind, bytes, mimeType.ToLowerInvariant(), fileName is { Length: <= 100 } ? fileName : null);
    }
}
