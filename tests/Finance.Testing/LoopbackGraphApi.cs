using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Finance.Testing;

/// <summary>One request the bot made to the Graph API stand-in. <see cref="Kind"/> is "messages", "media" (an
/// upload), "media-info" (a media id lookup) or "download"; <see cref="Json"/> is a JSON body, <see cref="Form"/>
/// and <see cref="Files"/> a multipart one.</summary>
public sealed record GraphApiCall(
    string Kind,
    string Path,
    string? Authorization,
    JsonObject? Json,
    IReadOnlyDictionary<string, string> Form,
    IReadOnlyDictionary<string, byte[]> Files)
{
    public string? Type => Json?["type"]?.GetValue<string>();

    public string? To => Json?["to"]?.GetValue<string>();

    /// <summary>What the user reads: a text's body, an interactive message's body, or an image's caption.</summary>
    public string? Text => (Json?["text"]?["body"] ?? Json?["interactive"]?["body"]?["text"] ?? Json?["image"]?["caption"])?.GetValue<string>();
}

/// <summary>
/// A stand-in of Meta's Graph API (WhatsApp Cloud API) on 127.0.0.1: <c>POST /{version}/{phone-number-id}/messages</c>
/// and <c>…/media</c>, <c>GET /{version}/{media-id}</c> whose <c>url</c> points back here, and that URL, which serves
/// the bytes only with the right bearer token. Requests are checked against the documented limits and answered in
/// the real wire format, Graph's error JSON included. Every call is recorded; failures can be injected. It also
/// plays Meta's side of webhooks: payloads in the documented shape, signed with the app secret.
/// </summary>
public sealed class LoopbackGraphApi : IAsyncDisposable
{
    public const string DefaultAccessToken = "EAAGtest0loopback0token";
    public const string DefaultPhoneNumberId = "106540352242922";
    public const string DefaultAppSecret = "loopback-app-secret";
    public const string DefaultVersion = "v24.0";

    private static long nextId = 1000;

    private readonly WebApplication app;
    private readonly RecordedCalls<GraphApiCall> calls = new("Loopback Graph API", c => c.Kind + (c.Type is null ? "" : ":" + c.Type));
    private readonly ConcurrentDictionary<string, StoredMedia> media = new();
    private readonly ConcurrentDictionary<string, Queue<Failure>> failures = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> closedWindows = new();

    private sealed record StoredMedia(string Id, byte[] Content, string MimeType, bool ReportSize);

    private sealed record Failure(int Status, int Code, int? RetryAfterSeconds);

    private LoopbackGraphApi(string accessToken, string phoneNumberId, string appSecret, string version)
    {
        (AccessToken, PhoneNumberId, AppSecret, ApiVersion) = (accessToken, phoneNumberId, appSecret, version);
        app = LoopbackServer.Create(HandleAsync);
    }

    public string AccessToken { get; }
    public string PhoneNumberId { get; }
    public string ApiVersion { get; }

    /// <summary>The secret Meta signs webhook bodies with; configure the host's AppSecret to it.</summary>
    public string AppSecret { get; }

    /// <summary>What WhatsAppOptions.ApiBaseUrl should be set to, e.g. http://127.0.0.1:41234.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The settings that point a host's WhatsApp channel here.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Finance:WhatsApp:ApiBaseUrl"] = BaseUrl,
        ["Finance:WhatsApp:ApiVersion"] = ApiVersion,
        ["Finance:WhatsApp:PhoneNumberId"] = PhoneNumberId,
        ["Finance:WhatsApp:AccessToken"] = AccessToken,
        ["Finance:WhatsApp:AppSecret"] = AppSecret,
    };

    public static async Task<LoopbackGraphApi> StartAsync(
        string accessToken = DefaultAccessToken, string phoneNumberId = DefaultPhoneNumberId,
        string appSecret = DefaultAppSecret, string version = DefaultVersion)
    {
        var api = new LoopbackGraphApi(accessToken, phoneNumberId, appSecret, version);
        api.BaseUrl = await LoopbackServer.StartAsync(api.app);
        return api;
    }

    public IReadOnlyList<GraphApiCall> Calls => calls.All;

    public IReadOnlyList<GraphApiCall> CallsTo(string kind) =>
        Calls.Where(c => string.Equals(c.Kind, kind, StringComparison.OrdinalIgnoreCase)).ToArray();

    /// <summary>The messages sent (and accepted or not) to one user.</summary>
    public IReadOnlyList<GraphApiCall> MessagesTo(string waId) => CallsTo("messages").Where(c => c.To == waId).ToArray();

    /// <summary>Waits until the recorded calls satisfy the predicate; throws TimeoutException otherwise.</summary>
    public Task<IReadOnlyList<GraphApiCall>> WaitForAsync(Func<IReadOnlyList<GraphApiCall>, bool> predicate, TimeSpan? timeout = null) =>
        calls.WaitForAsync(predicate, timeout);

    /// <summary>The next <paramref name="count"/> calls of a kind fail with Graph's error JSON (429 + 130429 by
    /// default: throughput reached), with a Retry-After header when <paramref name="retryAfterSeconds"/> is given.</summary>
    public void FailNext(string kind, int count, int httpStatus = 429, int errorCode = 130429, int? retryAfterSeconds = null)
    {
        var queue = failures.GetOrAdd(kind, _ => new Queue<Failure>());
        lock (queue)
            for (var i = 0; i < count; i++) queue.Enqueue(new Failure(httpStatus, errorCode, retryAfterSeconds));
    }

    /// <summary>The user last wrote over 24 hours ago: free-form messages to them are refused (131047); templates pass.</summary>
    public void CloseCustomerServiceWindow(string waId) => closedWindows[waId] = true;

    /// <summary>Makes a file fetchable by media id (as one a user sent); returns the id. With <paramref name="reportSize"/>
    /// false the lookup omits file_size and the download has no Content-Length, so only counting the bytes finds a big file.</summary>
    public string AddMedia(byte[] content, string mimeType, string? mediaId = null, bool reportSize = true)
    {
        mediaId ??= NextId().ToString(CultureInfo.InvariantCulture);
        media[mediaId] = new StoredMedia(mediaId, content, mimeType, reportSize);
        return mediaId;
    }

    /// <summary>What was uploaded under a media id (the bot's chart, say).</summary>
    public byte[]? MediaContent(string mediaId) => media.TryGetValue(mediaId, out var stored) ? stored.Content : null;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    // ---- Meta's side of the webhook ----------------------------------------------------------------------------

    public static string NewWamid() =>
        "wamid." + Convert.ToBase64String(Encoding.ASCII.GetBytes($"HBgLloopback{NextId():D12}")).TrimEnd('=');

    public static JsonObject TextMessage(string from, string text, string? wamid = null) =>
        Message(from, "text", new JsonObject { ["body"] = text }, wamid);

    /// <summary>A voice note (<paramref name="voice"/> true, as the app records them) or a shared audio file.</summary>
    public static JsonObject AudioMessage(string from, string mediaId, bool voice = true, string mimeType = "audio/ogg; codecs=opus", string? wamid = null) =>
        Message(from, "audio", new JsonObject { ["mime_type"] = mimeType, ["sha256"] = "loopback", ["id"] = mediaId, ["voice"] = voice }, wamid);

    public static JsonObject ImageMessage(string from, string mediaId, string? caption = null, string mimeType = "image/jpeg", string? wamid = null)
    {
        var image = new JsonObject { ["mime_type"] = mimeType, ["sha256"] = "loopback", ["id"] = mediaId };
        if (caption is not null) image["caption"] = caption;
        return Message(from, "image", image, wamid);
    }

    public static JsonObject DocumentMessage(string from, string mediaId, string fileName, string mimeType = "application/pdf", string? caption = null, string? wamid = null)
    {
        var document = new JsonObject { ["filename"] = fileName, ["mime_type"] = mimeType, ["sha256"] = "loopback", ["id"] = mediaId };
        if (caption is not null) document["caption"] = caption;
        return Message(from, "document", document, wamid);
    }

    /// <summary>A tap on a reply button of the bot's message <paramref name="buttonsMessageId"/>.</summary>
    public static JsonObject ButtonReply(string from, string buttonId, string title, string buttonsMessageId, string? wamid = null)
    {
        var message = Message(from, "interactive", new JsonObject
        {
            ["type"] = "button_reply",
            ["button_reply"] = new JsonObject { ["id"] = buttonId, ["title"] = title },
        }, wamid);
        message["context"] = new JsonObject { ["from"] = DefaultPhoneNumberId, ["id"] = buttonsMessageId };
        return message;
    }

    /// <summary>A webhook body carrying messages from one user, as Meta sends it.</summary>
    public static JsonObject Payload(string from, string profileName, params JsonObject[] messages) => Envelope(new JsonObject
    {
        ["messaging_product"] = "whatsapp",
        ["metadata"] = Metadata(),
        ["contacts"] = new JsonArray(new JsonObject { ["profile"] = new JsonObject { ["name"] = profileName }, ["wa_id"] = from }),
        ["messages"] = new JsonArray(messages.Select(m => (JsonNode)m.DeepClone()).ToArray()),
    });

    /// <summary>A status callback for a message the bot sent (sent, delivered, read, failed).</summary>
    public static JsonObject StatusPayload(string recipient, string wamid, string status = "delivered") => Envelope(new JsonObject
    {
        ["messaging_product"] = "whatsapp",
        ["metadata"] = Metadata(),
        ["statuses"] = new JsonArray(new JsonObject
        {
            ["id"] = wamid,
            ["status"] = status,
            ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["recipient_id"] = recipient,
            ["conversation"] = new JsonObject { ["id"] = "CONVERSATION_ID", ["origin"] = new JsonObject { ["type"] = "service" } },
            ["pricing"] = new JsonObject { ["billable"] = true, ["pricing_model"] = "PMP", ["category"] = "service" },
        }),
    });

    /// <summary>"sha256=" + hex HMAC-SHA256 of the body with the secret: the X-Hub-Signature-256 header.</summary>
    public static string Signature(byte[] body, string appSecret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body));

    /// <summary>A POST of the payload to the webhook, signed with <paramref name="appSecret"/> (this stand-in's by
    /// default; pass another to forge one).</summary>
    public HttpRequestMessage SignedWebhook(JsonObject payload, string path = "/webhooks/whatsapp", string? appSecret = null)
    {
        var body = Encoding.UTF8.GetBytes(payload.ToJsonString());
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Hub-Signature-256", Signature(body, appSecret ?? AppSecret));
        return request;
    }

    private static JsonObject Message(string from, string type, JsonObject content, string? wamid) => new()
    {
        ["from"] = from,
        ["id"] = wamid ?? NewWamid(),
        ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        ["type"] = type,
        [type] = content,
    };

    private static JsonObject Metadata() => new() { ["display_phone_number"] = "15550783881", ["phone_number_id"] = DefaultPhoneNumberId };

    private static JsonObject Envelope(JsonObject value) => new()
    {
        ["object"] = "whatsapp_business_account",
        ["entry"] = new JsonArray(new JsonObject
        {
            ["id"] = "102290129340398",
            ["changes"] = new JsonArray(new JsonObject { ["value"] = value, ["field"] = "messages" }),
        }),
    };

    private static long NextId() => Interlocked.Increment(ref nextId);

    // ---- the Graph API ------------------------------------------------------------------------------------------

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var segments = (request.Path.Value ?? "").Trim('/').Split('/');
        var kind = (request.Method, segments) switch
        {
            ("GET", ["download", _]) => "download",
            ("POST", [var v, var phone, "messages"]) when v == ApiVersion && phone == PhoneNumberId => "messages",
            ("POST", [var v, var phone, "media"]) when v == ApiVersion && phone == PhoneNumberId => "media",
            ("GET", [var v, _]) when v == ApiVersion => "media-info",
            _ => null,
        };
        if (kind is null)
        {
            await WriteErrorAsync(context, 400, 100, "Unsupported request - method type or path is not known");
            return;
        }

        var call = await ReadCallAsync(kind, request);
        Record(call);

        if (call.Authorization != "Bearer " + AccessToken)
        {
            // The lookaside download answers a missing token with a bare 401; Graph with error 190.
            if (kind == "download") context.Response.StatusCode = 401;
            else await WriteErrorAsync(context, 401, 190, "Invalid OAuth access token - Cannot parse access token");
            return;
        }

        if (failures.TryGetValue(kind, out var queue))
        {
            Failure? failure = null;
            lock (queue) if (queue.Count > 0) failure = queue.Dequeue();
            if (failure is not null)
            {
                if (failure.RetryAfterSeconds is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await WriteErrorAsync(context, failure.Status, failure.Code, "(injected failure)");
                return;
            }
        }

        await (kind switch
        {
            "messages" => SendMessageAsync(context, call),
            "media" => UploadAsync(context, call),
            "media-info" => MediaInfoAsync(context, segments[1]),
            _ => DownloadAsync(context, segments[1]),
        });
    }

    private static async Task<GraphApiCall> ReadCallAsync(string kind, HttpRequest request)
    {
        JsonObject? json = null;
        var form = new Dictionary<string, string>();
        var files = new Dictionary<string, byte[]>();
        if (request.HasFormContentType)
        {
            var read = await request.ReadFormAsync();
            foreach (var (key, value) in read) form[key] = value.ToString();
            files = await LoopbackServer.ReadFilesAsync(read.Files);
            foreach (var file in read.Files)
                if (file.ContentType is { Length: > 0 } type) form[file.Name + ".content_type"] = type;
        }
        else if (request.ContentLength is not 0 && HttpMethods.IsPost(request.Method))
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            try
            {
                json = body.Length > 0 ? JsonNode.Parse(body.ToArray()) as JsonObject : null;
            }
            catch (JsonException)
            {
                json = null;
            }
        }
        return new GraphApiCall(kind, request.Path.Value ?? "", request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null,
            json, form, files);
    }

    private void Record(GraphApiCall call) => calls.Add(call);

    private async Task SendMessageAsync(HttpContext context, GraphApiCall call)
    {
        if (Refusal(call) is { } problem)
        {
            await WriteErrorAsync(context, 400, 100, "(#100) Invalid parameter", problem);
            return;
        }
        if (call.Type != "template" && closedWindows.ContainsKey(call.To!))
        {
            await WriteErrorAsync(context, 400, 131047, "Re-engagement message",
                "Message failed to send because more than 24 hours have passed since the customer last replied to this number.");
            return;
        }
        var answer = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["contacts"] = new JsonArray(new JsonObject { ["input"] = call.To, ["wa_id"] = call.To }),
            ["messages"] = new JsonArray(call.Type == "template"
                ? new JsonObject { ["id"] = NewWamid(), ["message_status"] = "accepted" }
                : new JsonObject { ["id"] = NewWamid() }),
        };
        await WriteJsonAsync(context, 200, answer);
    }

    /// <summary>The documented limits a real send would be refused for, or null when the message is fine.</summary>
    private string? Refusal(GraphApiCall call)
    {
        var m = call.Json;
        if (m is null) return "The request body is not JSON.";
        if (m["messaging_product"]?.ToString() != "whatsapp") return "messaging_product must be \"whatsapp\".";
        if (call.To is not { Length: > 0 } to || !to.All(char.IsAsciiDigit)) return "to must be a WhatsApp id.";
        if (m["context"] is JsonObject replyTo && replyTo["message_id"]?.ToString() is not { Length: > 0 }) return "context.message_id is required.";
        string? Str(JsonNode? n) => n?.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : null;
        switch (call.Type)
        {
            case "text":
                var body = Str(m["text"]?["body"]);
                return string.IsNullOrEmpty(body) ? "text.body is required."
                    : body.Length > 4096 ? "text.body is longer than 4096 characters." : null;
            case "image":
                var id = Str(m["image"]?["id"]);
                if (id is null && Str(m["image"]?["link"]) is null) return "image needs an id or a link.";
                if (id is not null && !media.ContainsKey(id)) return $"image.id {id} is not a known media id.";
                return Str(m["image"]?["caption"])?.Length > 1024 ? "image.caption is longer than 1024 characters." : null;
            case "template":
                return Str(m["template"]?["name"]) is not { Length: > 0 } ? "template.name is required."
                    : Str(m["template"]?["language"]?["code"]) is not { Length: > 0 } ? "template.language.code is required." : null;
            case "interactive":
                return InteractiveRefusal(m["interactive"] as JsonObject, Str);
            default:
                return $"type {call.Type} is not supported here.";
        }
    }

    private string? InteractiveRefusal(JsonObject? interactive, Func<JsonNode?, string?> str)
    {
        if (interactive is null) return "interactive is required.";
        var body = str(interactive["body"]?["text"]);
        if (string.IsNullOrEmpty(body) || body.Length > 1024) return "interactive.body.text must have 1-1024 characters.";
        if (interactive["header"] is JsonObject header && header["type"]?.ToString() == "image"
            && str(header["image"]?["id"]) is { } headerImage && !media.ContainsKey(headerImage))
            return $"header image {headerImage} is not a known media id.";
        switch (str(interactive["type"]))
        {
            case "button":
                var buttons = interactive["action"]?["buttons"] as JsonArray;
                if (buttons is null || buttons.Count is < 1 or > 3) return "action.buttons must have 1-3 buttons.";
                var ids = new HashSet<string>();
                foreach (var button in buttons)
                {
                    if (str(button?["type"]) != "reply") return "buttons must be of type reply.";
                    var title = str(button?["reply"]?["title"]);
                    var id = str(button?["reply"]?["id"]);
                    if (string.IsNullOrEmpty(title) || title.Length > 20) return "button titles must have 1-20 characters.";
                    if (string.IsNullOrEmpty(id) || id.Length > 256) return "button ids must have 1-256 characters.";
                    if (!ids.Add(id)) return "button ids must be unique.";
                }
                return null;
            case "list":
                if (str(interactive["action"]?["button"]) is not { Length: >= 1 and <= 20 }) return "action.button must have 1-20 characters.";
                var rows = (interactive["action"]?["sections"] as JsonArray)?.SelectMany(s => (s?["rows"] as JsonArray) ?? []).ToList() ?? [];
                if (rows.Count is < 1 or > 10) return "a list must have 1-10 rows.";
                foreach (var row in rows)
                {
                    if (str(row?["title"]) is not { Length: >= 1 and <= 24 }) return "row titles must have 1-24 characters.";
                    if (str(row?["id"]) is not { Length: >= 1 and <= 200 }) return "row ids must have 1-200 characters.";
                    if (str(row?["description"])?.Length > 72) return "row descriptions must have at most 72 characters.";
                }
                return null;
            default:
                return "interactive.type must be button or list here.";
        }
    }

    private async Task UploadAsync(HttpContext context, GraphApiCall call)
    {
        if (call.Form.GetValueOrDefault("messaging_product") != "whatsapp" || !call.Files.TryGetValue("file", out var content)
            || call.Form.GetValueOrDefault("type") is not { Length: > 0 } type)
        {
            await WriteErrorAsync(context, 400, 100, "(#100) Invalid parameter", "messaging_product, type and file are required.");
            return;
        }
        var id = AddMedia(content, type);
        await WriteJsonAsync(context, 200, new JsonObject { ["id"] = id });
    }

    private async Task MediaInfoAsync(HttpContext context, string mediaId)
    {
        if (!media.TryGetValue(mediaId, out var stored))
        {
            await WriteErrorAsync(context, 400, 100, "(#100) Invalid parameter", $"Unsupported get request. Object with ID '{mediaId}' does not exist.");
            return;
        }
        var info = new JsonObject
        {
            ["url"] = $"{BaseUrl}/download/{stored.Id}?ext={NextId()}&hash=loopback",
            ["mime_type"] = stored.MimeType,
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(stored.Content)),
            ["id"] = stored.Id,
            ["messaging_product"] = "whatsapp",
        };
        // Meta quotes the size.
        if (stored.ReportSize) info["file_size"] = stored.Content.Length.ToString(CultureInfo.InvariantCulture);
        await WriteJsonAsync(context, 200, info);
    }

    private async Task DownloadAsync(HttpContext context, string mediaId)
    {
        if (!media.TryGetValue(mediaId, out var stored))
        {
            context.Response.StatusCode = 404;
            return;
        }
        context.Response.ContentType = stored.MimeType;
        if (stored.ReportSize) context.Response.ContentLength = stored.Content.Length;
        // In pieces, as a network would deliver it, so a client's limit can act mid-way.
        for (var offset = 0; offset < stored.Content.Length; offset += 16 * 1024)
        {
            var piece = stored.Content.AsMemory(offset, Math.Min(16 * 1024, stored.Content.Length - offset));
            try
            {
                await context.Response.Body.WriteAsync(piece, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the client stopped reading
            }
        }
    }

    private static Task WriteErrorAsync(HttpContext context, int status, int code, string message, string? details = null)
    {
        var error = new JsonObject
        {
            ["message"] = message,
            ["type"] = "OAuthException",
            ["code"] = code,
            ["fbtrace_id"] = "Aloopback" + NextId(),
        };
        if (details is not null) error["error_data"] = new JsonObject { ["messaging_product"] = "whatsapp", ["details"] = details };
        return WriteJsonAsync(context, status, new JsonObject { ["error"] = error });
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes);
    }
}
