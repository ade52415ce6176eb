using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Finance.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Finance.Channels.WebChat;

/// <summary>The page's API. <c>POST /webchat/session</c> makes a chat id; <c>POST /webchat/messages</c> puts a
/// message in the inbox (202, idempotent on the page's message id); <c>GET /webchat/events?chat=ID</c> streams the
/// bot's replies as server-sent events. Nothing slow happens here: the inbox worker answers, as for Telegram.</summary>
public static class WebChatApi
{
    public const string SessionPath = "/webchat/session";
    public const string MessagesPath = "/webchat/messages";
    public const string EventsPath = "/webchat/events";
    public const string ReplyEvent = "reply";
    public const string PingEvent = "ping";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Maps nothing when <see cref="WebChatOptions.Enabled"/> is false.</summary>
    public static IEndpointRouteBuilder MapWebChat(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<WebChatOptions>>().Value.Enabled) return app;
        app.MapPost(SessionPath, NewSession).ExcludeFromDescription();
        app.MapPost(MessagesPath, (Delegate)ReceiveAsync).ExcludeFromDescription();
        app.MapGet(EventsPath, (Delegate)Events).ExcludeFromDescription();
        return app;
    }

    private static IResult NewSession(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new WebChatSession(WebChatIds.NewChatId()));
    }

    private static async Task<IResult> ReceiveAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<WebChatOptions>>().Value;
        PostedMessage posted;
        try
        {
            posted = await PostedMessage.ReadAsync(context.Request, options, context.RequestAborted);
        }
        catch (WebChatRefusal refusal)
        {
            return Results.Problem(refusal.Message, statusCode: refusal.StatusCode);
        }

        var uploads = services.GetRequiredService<WebChatUploads>();
        var fileId = posted.File is { } file ? uploads.Add(file.Bytes) : null;
        var time = services.GetRequiredService<TimeProvider>();
        var message = posted.ToInbound(time.GetUtcNow(), fileId);
        bool stored;
        try
        {
            // A failure answers 500 and the page posts again with the same message id: nothing is lost or doubled.
            stored = await services.GetRequiredService<IInbox>().EnqueueAsync(message, context.RequestAborted);
        }
        catch
        {
            if (fileId is not null) uploads.Remove(fileId);
            throw;
        }
        if (!stored)
        {
            // A retry of a message the inbox already has; the first copy's upload is the one it will read.
            if (fileId is not null) uploads.Remove(fileId);
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebChatApi))
                .LogDebug("Web chat message {ExternalId} was already in the inbox", message.ExternalId);
        }
        return TypedResults.Accepted((string?)null, new { posted.MessageId });
    }

    private static IResult Events(
        HttpContext context, string? chat, long? after, WebChatMailboxes mailboxes, IOptions<WebChatOptions> options,
        IHostApplicationLifetime lifetime)
    {
        if (!WebChatIds.IsChatId(chat))
            return Results.Problem("chat is missing or malformed; get one from POST /webchat/session.", statusCode: StatusCodes.Status400BadRequest);
        // EventSource sends the last id it saw when it reconnects; the page's own cursor is for a fresh load.
        var cursor = long.TryParse(context.Request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            ? last
            : after ?? 0;
        return TypedResults.ServerSentEvents(StreamAsync(mailboxes, chat, cursor, options.Value.Heartbeat, lifetime.ApplicationStopping));
    }

    private static async IAsyncEnumerable<SseItem<string>> StreamAsync(
        WebChatMailboxes mailboxes, string chatId, long cursor, TimeSpan heartbeat, CancellationToken stopping,
        [EnumeratorCancellation] CancellationToken requestAborted = default)
    {
        // A stream left open would hold the host's shutdown until its timeout.
        using var done = CancellationTokenSource.CreateLinkedTokenSource(stopping, requestAborted);
        var mailbox = mailboxes.For(chatId);
        using var listening = mailbox.Listen();
        yield return new SseItem<string>("", PingEvent); // sent at once, so the page knows it is connected
        while (!done.IsCancellationRequested)
        {
            IReadOnlyList<WebChatReply> replies;
            try
            {
                replies = await mailbox.NextAsync(cursor, heartbeat, done.Token);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            if (replies.Count == 0) yield return new SseItem<string>("", PingEvent);
            foreach (var reply in replies)
            {
                cursor = reply.Id;
                yield return new SseItem<string>(JsonSerializer.Serialize(reply, Json), ReplyEvent)
                {
                    EventId = reply.Id.ToString(CultureInfo.InvariantCulture),
                };
            }
        }
    }
}
