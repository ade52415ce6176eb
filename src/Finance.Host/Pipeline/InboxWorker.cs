using System.Diagnostics;
using Finance.Conversation.Replies;
using Finance.Core;
using Finance.Ledger.Inbox;
using Microsoft.Extensions.Options;

namespace Finance.Host.Pipeline;

/// <summary>
/// Claims inbox rows (SKIP LOCKED, so several hosts share one database), runs them through the
/// <see cref="MessagePipeline"/>, sends the replies and finishes the rows. Messages of one chat are
/// handled in order; chats in parallel lanes, whose typed messages share a transaction. Failures retry
/// with exponential backoff; after the last attempt the user is told plainly that the message was not booked.
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
    // A lane's round trips run one after another (a fraction of a millisecond each under load) while its
    // commit is shared: eight messages a lane keeps both the wait and the number of commits small.
    private const int TypedPerLane = 8;
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
        await Parallel.ForEachAsync(Lanes(batch),
            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
            async (lane, ct) =>
            {
                var sent = await ProcessLaneAsync(lane, ct);
                lock (finished) finished.AddRange(sent);
            });
        await inbox.FinishAsync(finished, cancellationToken);
    }

    /// <summary>
    /// Splits a batch into lanes that run in parallel. A chat stays in one lane, so its messages are handled
    /// and answered in order. A chat with a voice note or a photo gets a lane of its own, since reading media
    /// takes seconds. Chats of typed messages share lanes, and a lane handles its typed messages in one
    /// transaction: about <see cref="TypedPerLane"/> each, in up to <see cref="PipelineOptions.Concurrency"/> lanes.
    /// </summary>
    private List<List<InboxItem>> Lanes(IReadOnlyList<InboxItem> batch)
    {
        var lanes = new List<List<InboxItem>>();
        var typedChats = new List<IGrouping<(string, string), InboxItem>>();
        foreach (var chat in batch.GroupBy(ChatOf))
            if (chat.All(IsTyped)) typedChats.Add(chat);
            else lanes.Add(chat.ToList());
        var typedCount = typedChats.Sum(chat => chat.Count());
        var typed = Enumerable.Range(0, Math.Clamp((typedCount + TypedPerLane - 1) / TypedPerLane, 1, settings.Concurrency))
            .Select(_ => new List<InboxItem>()).ToList();
        foreach (var chat in typedChats) typed.MinBy(lane => lane.Count)!.AddRange(chat);
        lanes.AddRange(typed.Where(lane => lane.Count > 0));
        return lanes;
    }

    private static (string Channel, string ChatId) ChatOf(InboxItem item) => (item.Message.Channel, item.Message.ChatId);

    /// <summary>Typed text or a button press: nothing to download or read before handling.</summary>
    private static bool IsTyped(InboxItem item) => item.Message.Media is null;

    /// <summary>Handles a lane's messages, then sends their replies (each chat's in order); returns the rows whose
    /// reply went out, with the channel's id of each reply.</summary>
    private async Task<List<(long, string?)>> ProcessLaneAsync(List<InboxItem> lane, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var answered = new Dictionary<long, (OutboundReply? Reply, string? Outcome)>();
        var toHandle = new List<InboxItem>(lane.Count);
        foreach (var item in lane)
        {
            if (item.Status != "pending")
                answered[item.Id] = (item.Reply, item.Outcome); // handled before; only the reply is left to send
            else if (!rateLimiter.TryAdmit(item.Message, out var refusal))
            {
                await inbox.AnsweredAsync(item.Id, "rate_limited", refusal, "rate limited", cancellationToken);
                answered[item.Id] = (refusal, "rate_limited");
            }
            else
            {
                if (item.Message.CallbackId is { } callbackId && channelsByName.GetValueOrDefault(item.Message.Channel) is { } channel)
                    await AcknowledgeAsync(channel, callbackId, cancellationToken);
                toHandle.Add(item);
            }
        }

        if (toHandle.Count > 1 && toHandle.All(IsTyped))
        {
            try
            {
                var answers = await pipeline.HandleAsync(toHandle, cancellationToken);
                for (var i = 0; i < toHandle.Count; i++) answered[toHandle[i].Id] = (answers[i].Reply, answers[i].Outcome);
                toHandle.Clear();
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Nothing of the run was booked; each message gets its own transaction, retries and dead letter.
                logger.LogInformation(e, "{Count} messages handled together failed; handling them one by one", toHandle.Count);
            }
        }
        foreach (var item in toHandle)
            if (await HandleOneAsync(item, cancellationToken) is { } answer)
                answered[item.Id] = answer;

        // Each chat's replies go in order; the chats' replies go at once, so one slow send holds up only its chat.
        var sent = new List<(long, string?)>(answered.Count);
        await Task.WhenAll(lane.GroupBy(ChatOf).Select(async chat =>
        {
            foreach (var item in chat)
                if (answered.TryGetValue(item.Id, out var answer)
                    && await SendAsync(item, answer.Reply, answer.Outcome, started, cancellationToken) is (true, var sentMessageId))
                    lock (sent) sent.Add((item.Id, sentMessageId));
        }));
        return sent;
    }

    /// <summary>Handles one message in a transaction of its own; on failure it is retried later (null) or, after the
    /// last attempt, dead-lettered with a plain apology.</summary>
    private async Task<(OutboundReply? Reply, string? Outcome)?> HandleOneAsync(InboxItem item, CancellationToken cancellationToken)
    {
        try
        {
            var answer = (await pipeline.HandleAsync([item], cancellationToken))[0];
            return (answer.Reply, answer.Outcome);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var message = item.Message;
            if (item.Attempts < settings.MaxAttempts)
            {
                var delay = Backoff(item.Attempts);
                logger.LogWarning(e, "Inbox {InboxId} ({Channel}) failed attempt {Attempt}; retrying in {Delay}",
                    item.Id, message.Channel, item.Attempts, delay);
                await inbox.RetryLaterAsync(item.Id, e.Message, delay, cancellationToken);
                return null;
            }
            logger.LogError(e, "Inbox {InboxId} ({Channel}) dead-lettered after {Attempts} attempts",
                item.Id, message.Channel, item.Attempts);
            var apology = NotBooked(message);
            await inbox.AnsweredAsync(item.Id, "dead_letter", apology, e.Message, cancellationToken);
            return (apology, "dead_letter");
        }
    }

    /// <summary>Sends a handled message's reply (if it has one); Finished when done, with the channel's id of the reply.</summary>
    private async Task<(bool Finished, string? SentMessageId)> SendAsync(
        InboxItem item, OutboundReply? reply, string? outcome, long started, CancellationToken cancellationToken)
    {
        var message = item.Message;
        string? sentMessageId = null;
        try
        {
            var channel = channelsByName.GetValueOrDefault(message.Channel)
                ?? throw new InvalidOperationException($"Channel '{message.Channel}' is not configured on this host.");
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
        var language = Finance.Ledger.Contexts.LocaleDefaults.For(message.LanguageCode).Language;
        var quote = string.IsNullOrWhiteSpace(message.Text) ? ""
            : $" \"{(message.Text.Length > 40 ? message.Text[..40] + "…" : message.Text)}\"";
        return new OutboundReply(string.Format(Phrases.For(language).NotBooked, quote));
    }
}
