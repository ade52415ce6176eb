using System.Diagnostics;
using Finance.Conversation.Replies;
using Finance.Core;
using Finance.Ledger;
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
    TimeProvider time,
    ILogger<InboxWorker> logger) : BackgroundService
{
    private readonly PipelineOptions settings = options.Value;
    private readonly Dictionary<string, IChannel> channelsByName = channels.ToDictionary(c => c.Name);
    private readonly SemaphoreSlim wakeUp = new(0, 1);
    // A lane's round trips run one after another (a fraction of a millisecond each under load) while its
    // commit is shared: eight messages a lane keeps both the wait and the number of commits small.
    private const int TypedPerLane = 8;
    private readonly string workerId = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    // Cancelled only when the host's shutdown timeout runs out: until then a stopping worker finishes what it holds.
    private readonly CancellationTokenSource abandon = new();

    /// <summary>Stops claiming at once; the batch in hand may finish until the host's shutdown timeout
    /// (<paramref name="cancellationToken"/>) runs out, and what is still held then goes back to the inbox.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await using (cancellationToken.Register(abandon.Cancel))
            await base.StopAsync(cancellationToken);
        // Past the timeout the batch is being abandoned: let the worker give its rows back before the host
        // disposes the data source under it.
        if (ExecuteTask is { IsCompleted: false } running)
            await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
    }

    public override void Dispose()
    {
        abandon.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        inbox.MessageArrived += WakeUp;
        IReadOnlyCollection<long> held = [];
        // Rows whose replies went out, finished by the next claim's statement (kept until one succeeds).
        IReadOnlyCollection<(long, string?)> sent = [];
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    // A batch cut short by an outage: its rows go back at once rather than when their lease ends.
                    await inbox.ReleaseAsync(workerId, held, stoppingToken);
                    held = [];
                    var batch = await inbox.ClaimAsync(workerId, settings.BatchSize, settings.Lease, stoppingToken, sent);
                    sent = [];
                    failures = 0;
                    if (batch.Count == 0)
                    {
                        await wakeUp.WaitAsync(settings.PollInterval, stoppingToken);
                        continue;
                    }
                    held = batch.Select(item => item.Id).ToList();
                    sent = await ProcessHoldingAsync(batch, held, abandon.Token);
                    held = [];
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Nothing ends this loop but the host stopping: PostgreSQL restarting, a failover or a bug in one
                    // batch is logged and waited out, and the worker carries on by itself.
                    failures++;
                    var delay = OutageBackoff(failures);
                    if (DatabaseOutage.Is(e))
                        logger.LogWarning("PostgreSQL is unavailable ({Failures} in a row: {Error}); the inbox worker tries again in {Delay}",
                            failures, e.Message, delay);
                    else
                    {
                        // Not given back early: the batch waits for its lease, so its attempts still count towards the dead letter.
                        held = [];
                        logger.LogError(e, "The inbox worker failed ({Failures} in a row); trying again in {Delay}", failures, delay);
                    }
                    await wakeUp.WaitAsync(delay, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            inbox.MessageArrived -= WakeUp;
            await FinishOnStopAsync(sent);
            await ReleaseOnStopAsync(held);
        }
    }

    /// <summary>The last batch's answered rows are finished now, since no claim follows to do it; if PostgreSQL is gone,
    /// their replies may go out again once the lease runs out.</summary>
    private async Task FinishOnStopAsync(IReadOnlyCollection<(long, string?)> sent)
    {
        if (sent.Count == 0) return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await inbox.FinishAsync(sent, timeout.Token);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not finish {Count} answered inbox rows on stopping; their replies may be sent again", sent.Count);
        }
    }

    /// <summary>What a stopping worker still holds (its shutdown timeout ran out mid-batch) goes back to the inbox
    /// now, so another host takes it without waiting for the lease. If PostgreSQL is gone too, the lease does it.</summary>
    private async Task ReleaseOnStopAsync(IReadOnlyCollection<long> held)
    {
        if (held.Count == 0) return;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await inbox.ReleaseAsync(workerId, held, timeout.Token);
            logger.LogInformation("Released {Count} inbox rows on stopping", held.Count);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not release {Count} inbox rows on stopping; their lease runs out in {Lease}", held.Count, settings.Lease);
        }
    }

    /// <summary>0.25 s, 0.5 s, 1 s … up to 5 s: soon enough to notice PostgreSQL is back, slow enough not to flood the log.</summary>
    private static TimeSpan OutageBackoff(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(5000, 250 * Math.Pow(2, Math.Min(failures, 10) - 1)));

    private void WakeUp()
    {
        if (wakeUp.CurrentCount == 0)
        {
            try { wakeUp.Release(); } catch (SemaphoreFullException) { }
        }
    }

    /// <summary><see cref="ProcessAsync"/>, renewing the batch's lease every third of it until the batch is done. A lane
    /// may wait for a free OCR engine before its own deadlines start, so a batch of slow photos can outlast any lease;
    /// renewed, no other host takes a message while it is worked on. Rows answered early stay renewed too: they are
    /// finished only by the next claim, and another host taking one would send its reply again. A host that dies stops
    /// renewing, and its rows come back when the lease runs out.
    /// A batch held <see cref="PipelineOptions.MaxHold"/> is given up: every reading has a deadline and MaxHold outlasts a
    /// batch's readings one after another, so only a bug (a hang) gets there. Its work is cancelled, its renewals stop,
    /// and the worker goes on without waiting for it; the rows whose replies went out are returned, for the next claim to
    /// finish, and the rest come back when their lease runs out (the attempt counted), to this host or another. If the
    /// given-up work ends after all, it records and sends nothing: its answer goes only on rows it still holds.</summary>
    private async Task<List<(long, string?)>> ProcessHoldingAsync(
        IReadOnlyList<InboxItem> batch, IReadOnlyCollection<long> held, CancellationToken cancellationToken)
    {
        using var giveUp = new CancellationTokenSource(settings.MaxHold, time);
        using var working = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, giveUp.Token);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(giveUp.Token); // renewals end with the batch or the hold
        var sent = new List<(long, string?)>(batch.Count);
        var renewing = RenewLeaseAsync(held, done.Token);
        var processing = ProcessAsync(batch, sent, working.Token);
        try
        {
            return await processing.WaitAsync(giveUp.Token);
        }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
        {
            logger.LogError("Gave up a batch of {Count} inbox rows held for {MaxHold} (Finance:Pipeline:MaxHold); its unanswered " +
                "messages come back when their lease runs out", held.Count, settings.MaxHold);
            _ = EndOfGivenUpAsync(processing);
            lock (sent) return [.. sent];
        }
        finally
        {
            await done.CancelAsync();
            await renewing;
        }
    }

    /// <summary>Waits for the work of a batch given up, should it end after all. A reply it sent before another claim took
    /// its row (its answer recorded while it still held the row) is finished here, since no claim of this worker will.</summary>
    private async Task EndOfGivenUpAsync(Task<List<(long, string?)>> processing)
    {
        try
        {
            var sent = await processing;
            await inbox.FinishAsync(sent, CancellationToken.None);
            logger.LogWarning("A batch given up earlier ended after all; {Count} of its replies went out", sent.Count);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "A batch given up earlier ended after all, failing");
        }
    }

    private async Task RenewLeaseAsync(IReadOnlyCollection<long> held, CancellationToken done)
    {
        // A third: two renewals in a row may fail (PostgreSQL restarting) before another host may take the rows.
        var every = settings.Lease / 3;
        using var timer = new PeriodicTimer(every, time);
        try
        {
            while (await timer.WaitForNextTickAsync(done))
            {
                try
                {
                    var renewed = await inbox.RenewLeaseAsync(workerId, held, settings.Lease, done);
                    logger.LogDebug("Renewed the lease of {Renewed} of {Held} inbox rows still being worked on", renewed, held.Count);
                }
                catch (Exception e) when (e is not OperationCanceledException || !done.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Could not renew the lease of {Count} inbox rows; trying again in {Interval}", held.Count, every);
                }
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
        }
    }

    /// <summary>Handles a claimed batch and sends its replies; returns the rows whose reply went out (added to
    /// <paramref name="finished"/> as each lane's replies go out), for the next claim to finish.</summary>
    private async Task<List<(long, string?)>> ProcessAsync(IReadOnlyList<InboxItem> batch, List<(long, string?)> finished, CancellationToken cancellationToken)
    {
        var refused = await rateLimiter.RefusedAsync(batch, cancellationToken);
        // Each lane starts right here, up to its first wait for PostgreSQL, instead of being queued to the thread pool
        // (Parallel.ForEachAsync queues a worker per lane, and one more: a sleeping thread woken for each); at most
        // Concurrency lanes run at once.
        using var slots = new SemaphoreSlim(settings.Concurrency);
        var lanes = Lanes(batch).Select(async lane =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                var sent = await ProcessLaneAsync(lane, refused, cancellationToken);
                lock (finished) finished.AddRange(sent);
            }
            finally
            {
                slots.Release();
            }
        }).ToList();
        try
        {
            await Task.WhenAll(lanes);
        }
        catch
        {
            // Lanes whose replies went out are finished at once even when another lane failed or the shutdown timeout
            // ran out, so their replies are not sent twice.
            await inbox.FinishAsync(finished, CancellationToken.None);
            throw;
        }
        return finished;
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
    private async Task<List<(long, string?)>> ProcessLaneAsync(
        List<InboxItem> lane, IReadOnlyDictionary<long, OutboundReply?> refused, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var answered = new Dictionary<long, (OutboundReply? Reply, string? Outcome)>();
        var toHandle = new List<InboxItem>(lane.Count);
        foreach (var item in lane)
        {
            if (item.Status != "pending")
                answered[item.Id] = (item.Reply, item.Outcome); // handled before; only the reply is left to send
            else if (refused.TryGetValue(item.Id, out var refusal))
            {
                if (await inbox.AnsweredAsync(workerId, item.Id, "rate_limited", refusal, "rate limited", cancellationToken))
                    answered[item.Id] = (refusal, "rate_limited");
            }
            else if (item.Attempts > settings.MaxAttempts)
            {
                // Its last attempt never ended (a batch given up, a host that died): answered with the apology, not read
                // again, so a message that hangs whatever host reads it is still answered.
                var apology = NotBooked(item.Message);
                if (await inbox.AnsweredAsync(workerId, item.Id, "dead_letter", apology, "its last attempt did not end", cancellationToken))
                    answered[item.Id] = (apology, "dead_letter");
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
        catch (InboxLeaseLostException)
        {
            logger.LogWarning("Inbox {InboxId} ({Channel}) was taken by another claim while this worker held it past its lease; " +
                "its answer here is dropped", item.Id, item.Message.Channel);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var message = item.Message;
            if (item.Attempts < settings.MaxAttempts)
            {
                var delay = Backoff(item.Attempts);
                logger.LogWarning(e, "Inbox {InboxId} ({Channel}) failed attempt {Attempt}; retrying in {Delay}",
                    item.Id, message.Channel, item.Attempts, delay);
                await inbox.RetryLaterAsync(workerId, item.Id, e.Message, delay, cancellationToken);
                return null;
            }
            logger.LogError(e, "Inbox {InboxId} ({Channel}) dead-lettered after {Attempts} attempts",
                item.Id, message.Channel, item.Attempts);
            var apology = NotBooked(message);
            return await inbox.AnsweredAsync(workerId, item.Id, "dead_letter", apology, e.Message, cancellationToken)
                ? (apology, "dead_letter") : null;
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
            if (reply is not null)
                using (FinanceTelemetry.Stage("reply", message.Channel))
                    sentMessageId = await channel.SendAsync(message.ChatId, reply, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (item.Attempts < settings.MaxAttempts + settings.ReplyAttempts)
            {
                logger.LogWarning(e, "Reply to inbox {InboxId} ({Channel}) failed; retrying", item.Id, message.Channel);
                await inbox.RetryLaterAsync(workerId, item.Id, e.Message, Backoff(item.Attempts), cancellationToken);
            }
            else
            {
                logger.LogError(e, "Reply to inbox {InboxId} ({Channel}) abandoned", item.Id, message.Channel);
                await inbox.AbandonAsync(workerId, item.Id, e.Message, cancellationToken);
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
