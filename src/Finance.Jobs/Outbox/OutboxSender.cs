using Finance.Core;
using Finance.Jobs.Scheduling;
using Finance.Ledger;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Finance.Jobs.Outbox;

/// <summary>Sends what the outbox holds through each row's channel; failures retry with backoff until the
/// last attempt, then the row is dead (kept, with its error, for a person to look at).</summary>
/// <remarks>WhatsApp only delivers free-form text within 24 hours of the user's last message; outside it the
/// WhatsApp channel has to send an approved template instead. The row's <see cref="OutboxItem.Kind"/>
/// (weekly_summary, subscription_reminder, budget_alert…) names the template, and the channel's
/// <see cref="IChannel.SendProactiveAsync"/> makes that choice, so this sender stays channel-agnostic.</remarks>
public sealed class OutboxSender(
    NpgsqlDataSource database,
    OutboxStore outbox,
    IEnumerable<IChannel> channels,
    TimeProvider time,
    IOptions<JobsOptions> options,
    ILogger<OutboxSender> logger)
{
    private readonly Dictionary<string, IChannel> channelsByName = channels.ToDictionary(c => c.Name);
    private readonly JobsOptions settings = options.Value;

    /// <summary>Sends every due row; returns how many were sent.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        while (true)
        {
            IReadOnlyList<OutboxItem> batch;
            await using (var session = await LedgerSession.BeginAsync(database, cancellationToken))
            {
                batch = await outbox.ClaimAsync(session, time.GetUtcNow(), settings.SendLease, settings.SendBatchSize);
                await session.CommitAsync();
            }
            if (batch.Count == 0) return sent;
            foreach (var item in batch)
                if (await SendAsync(item, cancellationToken)) sent++;
        }
    }

    private async Task<bool> SendAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        string? error;
        try
        {
            if (!channelsByName.TryGetValue(item.Channel, out var channel))
                throw new InvalidOperationException($"Channel '{item.Channel}' is not configured on this host.");
            await channel.SendProactiveAsync(item.ChatId, item.Kind, item.Reply, cancellationToken);
            error = null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            error = e.Message;
            logger.LogWarning(e, "Outbox {OutboxId} ({Channel}, {Kind}) failed attempt {Attempt}", item.Id, item.Channel, item.Kind, item.Attempts);
        }

        await using var session = await LedgerSession.BeginAsync(database, cancellationToken);
        var now = time.GetUtcNow();
        if (error is null) await outbox.SentAsync(session, item.Id, now);
        else
        {
            var retryAt = item.Attempts < settings.MaxSendAttempts
                ? now + settings.FirstRetryDelay * Math.Pow(2, item.Attempts - 1)
                : (DateTimeOffset?)null;
            if (retryAt is null) logger.LogError("Outbox {OutboxId} ({Channel}, {Kind}) abandoned after {Attempts} attempts", item.Id, item.Channel, item.Kind, item.Attempts);
            await outbox.FailedAsync(session, item.Id, error, retryAt);
        }
        await session.CommitAsync();
        return error is null;
    }
}
