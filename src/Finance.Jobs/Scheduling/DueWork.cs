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
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await ScanAsync(cancellationToken);
        await sender.DrainAsync(cancellationToken);
    }

    /// <summary>Queues what is due in every context; returns how many contexts were visited.</summary>
    public async Task<int> ScanAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<ScheduledContext> contexts;
        await using (var session = await LedgerSession.BeginAsync(database, cancellationToken))
            contexts = (await session.QueryAsync<ScheduledContext>(
                "SELECT id, time_zone, summary_day, summary_time, created_by, created_at FROM scheduled_contexts()")).ToList();

        foreach (var context in contexts)
        {
            try
            {
                await VisitAsync(context, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One broken context must not keep the others from their summaries; the next scan tries again.
                logger.LogError(e, "Scheduled work of context {ContextId} failed", context.Id);
            }
        }
        return contexts.Count;
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
