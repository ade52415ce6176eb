using Finance.Core;
using Finance.Jobs.Outbox;
using Finance.Ledger;
using Finance.Ledger.Contexts;

namespace Finance.Jobs.Scheduling;

/// <summary>One context's turn in a scan: its session (entered into the context), its clock in its own
/// time zone, the members to tell, and the way to say something exactly once.</summary>
public sealed class ContextVisit(
    LedgerSession session, LedgerContext context, ScheduledContext schedule, IReadOnlyList<Recipient> recipients,
    DateTimeOffset now, OutboxStore outbox)
{
    public LedgerSession Session => session;
    public LedgerContext Context => context;
    public ScheduledContext Schedule => schedule;
    public IReadOnlyList<Recipient> Recipients => recipients;
    public DateTimeOffset Now => now;

    /// <summary>The context's wall-clock time now.</summary>
    public DateTime LocalNow { get; } = TimeZoneInfo.ConvertTime(now, context.Zone).DateTime;

    public DateOnly Today => DateOnly.FromDateTime(LocalNow);

    /// <summary>The context's daily moment for reminders has passed today (its summary time).</summary>
    public bool PastNoticeTime => TimeOnly.FromDateTime(LocalNow) >= schedule.SummaryTime;

    /// <summary>Claims (kind, subject, period) for this context; true only for the one caller that inserted the
    /// row. Two scans at once: the second waits on the first's row, then finds it and gets false.</summary>
    public async Task<bool> ClaimAsync(string kind, string subject, string periodKey) =>
        await session.ExecuteAsync("""
            INSERT INTO notifications (context_id, kind, subject, period_key) VALUES (app_context(), @kind, @subject, @periodKey)
            ON CONFLICT DO NOTHING
            """, new { kind, subject, periodKey }) == 1;

    /// <summary>Queues a message to every member, written in their own language.</summary>
    public async Task TellEveryoneAsync(string kind, Func<string, Task<OutboundReply>> write)
    {
        var written = new Dictionary<string, OutboundReply>();
        foreach (var recipient in recipients)
        {
            if (!written.TryGetValue(recipient.Language, out var reply))
                written[recipient.Language] = reply = await write(recipient.Language);
            await outbox.EnqueueAsync(session, recipient, kind, reply, now);
        }
    }

    public Task TellEveryoneAsync(string kind, Func<string, OutboundReply> write) =>
        TellEveryoneAsync(kind, language => Task.FromResult(write(language)));
}

/// <summary>What the scan knows of a context before entering it (from <c>scheduled_contexts()</c>; CreatedAt in UTC).</summary>
public sealed record ScheduledContext(Guid Id, string TimeZone, short SummaryDay, TimeOnly SummaryTime, Guid CreatedBy, DateTime CreatedAt);
