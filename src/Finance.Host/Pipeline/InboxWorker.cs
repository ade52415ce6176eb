using System.Diagnostics;
using Finance.Conversation.Replies;
using Finance.Core;
using Finance.Ledger.Inbox;
using Microsoft.Extensions.Options;

namespace Finance.Host.Pipeline;

/// <summary>
/// Claims inbox rows (SKIP LOCKED, so several hosts share one database), runs each through the
/// <see cref="MessagePipeline"/>, sends the reply and finishes the row. Messages of one chat are
/// handled in order; chats in parallel. Failures retry with exponential backoff; after the last
/// attempt the user is told plainly that the message was not booked.
/// </summary>
public sealed class InboxWorker(
    InboxStore inbox,
    MessagePipeline pipeline,
    SenderRateLimiter rateLimiter,
    IEnumerable<IChannel> channels,
    IOptions<PipelineOptions> options,
    ILogger<InboxWorker> logger) : BackgroundService
{
    private readonly PipelineOptions settings = options.Value;
    private readonly Dictionary<string, IChannel> channelsByName = channels.ToDictionary(c => c.Name);
    private readonly SemaphoreSlim wakeUp = new(0, 1);
    private readonly string workerId = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        inbox.MessageArrived += WakeUp;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                IReadOnlyList<InboxItem> batch;
                try
                {
                    batch = await inbox.ClaimAsync(workerId, settings.BatchSize, settings.Lease, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Could not claim inbox rows; trying again shortly");
                    batch = [];
                }
                if (batch.Count == 0)
                {
                    await wakeUp.WaitAsync(settings.PollInterval, stoppingToken);
                    continue;
                }
                await ProcessAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Rows claimed but not finished go back to the inbox when their lease runs out.
        }
        finally
        {
            inbox.MessageArrived -= WakeUp;
        }
    }

    private void WakeUp()
    {
        if (wakeUp.CurrentCount == 0)
        {
            try { wakeUp.Release(); } catch (SemaphoreFullException) { }
        }
    }

    private async Task ProcessAsync(IReadOnlyList<InboxItem> batch, CancellationToken cancellationToken)
    {
        var finished = new List<(long, string?)>(batch.Count);
        var chats = batch.GroupBy(i => (i.Message.Channel, i.Message.ChatId));
        await Parallel.ForEachAsync(chats,
            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
            async (chat, ct) =>
            {
                foreach (var item in chat)
                    if (await ProcessAsync(item, ct) is (true, var sentMessageId))
                        lock (finished) finished.Add((item.Id, sentMessageId));
            });
        await inbox.FinishAsync(finished, cancellationToken);
    }

    /// <summary>Handles and replies to one row; Finished when it is, with the channel's id of the reply.</summary>
    private async Task<(bool Finished, string? SentMessageId)> ProcessAsync(InboxItem item, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var message = item.Message;
        var reply = item.Reply;
        var outcome = item.Outcome;
        channelsByName.TryGetValue(message.Channel, out var channel);
        if (item.Status == "pending" && !rateLimiter.TryAdmit(message, out var refusal))
        {
            (reply, outcome) = (refusal, "rate_limited");
            await inbox.AnsweredAsync(item.Id, outcome, reply, "rate limited", cancellationToken);
        }
        else if (item.Status == "pending")
        {
            if (message.CallbackId is { } callbackId && channel is not null)
                await AcknowledgeAsync(channel, callbackId, cancellationToken);
            try
            {
                var answer = await pipeline.HandleAsync(item, cancellationToken);
                (reply, outcome) = (answer.Reply, answer.Outcome);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (item.Attempts < settings.MaxAttempts)
                {
                    var delay = Backoff(item.Attempts);
                    logger.LogWarning(e, "Inbox {InboxId} ({Channel}) failed attempt {Attempt}; retrying in {Delay}",
                        item.Id, message.Channel, item.Attempts, delay);
                    await inbox.RetryLaterAsync(item.Id, e.Message, delay, cancellationToken);
                    return (false, null);
                }
                logger.LogError(e, "Inbox {InboxId} ({Channel}) dead-lettered after {Attempts} attempts",
                    item.Id, message.Channel, item.Attempts);
                (reply, outcome) = (NotBooked(message), "dead_letter");
                await inbox.AnsweredAsync(item.Id, outcome, reply, e.Message, cancellationToken);
            }
        }

        string? sentMessageId = null;
        try
        {
            if (channel is null)
                throw new InvalidOperationException($"Channel '{message.Channel}' is not configured on this host.");
            if (reply is not null) sentMessageId = await channel.SendAsync(message.ChatId, reply, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (item.Attempts < settings.MaxAttempts + settings.ReplyAttempts)
            {
                logger.LogWarning(e, "Reply to inbox {InboxId} ({Channel}) failed; retrying", item.Id, message.Channel);
                await inbox.RetryLaterAsync(item.Id, e.Message, Backoff(item.Attempts), cancellationToken);
            }
            else
            {
                logger.LogError(e, "Reply to inbox {InboxId} ({Channel}) abandoned", item.Id, message.Channel);
                await inbox.AbandonAsync(item.Id, e.Message, cancellationToken);
            }
            return (false, null);
        }

        logger.LogInformation("Processed {Channel} inbox {InboxId}: {Outcome} in {ElapsedMs:0.0} ms (attempt {Attempt})",
            message.Channel, item.Id, outcome, Stopwatch.GetElapsedTime(started).TotalMilliseconds, item.Attempts);
        return (true, sentMessageId);
    }

    private async Task AcknowledgeAsync(IChannel channel, string callbackId, CancellationToken cancellationToken)
    {
        try
        {
            await channel.AcknowledgeAsync(callbackId, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Only a spinner stays a little longer; the press itself is still handled.
            logger.LogDebug(e, "Could not acknowledge a button press on {Channel}", channel.Name);
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var delay = settings.FirstRetryDelay * Math.Pow(2, Math.Max(0, attempt - 1));
        return delay < settings.MaxRetryDelay ? delay : settings.MaxRetryDelay;
    }

    private static OutboundReply NotBooked(InboundMessage message)
    {
        var language = message.LanguageCode?.StartsWith("pt", StringComparison.OrdinalIgnoreCase) == true ? "pt" : "en";
        var quote = string.IsNullOrWhiteSpace(message.Text) ? ""
            : $" \"{(message.Text.Length > 40 ? message.Text[..40] + "…" : message.Text)}\"";
        return new OutboundReply(string.Format(Phrases.For(language).NotBooked, quote));
    }
}
