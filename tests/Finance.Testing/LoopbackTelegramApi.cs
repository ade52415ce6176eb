using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Finance.Testing;

/// <summary>One request the bot made to the stand-in: the method and its parameters (JSON body, form
/// fields and query string merged; form values stay strings, as on the wire), plus uploaded files.</summary>
public sealed record TelegramApiCall(string Method, JsonObject Fields, IReadOnlyDictionary<string, byte[]> Files)
{
    public string? Field(string name) => Fields[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        var node => node.ToJsonString(),
    };

    /// <summary>A field that holds JSON, whether it came as JSON or as a form string (reply_markup in multipart).</summary>
    public JsonNode? JsonField(string name) => Fields[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonNode.Parse(v.GetValue<string>()),
        var node => node,
    };
}

/// <summary>
/// A stand-in of the Telegram Bot API on 127.0.0.1: <c>POST /bot{token}/{method}</c> answers in the real
/// wire format (<c>{"ok":true,"result":…}</c>), <c>GET /file/bot{token}/{path}</c> serves registered files,
/// getUpdates long-polls over queued updates. Every call is recorded; failures can be injected.
/// Lean on purpose (no routing table, no logging): benchmarks push thousands of sendMessage a second through it.
/// </summary>
public sealed class LoopbackTelegramApi : IAsyncDisposable
{
    public const long BotUserId = 7000000001;
    public const string BotUsername = "finance_test_bot";

    private static readonly TimeSpan LongestPoll = TimeSpan.FromSeconds(50);

    private readonly WebApplication app;
    private readonly RecordedCalls<TelegramApiCall> calls = new("Loopback Telegram API", c => c.Method);
    private readonly List<long> deliveredUpdateIds = [];
    private readonly List<JsonObject> updates = [];
    private readonly ConcurrentDictionary<string, RegisteredFile> files = new();
    private readonly ConcurrentDictionary<string, Queue<(int Code, int RetryAfter)>> failures = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> holds = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<string, bool> tooBigFiles = new();
    private TaskCompletionSource updateQueued = NewSignal();
    private long nextMessageId = 1000;
    private long nextUpdateId = 500000;
    private long confirmedOffset;
    private string? webhookUrl;

    private sealed record RegisteredFile(string FileId, string FilePath, byte[] Content, bool ReportSize);

    private LoopbackTelegramApi(string token)
    {
        Token = token;
        app = LoopbackServer.Create(HandleAsync);
    }

    public string Token { get; }

    /// <summary>What TelegramOptions.ApiBaseUrl should be set to, e.g. http://127.0.0.1:41234.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The URL last set with setWebhook, null after deleteWebhook.</summary>
    public string? WebhookUrl => webhookUrl;

    public string? WebhookSecret { get; private set; }

    /// <summary>When false, calls other than getUpdates are answered but not recorded (long benchmarks).</summary>
    public bool RecordCalls { get; set; } = true;

    /// <summary>Raised for every call as it arrives, recorded or not (benchmarks time replies with it).</summary>
    public event Action<TelegramApiCall>? CallReceived;

    /// <summary>Raised with the chat and the text of every sendMessage answered on the lean path: when calls are not
    /// recorded and nobody handles <see cref="CallReceived"/>, a JSON sendMessage is answered from a byte template,
    /// its text and inline keyboard copied as they came, without building the call's JSON tree (bench pipeline posts
    /// a thousand a second, and the stand-in shares the cores with the host it measures).</summary>
    public event Action<long, string>? TextSent;

    public static async Task<LoopbackTelegramApi> StartAsync(string token = "123456:TEST-token_for-loopback")
    {
        var api = new LoopbackTelegramApi(token);
        api.BaseUrl = await LoopbackServer.StartAsync(api.app);
        return api;
    }

    public IReadOnlyList<TelegramApiCall> Calls => calls.All;

    public IReadOnlyList<TelegramApiCall> CallsTo(string method) =>
        Calls.Where(c => string.Equals(c.Method, method, StringComparison.OrdinalIgnoreCase)).ToArray();

    /// <summary>Update ids in the order getUpdates handed them out (repeats show re-fetches).</summary>
    public IReadOnlyList<long> DeliveredUpdateIds
    {
        get { lock (updates) return deliveredUpdateIds.ToArray(); }
    }

    /// <summary>Waits until the recorded calls satisfy the predicate; throws TimeoutException otherwise.</summary>
    public Task<IReadOnlyList<TelegramApiCall>> WaitForAsync(Func<IReadOnlyList<TelegramApiCall>, bool> predicate, TimeSpan? timeout = null) =>
        calls.WaitForAsync(predicate, timeout);

    /// <summary>Waits for at least <paramref name="count"/> calls of <paramref name="method"/> and returns them.</summary>
    public async Task<IReadOnlyList<TelegramApiCall>> WaitForAsync(string method, int count = 1, TimeSpan? timeout = null)
    {
        await WaitForAsync(all => all.Count(c => string.Equals(c.Method, method, StringComparison.OrdinalIgnoreCase)) >= count, timeout);
        return CallsTo(method);
    }

    /// <summary>The next <paramref name="count"/> calls of a method fail: 429 carries retry_after, other codes a plain description.</summary>
    public void FailNext(string method, int count, int errorCode = 429, int retryAfterSeconds = 1)
    {
        var queue = failures.GetOrAdd(method, _ => new Queue<(int, int)>());
        lock (queue)
            for (var i = 0; i < count; i++) queue.Enqueue((errorCode, retryAfterSeconds));
    }

    /// <summary>From now on calls of a method are recorded but not answered until <see cref="Release"/>: a test can
    /// act (stop PostgreSQL, stop the host) while the bot is inside the call.</summary>
    public void Hold(string method) => holds.GetOrAdd(method, _ => NewSignal());

    /// <summary>Answers the held calls of a method and stops holding new ones.</summary>
    public void Release(string method)
    {
        if (holds.TryRemove(method, out var hold)) hold.TrySetResult();
    }

    /// <summary>A file_id whose getFile fails as the real Bot API fails for files over its 20 MB download limit.</summary>
    public string AddTooBigFile()
    {
        var fileId = "BIG" + Guid.NewGuid().ToString("N");
        tooBigFiles[fileId] = true;
        return fileId;
    }

    /// <summary>Makes a file downloadable through getFile + /file/bot…; returns its file_id. With
    /// <paramref name="reportSize"/> false, getFile omits file_size (as Telegram may), so only the download itself can notice a big file.</summary>
    public string AddFile(byte[] content, string filePath = "documents/file.bin", string? fileId = null, bool reportSize = true)
    {
        fileId ??= "FILE" + Guid.NewGuid().ToString("N");
        files[fileId] = new RegisteredFile(fileId, filePath, content, reportSize);
        return fileId;
    }

    /// <summary>Queues an update for getUpdates; gives it the next update_id when it has none. Returns the update_id.</summary>
    public long EnqueueUpdate(JsonObject update)
    {
        lock (updates)
        {
            if (update["update_id"] is null) update["update_id"] = ++nextUpdateId;
            else nextUpdateId = Math.Max(nextUpdateId, update["update_id"]!.GetValue<long>());
            updates.Add(update);
            var signal = updateQueued;
            updateQueued = NewSignal();
            signal.TrySetResult();
            return update["update_id"]!.GetValue<long>();
        }
    }

    /// <summary>Queues a private-chat text message from a user; returns the update_id.</summary>
    public long EnqueueTextMessage(long chatId, string text, long? fromId = null, string firstName = "Ana", string languageCode = "en") =>
        EnqueueUpdate(new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["message_id"] = Interlocked.Increment(ref nextMessageId),
                ["from"] = new JsonObject
                {
                    ["id"] = fromId ?? chatId, ["is_bot"] = false, ["first_name"] = firstName, ["language_code"] = languageCode,
                },
                ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private", ["first_name"] = firstName },
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["text"] = text,
            },
        });

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (HttpMethods.IsGet(context.Request.Method) && path.StartsWith("/file/bot", StringComparison.Ordinal))
        {
            await ServeFileAsync(context, path["/file/bot".Length..]);
            return;
        }

        // /bot{token}/{method}
        var slash = path.IndexOf('/', 1);
        if (!path.StartsWith("/bot", StringComparison.Ordinal) || slash < 0)
        {
            await WriteErrorAsync(context, 404, "Not Found");
            return;
        }
        if (!string.Equals(Uri.UnescapeDataString(path[4..slash]), Token, StringComparison.Ordinal))
        {
            await WriteErrorAsync(context, 401, "Unauthorized");
            return;
        }

        var method = path[(slash + 1)..];
        if (!RecordCalls && CallReceived is null && holds.IsEmpty && failures.IsEmpty && context.Request.HasJsonContentType()
            && string.Equals(method, "sendMessage", StringComparison.OrdinalIgnoreCase))
        {
            await SendMessageLeanAsync(context);
            return;
        }
        var (fields, uploaded) = await ReadParametersAsync(context.Request);
        var call = new TelegramApiCall(method, fields, uploaded);
        Record(call);
        if (holds.TryGetValue(method, out var held)) await held.Task.WaitAsync(stopping.Token);

        if (failures.TryGetValue(method, out var queue))
        {
            (int Code, int RetryAfter)? failure = null;
            lock (queue) if (queue.Count > 0) failure = queue.Dequeue();
            if (failure is { } f)
            {
                await WriteFailureAsync(context, f.Code, f.RetryAfter);
                return;
            }
        }

        await (method.ToLowerInvariant() switch
        {
            "getme" => WriteResultAsync(context, BotUser()),
            "sendmessage" => SendMessageAsync(context, call),
            "sendphoto" => SendPhotoAsync(context, call),
            "senddocument" => SendDocumentAsync(context, call),
            "editmessagetext" or "editmessagereplymarkup" => EditMessageAsync(context, call),
            "getfile" => GetFileAsync(context, call),
            "getupdates" => GetUpdatesAsync(context, call),
            "setwebhook" => SetWebhookAsync(context, call),
            "deletewebhook" => DeleteWebhookAsync(context),
            "answercallbackquery" => WriteResultAsync(context, true),
            _ => WriteErrorAsync(context, 404, "Not Found: method not found"),
        });
    }

    private void Record(TelegramApiCall call)
    {
        CallReceived?.Invoke(call);
        if (!RecordCalls && !string.Equals(call.Method, "getUpdates", StringComparison.OrdinalIgnoreCase)) return;
        calls.Add(call);
    }

    private static async Task<(JsonObject Fields, IReadOnlyDictionary<string, byte[]> Files)> ReadParametersAsync(HttpRequest request)
    {
        var fields = new JsonObject();
        var uploaded = new Dictionary<string, byte[]>();
        foreach (var (key, value) in request.Query) fields[key] = value.ToString();

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            foreach (var (key, value) in form) fields[key] = value.ToString();
            uploaded = await LoopbackServer.ReadFilesAsync(form.Files);
        }
        else if (request.ContentLength is not 0)
        {
            // The parsed body is the call's fields, not copied into another object key by key (benchmarks post thousands a
            // second); its fields win over the query's.
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            if (body.Length > 0 && JsonNode.Parse(body.GetBuffer().AsSpan(0, (int)body.Length)) is JsonObject json)
            {
                foreach (var (key, value) in fields) json.TryAdd(key, value?.DeepClone());
                return (json, uploaded);
            }
        }
        return (fields, uploaded);
    }

    private async Task SendMessageAsync(HttpContext context, TelegramApiCall call)
    {
        if (call.Field("text") is not { Length: > 0 } text)
        {
            await WriteErrorAsync(context, 400, "Bad Request: message text is empty");
            return;
        }
        if (ChatIdOf(call) is not { } chatId)
        {
            await WriteErrorAsync(context, 400, "Bad Request: chat not found");
            return;
        }
        var message = NewMessage(chatId, call);
        message["text"] = text;
        await WriteResultAsync(context, message);
    }

    private async Task SendMessageLeanAsync(HttpContext context)
    {
        var body = context.Request.BodyReader;
        ReadResult read;
        while (!(read = await body.ReadAsync(context.RequestAborted)).IsCompleted)
            body.AdvanceTo(read.Buffer.Start, read.Buffer.End); // nothing consumed until the whole body is in
        var answer = ArrayPool<byte>.Shared.Rent((int)read.Buffer.Length + LeanAnswerOverhead);
        try
        {
            var outcome = WriteLeanAnswer(read.Buffer, answer, out var length, out var chatId, out var text);
            body.AdvanceTo(read.Buffer.End);
            if (outcome != LeanOutcome.Answered)
            {
                await WriteErrorAsync(context, 400, outcome == LeanOutcome.NoText ? "Bad Request: message text is empty" : "Bad Request: chat not found");
                return;
            }
            TextSent?.Invoke(chatId, text!);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = length;
            await context.Response.Body.WriteAsync(answer.AsMemory(0, length), context.RequestAborted);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(answer);
        }
    }

    private enum LeanOutcome { Answered, NoText, NoChat }

    /// <summary>Room in the answer for the template's own bytes, beside what it copies from the request.</summary>
    private const int LeanAnswerOverhead = 512;

    private static readonly byte[] BotUserJson = JsonSerializer.SerializeToUtf8Bytes(BotUser());

    /// <summary>The answer NewMessage makes for a sendMessage (message_id, the bot, the chat, date, inline keyboard,
    /// text, in that order), written into <paramref name="answer"/> with the text and the keyboard copied from the
    /// request as they are (escaped there already).</summary>
    private LeanOutcome WriteLeanAnswer(ReadOnlySequence<byte> request, byte[] answer, out int length, out long chatId, out string? text)
    {
        (length, chatId, text) = (0, 0, null);
        var (rawText, markup, hasChat) = (ReadOnlySequence<byte>.Empty, ReadOnlySequence<byte>.Empty, false);
        var reader = new Utf8JsonReader(request);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return LeanOutcome.NoText;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueTextEquals("chat_id"u8) ? "chat_id" : reader.ValueTextEquals("text"u8) ? "text"
                : reader.ValueTextEquals("reply_markup"u8) ? "reply_markup" : null;
            reader.Read();
            if (field == "chat_id")
                hasChat = reader.TokenType == JsonTokenType.Number ? reader.TryGetInt64(out chatId)
                    : reader.TokenType == JsonTokenType.String && long.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out chatId);
            else if (field == "text" && reader.TokenType == JsonTokenType.String)
            {
                // The string's bytes between its quotes, escapes and all.
                rawText = request.Slice(reader.TokenStartIndex + 1, reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length);
                text = reader.GetString();
            }
            else if (field == "reply_markup" && reader.TokenType == JsonTokenType.StartObject)
            {
                var (start, depth, inline) = (reader.TokenStartIndex, reader.CurrentDepth, false);
                while (reader.Read() && reader.CurrentDepth > depth)
                {
                    if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1 && reader.ValueTextEquals("inline_keyboard"u8)) inline = true;
                    reader.Skip();
                }
                // As NewMessage: the message Telegram sent shows an inline keyboard; other markups it does not echo.
                if (inline) markup = request.Slice(start, reader.BytesConsumed - start);
            }
            else reader.Skip();
        }
        if (text is not { Length: > 0 }) return LeanOutcome.NoText;
        if (!hasChat) return LeanOutcome.NoChat;

        var into = answer.AsSpan();
        Write(ref into, "{\"ok\":true,\"result\":{\"message_id\":"u8);
        Write(ref into, Interlocked.Increment(ref nextMessageId));
        Write(ref into, ",\"from\":"u8);
        Write(ref into, BotUserJson);
        Write(ref into, ",\"chat\":{\"id\":"u8);
        Write(ref into, chatId);
        Write(ref into, chatId < 0 ? ",\"type\":\"group\"},\"date\":"u8 : ",\"type\":\"private\"},\"date\":"u8);
        Write(ref into, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        if (!markup.IsEmpty)
        {
            Write(ref into, ",\"reply_markup\":"u8);
            Write(ref into, markup);
        }
        Write(ref into, ",\"text\":\""u8);
        Write(ref into, rawText);
        Write(ref into, "\"}}"u8);
        length = answer.Length - into.Length;
        return LeanOutcome.Answered;
    }

    private static void Write(ref Span<byte> into, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(into);
        into = into[bytes.Length..];
    }

    private static void Write(ref Span<byte> into, ReadOnlySequence<byte> bytes)
    {
        bytes.CopyTo(into);
        into = into[(int)bytes.Length..];
    }

    private static void Write(ref Span<byte> into, long number)
    {
        number.TryFormat(into, out var written, default, CultureInfo.InvariantCulture);
        into = into[written..];
    }

    private async Task SendPhotoAsync(HttpContext context, TelegramApiCall call)
    {
        if (ChatIdOf(call) is not { } chatId)
        {
            await WriteErrorAsync(context, 400, "Bad Request: chat not found");
            return;
        }
        var size = call.Files.Values.FirstOrDefault()?.Length ?? 0;
        if (size == 0 && call.Field("photo") is null)
        {
            await WriteErrorAsync(context, 400, "Bad Request: there is no photo in the request");
            return;
        }
        var message = NewMessage(chatId, call);
        message["photo"] = new JsonArray(
            new JsonObject { ["file_id"] = "PHOTO" + message["message_id"], ["file_unique_id"] = "U" + message["message_id"], ["width"] = 320, ["height"] = 240, ["file_size"] = size });
        if (call.Field("caption") is { } caption) message["caption"] = caption;
        await WriteResultAsync(context, message);
    }

    private async Task SendDocumentAsync(HttpContext context, TelegramApiCall call)
    {
        if (ChatIdOf(call) is not { } chatId)
        {
            await WriteErrorAsync(context, 400, "Bad Request: chat not found");
            return;
        }
        if (call.Files.Count == 0 && call.Field("document") is null)
        {
            await WriteErrorAsync(context, 400, "Bad Request: there is no document in the request");
            return;
        }
        var message = NewMessage(chatId, call);
        message["document"] = new JsonObject
        {
            ["file_id"] = "DOC" + message["message_id"], ["file_unique_id"] = "D" + message["message_id"],
            ["file_size"] = call.Files.Values.FirstOrDefault()?.Length ?? 0,
        };
        if (call.Field("caption") is { } caption) message["caption"] = caption;
        await WriteResultAsync(context, message);
    }

    private async Task EditMessageAsync(HttpContext context, TelegramApiCall call)
    {
        if (ChatIdOf(call) is not { } chatId || !long.TryParse(call.Field("message_id"), out var messageId))
        {
            await WriteErrorAsync(context, 400, "Bad Request: message to edit not found");
            return;
        }
        var message = NewMessage(chatId, call);
        message["message_id"] = messageId;
        message["edit_date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (call.Field("text") is { } text) message["text"] = text;
        await WriteResultAsync(context, message);
    }

    private async Task GetFileAsync(HttpContext context, TelegramApiCall call)
    {
        if (call.Field("file_id") is { } big && tooBigFiles.ContainsKey(big))
        {
            await WriteErrorAsync(context, 400, "Bad Request: file is too big");
            return;
        }
        if (call.Field("file_id") is not { } fileId || !files.TryGetValue(fileId, out var file))
        {
            await WriteErrorAsync(context, 400, "Bad Request: invalid file_id");
            return;
        }
        var result = new JsonObject { ["file_id"] = file.FileId, ["file_unique_id"] = "U" + file.FileId, ["file_path"] = file.FilePath };
        if (file.ReportSize) result["file_size"] = file.Content.Length;
        await WriteResultAsync(context, result);
    }

    private async Task ServeFileAsync(HttpContext context, string rest)
    {
        var slash = rest.IndexOf('/');
        if (slash < 0 || !string.Equals(Uri.UnescapeDataString(rest[..slash]), Token, StringComparison.Ordinal))
        {
            context.Response.StatusCode = 404;
            return;
        }
        var filePath = Uri.UnescapeDataString(rest[(slash + 1)..]);
        var file = files.Values.FirstOrDefault(f => f.FilePath == filePath);
        if (file is null)
        {
            context.Response.StatusCode = 404;
            return;
        }
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = file.Content.Length;
        await context.Response.Body.WriteAsync(file.Content, context.RequestAborted);
    }

    private async Task GetUpdatesAsync(HttpContext context, TelegramApiCall call)
    {
        if (webhookUrl is not null)
        {
            await WriteErrorAsync(context, 409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
            return;
        }
        long.TryParse(call.Field("offset"), out var offset);
        var limit = int.TryParse(call.Field("limit"), out var l) && l is > 0 and <= 100 ? l : 100;
        var timeout = int.TryParse(call.Field("timeout"), out var t) && t > 0 ? TimeSpan.FromSeconds(t) : TimeSpan.Zero;
        if (timeout > LongestPoll) timeout = LongestPoll;
        var deadline = DateTime.UtcNow + timeout;

        using var abort = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token);
        while (true)
        {
            Task queued;
            JsonObject[] batch;
            lock (updates)
            {
                // As Telegram does: an offset confirms (forgets) every update below it.
                if (offset > confirmedOffset)
                {
                    confirmedOffset = offset;
                    updates.RemoveAll(u => u["update_id"]!.GetValue<long>() < offset);
                }
                batch = updates.Take(limit).ToArray();
                deliveredUpdateIds.AddRange(batch.Select(u => u["update_id"]!.GetValue<long>()));
                queued = updateQueued.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (batch.Length > 0 || left <= TimeSpan.Zero || abort.IsCancellationRequested)
            {
                var result = new JsonArray(batch.Select(u => (JsonNode)JsonNode.Parse(u.ToJsonString())!).ToArray());
                await WriteResultAsync(context, result);
                return;
            }
            await Task.WhenAny(queued, Task.Delay(left, abort.Token).ContinueWith(_ => { }, TaskScheduler.Default));
        }
    }

    private async Task SetWebhookAsync(HttpContext context, TelegramApiCall call)
    {
        if (call.Field("url") is not { Length: > 0 } url || !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            await WriteErrorAsync(context, 400, "Bad Request: bad webhook: invalid URL");
            return;
        }
        webhookUrl = url;
        WebhookSecret = call.Field("secret_token");
        await WriteResultAsync(context, true);
    }

    private async Task DeleteWebhookAsync(HttpContext context)
    {
        webhookUrl = null;
        WebhookSecret = null;
        await WriteResultAsync(context, true);
    }

    private static long? ChatIdOf(TelegramApiCall call) =>
        long.TryParse(call.Field("chat_id"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) ? id : null;

    private JsonObject NewMessage(long chatId, TelegramApiCall call)
    {
        var message = new JsonObject
        {
            ["message_id"] = Interlocked.Increment(ref nextMessageId),
            ["from"] = BotUser(),
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = chatId < 0 ? "group" : "private" },
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        };
        if (call.JsonField("reply_markup") is JsonObject markup && markup["inline_keyboard"] is not null)
            message["reply_markup"] = markup.DeepClone();
        return message;
    }

    private static JsonObject BotUser() => new()
    {
        ["id"] = BotUserId, ["is_bot"] = true, ["first_name"] = "Finance", ["username"] = BotUsername,
    };

    private static Task WriteResultAsync(HttpContext context, JsonNode result) =>
        WriteJsonAsync(context, 200, new JsonObject { ["ok"] = true, ["result"] = result });

    private static Task WriteResultAsync(HttpContext context, bool result) =>
        WriteJsonAsync(context, 200, new JsonObject { ["ok"] = true, ["result"] = result });

    private static Task WriteErrorAsync(HttpContext context, int code, string description) =>
        WriteJsonAsync(context, code, new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description });

    private static Task WriteFailureAsync(HttpContext context, int code, int retryAfter) => code switch
    {
        429 => WriteJsonAsync(context, 429, new JsonObject
        {
            ["ok"] = false, ["error_code"] = 429, ["description"] = $"Too Many Requests: retry after {retryAfter}",
            ["parameters"] = new JsonObject { ["retry_after"] = retryAfter },
        }),
        >= 500 => WriteErrorAsync(context, code, "Internal Server Error"),
        403 => WriteErrorAsync(context, 403, "Forbidden: bot was blocked by the user"),
        _ => WriteErrorAsync(context, code, "Bad Request: injected failure"),
    };

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes);
    }
}
