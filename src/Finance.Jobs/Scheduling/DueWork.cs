using Finance.Jobs.Budgets;
using Finance.Jobs.Outbox;
using Finance.Jobs.Subscriptions;
using Finance.Jobs.WeeklySummary;
using Finance.Ledger;
using Finance.Ledger.Contexts;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Finance.Jobs.Scheduling;

/// <summary>
/// One scan: visit every context in its own session and time zone, queue whatever has come due (the weekly
/// summary, subscription reminders and price notes, detected subscriptions, budget alerts), then send the
/// outbox. Only the latest due period of anything is considered, so a host that was down sends what is due
/// now once when it comes back, never a burst of old ones. Safe to run on several hosts at once.
/// </summary>
public sealed class DueWork(
    NpgsqlDataSource database,
    WeeklySummaryNotice weeklySummary,
    SubscriptionWatch subscriptions,
    BudgetWatch budgets,
    OutboxStore outbox,
    OutboxSender sender,
    TimeProvider time,
    ILogger<DueWork> logger)
{
    public Task RunAsync(CancellationToken cancellationToken) => RunAsync(TimeSpan.Zero, CancellationToken.None, cancellationToken);

    /// <summary>One scan and then the outbox. The scan's visits are spread evenly over <paramref name="spreadOver"/>
    /// (zero: one after the other at once): a context costs the database a few statements, so visiting thousands back
    /// to back held most of a core for tens of seconds every few minutes, and messages arriving meanwhile waited (bench
    /// pipeline's slow seconds). When <paramref name="stopping"/> fires the scan stops between two visits: each visit is
    /// its own transaction, and the next scan, on any host, visits the rest.</summary>
    public async Task RunAsync(TimeSpan spreadOver, CancellationToken stopping, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var (visited, contexts) = await ScanAsync(spreadOver, stopping, cancellationToken);
        await sender.DrainAsync(cancellationToken);
        // One line a scan: its cost grows with the number of contexts, and it shares the database with the messages.
        logger.LogInformation("Scheduled scan visited {Visited} of {Contexts} contexts in {Seconds:0.0} s",
            visited, contexts, time.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Queues what is due in every context, the visits spread over <paramref name="spreadOver"/>; returns how
    /// many contexts were visited and how many there were (fewer were visited when <paramref name="stopping"/> fired).</summary>
    public async Task<(int Visited, int Contexts)> ScanAsync(TimeSpan spreadOver, CancellationToken stopping, CancellationToken cancellationToken)
    {
        IReadOnlyList<ScheduledContext> contexts;
        await using (var session = await LedgerSession.BeginAsync(database, cancellationToken))
            contexts = (await session.QueryAsync<ScheduledContext>(
                "SELECT id, time_zone, summary_day, summary_time, created_by, created_at FROM scheduled_contexts()")).ToList();

        var started = time.GetTimestamp();
        for (var i = 0; i < contexts.Count; i++)
        {
            // A visit's turn; a scan that has fallen behind its turns (a slow database) goes on without pausing.
            var wait = spreadOver * i / contexts.Count - time.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, time, stopping);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return (i, contexts.Count);
                }
            }
            try
            {
                await VisitAsync(contexts[i], cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One broken context must not keep the others from their summaries; the next scan tries again.
                logger.LogError(e, "Scheduled work of context {ContextId} failed", contexts[i].Id);
            }
        }
        return (contexts.Count, contexts.Count);
    }

    private async Task VisitAsync(ScheduledContext scheduled, CancellationToken cancellationToken)
    {
        await using var session = await LedgerSession.BeginAsync(database, cancellationToken, scheduled.Id, scheduled.CreatedBy);
        var context = await session.QuerySingleAsync<LedgerContext>(
            "SELECT id, name, kind, base_currency, time_zone FROM contexts WHERE id = app_context()");
        var recipients = (await session.QueryAsync<Recipient>("""
            SELECT DISTINCT ON (m.user_id) m.user_id, u.language, i.channel, i.chat_id
            FROM context_members m
            JOIN users u ON u.id = m.user_id
            JOIN channel_identities i ON i.user_id = m.user_id
            WHERE m.context_id = app_context()
            ORDER BY m.user_id, i.created_at DESC
            """)).ToList();
        if (recipients.Count == 0) return;

        var visit = new ContextVisit(session, context, scheduled, recipients, time.GetUtcNow(), outbox);
        await subscriptions.RunAsync(visit);
        await budgets.RunAsync(visit);
        await weeklySummary.RunAsync(visit);
        await session.CommitAsync();
    }
}
