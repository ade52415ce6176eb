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
using Npgsql;

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
        var fileId = posted.File is { } file ? await uploads.AddAsync(file.Bytes, context.RequestAborted) : null;
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
            if (fileId is not null) await uploads.RemoveAsync(fileId, CancellationToken.None);
            throw;
        }
        if (!stored)
        {
            // A retry of a message the inbox already has; the first copy's upload is the one it will read.
            if (fileId is not null) await uploads.RemoveAsync(fileId, context.RequestAborted);
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebChatApi))
                .LogDebug("Web chat message {ExternalId} was already in the inbox", message.ExternalId);
        }
        return TypedResults.Accepted((string?)null, new { posted.MessageId });
    }

    private static IResult Events(
        HttpContext context, string? chat, long? after, WebChatReplies replies, ReplySignals signals, IOptions<WebChatOptions> options,
        IHostApplicationLifetime lifetime, TimeProvider time, ILogger<WebChatReplies> logger)
    {
        if (!WebChatIds.IsChatId(chat))
            return Results.Problem("chat is missing or malformed; get one from POST /webchat/session.", statusCode: StatusCodes.Status400BadRequest);
        // EventSource sends the last id it saw when it reconnects; the page's own cursor is for a fresh load.
        var cursor = long.TryParse(context.Request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            ? last
            : after ?? 0;
        return TypedResults.ServerSentEvents(
            StreamAsync(replies, signals, chat, cursor, options.Value.Heartbeat, time, logger, lifetime.ApplicationStopping));
    }

    /// <summary>What is new in the chat, then a wait for a wake-up (a reply stored on any host) or the heartbeat, again.
    /// Every heartbeat reads too, so a notification lost with the listening connection delays a reply, never loses it.</summary>
    private static async IAsyncEnumerable<SseItem<string>> StreamAsync(
        WebChatReplies replies, ReplySignals signals, string chatId, long cursor, TimeSpan heartbeat, TimeProvider time, ILogger logger,
        CancellationToken stopping, [EnumeratorCancellation] CancellationToken requestAborted = default)
    {
        // A stream left open would hold the host's shutdown until its timeout.
        using var done = CancellationTokenSource.CreateLinkedTokenSource(stopping, requestAborted);
        using var listening = signals.Listen(chatId);
        yield return new SseItem<string>("", PingEvent); // sent at once, so the page knows it is connected
        while (!done.IsCancellationRequested)
        {
            var woken = listening.Next();
            IReadOnlyList<WebChatReply> newer;
            try
            {
                newer = await replies.AfterAsync(chatId, cursor, done.Token);
                if (newer.Count == 0) newer = await WaitAsync(woken, heartbeat, time, () => replies.AfterAsync(chatId, cursor, done.Token), done.Token);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            catch (NpgsqlException e)
            {
                // The page's EventSource connects again by itself, with the last id it saw.
                logger.LogWarning(e, "Web chat stream ended: the database did not answer");
                yield break;
            }
            if (newer.Count == 0) yield return new SseItem<string>("", PingEvent);
            foreach (var reply in newer)
            {
                cursor = reply.Id;
                yield return new SseItem<string>(JsonSerializer.Serialize(reply, Json), ReplyEvent)
                {
                    EventId = reply.Id.ToString(CultureInfo.InvariantCulture),
                };
            }
        }
    }

    /// <summary>Reads again once woken; nothing when the heartbeat came first.</summary>
    private static async Task<IReadOnlyList<WebChatReply>> WaitAsync(
        Task woken, TimeSpan heartbeat, TimeProvider time, Func<Task<IReadOnlyList<WebChatReply>>> read, CancellationToken cancellationToken)
    {
        try
        {
            await woken.WaitAsync(heartbeat, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            return [];
        }
        return await read();
    }
}
