using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Finance.Core;
using Microsoft.Extensions.Options;

namespace Finance.Channels.WhatsApp;

/// <summary>The few Graph API calls the channel makes, with the bearer token and Graph's error JSON turned into
/// <see cref="WhatsAppApiException"/>. Throttling (429 and Meta's rate-limit codes) and Meta's brief 5xx hiccups are
/// retried by the HTTP client's resilience pipeline (<see cref="WhatsAppSetup"/>); nothing else is.</summary>
public sealed class WhatsAppCloudApi(IHttpClientFactory httpClients, IOptions<WhatsAppOptions> options)
{
    /// <summary>Graph codes that mean "later": 2 service unavailable, 4 app call limit, 80007 account rate limit,
    /// 130429 throughput, 131016 service overloaded, 131056 too many messages to one user.</summary>
    private static readonly HashSet<int> TransientCodes = [2, 4, 80007, 130429, 131016, 131056];

    private readonly WhatsAppOptions settings = options.Value;

    public sealed record MediaInfo(string Url, string? MimeType, long? FileSize);

    /// <summary><c>POST /{version}/{phone-number-id}/messages</c>; returns the sent message's wamid.</summary>
    public async Task<string> SendMessageAsync(JsonObject message, CancellationToken cancellationToken)
    {
        var body = message.ToJsonString();
        var answer = await CallAsync("messages", () => new HttpRequestMessage(HttpMethod.Post, GraphUrl($"{settings.PhoneNumberId}/messages"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        }, cancellationToken);
        return answer["messages"]?[0]?["id"]?.GetValue<string>()
            ?? throw new WhatsAppApiException(HttpStatusCode.OK, null, "The Graph API accepted the message but gave no message id.");
    }

    /// <summary><c>POST /{version}/{phone-number-id}/media</c> (multipart); returns the media id to send it by.</summary>
    public async Task<string> UploadMediaAsync(byte[] content, string mimeType, string fileName, CancellationToken cancellationToken)
    {
        var answer = await CallAsync("media upload", () =>
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue(mimeType);
            return new HttpRequestMessage(HttpMethod.Post, GraphUrl($"{settings.PhoneNumberId}/media"))
            {
                Content = new MultipartFormDataContent
                {
                    { new StringContent("whatsapp"), "messaging_product" },
                    { new StringContent(mimeType), "type" },
                    { file, "file", fileName },
                },
            };
        }, cancellationToken);
        return answer["id"]?.GetValue<string>()
            ?? throw new WhatsAppApiException(HttpStatusCode.OK, null, "The Graph API took the upload but gave no media id.");
    }

    /// <summary><c>GET /{version}/{media-id}</c>: where a received file can be fetched (for a few minutes) and its size.</summary>
    public async Task<MediaInfo> GetMediaAsync(string mediaId, CancellationToken cancellationToken)
    {
        var answer = await CallAsync("media lookup", () => new HttpRequestMessage(HttpMethod.Get, GraphUrl(Uri.EscapeDataString(mediaId))),
            cancellationToken);
        var url = answer["url"]?.GetValue<string>();
        if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out _))
            throw new WhatsAppApiException(HttpStatusCode.OK, null, $"The Graph API gave no download URL for media {mediaId}.");
        return new MediaInfo(url, answer["mime_type"]?.GetValue<string>(), SizeOf(answer["file_size"]));
    }

    /// <summary>Fetches a media URL with the bearer token, stopping the moment the bytes pass <paramref name="maxBytes"/>.</summary>
    public async Task<byte[]> DownloadAsync(string url, long maxBytes, CancellationToken cancellationToken)
    {
        using var request = Authorized(new HttpRequestMessage(HttpMethod.Get, url));
        using var response = await Http().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode) throw await ErrorOfAsync(response, cancellationToken);
        if (response.Content.Headers.ContentLength > maxBytes) throw TooLarge(response.Content.Headers.ContentLength.Value, maxBytes);

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw new MediaTooLargeException($"The file is over the limit of {maxBytes} bytes.");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    internal static MediaTooLargeException TooLarge(long size, long maxBytes) =>
        new($"The file has {size} bytes; the limit is {maxBytes}.");

    private async Task<JsonNode> CallAsync(string what, Func<HttpRequestMessage> newRequest, CancellationToken cancellationToken)
    {
        using var request = Authorized(newRequest());
        using var response = await Http().SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode) throw await ErrorOfAsync(response, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        try
        {
            return JsonNode.Parse(body) ?? throw new JsonException("empty");
        }
        catch (JsonException)
        {
            throw new WhatsAppApiException(response.StatusCode, null, $"The Graph API answered {what} with something that is not JSON.");
        }
    }

    /// <summary>Worth trying again: throttling, Meta's 5xx hiccups, and the Graph codes that mean "later" (Meta sends
    /// some of them with a 400). The resilience pipeline asks this of each failed answer.</summary>
    internal static async ValueTask<bool> IsTransientAsync(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.TooManyRequests || response.StatusCode >= HttpStatusCode.InternalServerError) return true;
        await response.Content.LoadIntoBufferAsync(); // read again by ErrorOfAsync
        return (await ErrorOfAsync(response, CancellationToken.None)).Code is { } code && TransientCodes.Contains(code);
    }

    private static async Task<WhatsAppApiException> ErrorOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            body = "";
        }
        int? code = null;
        var message = $"The Graph API answered {(int)response.StatusCode} {response.ReasonPhrase}.";
        try
        {
            if (JsonNode.Parse(body)?["error"] is JsonObject error)
            {
                code = error["code"]?.GetValueKind() == JsonValueKind.Number ? error["code"]!.GetValue<int>() : null;
                var details = error["error_data"]?["details"]?.ToString();
                message = $"The Graph API answered {(int)response.StatusCode}: ({code}) {error["message"]}"
                    + (string.IsNullOrEmpty(details) ? "" : $" — {details}");
            }
        }
        catch (JsonException)
        {
            // Not Graph's error JSON (a proxy's page, an empty body): the status says enough.
        }
        return new WhatsAppApiException(response.StatusCode, code, message, response.Headers.RetryAfter?.Delta);
    }

    private static long? SizeOf(JsonNode? size) => size?.GetValueKind() switch
    {
        JsonValueKind.Number => size.GetValue<long>(),
        // The Graph API quotes file_size.
        JsonValueKind.String when long.TryParse(size.GetValue<string>(), out var bytes) => bytes,
        _ => null,
    };

    private HttpRequestMessage Authorized(HttpRequestMessage request)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.AccessToken);
        return request;
    }

    private HttpClient Http() => httpClients.CreateClient(WhatsAppSetup.HttpClientName);

    private Uri GraphUrl(string path) => new($"{settings.ApiBaseUrl.TrimEnd('/')}/{settings.ApiVersion}/{path}");
}
