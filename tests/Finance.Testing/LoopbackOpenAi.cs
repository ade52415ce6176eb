using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Finance.Testing;

/// <summary>A request the stand-in received, as it came over the wire.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonNode? Json => JsonNode.Parse(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>Text of each chat message by role, whether the client sent content as a string or as parts.</summary>
    public IReadOnlyList<(string Role, string Text)> Messages =>
        Json?["messages"]?.AsArray().Select(m => (
            m!["role"]!.GetValue<string>(),
            m["content"] switch
            {
                JsonValue v => v.GetValue<string>(),
                JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())),
                _ => "",
            })).ToList() ?? [];
}

/// <summary>What the stand-in answers to one request.</summary>
public sealed record LoopbackReply(int Status, string Body, TimeSpan Delay = default)
{
    /// <summary>A well-formed chat completion whose assistant message is <paramref name="content"/>.</summary>
    public static LoopbackReply Completion(string content, string model = "loopback-model") =>
        new(200, new JsonObject
        {
            ["id"] = "chatcmpl-loopback",
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 10, ["total_tokens"] = 20 },
        }.ToJsonString());

    /// <summary>A completion whose content is <paramref name="answer"/> serialised as JSON.</summary>
    public static LoopbackReply CompletionOf(object answer) => Completion(JsonSerializer.Serialize(answer));

    public static LoopbackReply Error(int status = 500) =>
        new(status, """{"error":{"message":"loopback failure","type":"server_error","code":null}}""");

    public LoopbackReply After(TimeSpan delay) => this with { Delay = delay };
}

/// <summary>
/// An OpenAI-compatible chat completions endpoint on 127.0.0.1 for tests: records every request and
/// answers with whatever <see cref="Responder"/> says, so the product's real client code can be
/// driven through success, errors, slowness and nonsense.
/// </summary>
public sealed class LoopbackOpenAi : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<RecordedRequest> requests = new();

    private LoopbackOpenAi() => app = LoopbackServer.Create(HandleAsync);

    /// <summary>OpenAI-style base address, e.g. http://127.0.0.1:PORT/v1.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public Func<RecordedRequest, LoopbackReply> Responder { get; set; } = _ => LoopbackReply.Error(501);

    public IReadOnlyList<RecordedRequest> Requests => requests.ToArray();

    public int RequestCount => requests.Count;

    public void RespondWith(LoopbackReply reply) => Responder = _ => reply;

    public static async Task<LoopbackOpenAi> StartAsync(CancellationToken cancellationToken = default)
    {
        var stand = new LoopbackOpenAi();
        stand.BaseUrl = new Uri(await LoopbackServer.StartAsync(stand.app, cancellationToken) + "/v1");
        return stand;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", headers, body);
        requests.Enqueue(request);

        var reply = context.Request is { Method: "POST", Path.Value: "/v1/chat/completions" }
            ? Responder(request)
            : new LoopbackReply(404, """{"error":{"message":"not found"}}""");

        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the client gave up waiting, which is what a slow-endpoint test wants
            }
        }

        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        // Requests still waiting out a delay must not hold the test run up.
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await app.StopAsync(stopping.Token);
        await app.DisposeAsync();
    }
}
