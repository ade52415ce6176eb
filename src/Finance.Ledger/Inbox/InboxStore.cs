using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Finance.Core;
using Npgsql;

namespace Finance.Ledger.Inbox;

/// <summary>A claimed inbox row. <see cref="Reply"/> is set once the message was handled and only the
/// reply remains to be sent.</summary>
public sealed record InboxItem(long Id, InboundMessage Message, int Attempts, string Status, string? Outcome, OutboundReply? Reply);

/// <summary>
/// The durable intake between channels and the worker. A message moves pending → replying → done
/// (or dead). Handling and the move to replying (its outcome and reply recorded) commit together with the booking,
/// so a crash before that commit books nothing and the row is claimed again when its lease runs out, and a
/// crash after it only resends the reply. Claims use FOR UPDATE SKIP LOCKED, so hosts share rows.
/// Replying is read, not stored: the status column stays 'pending' until the row is finished (rows from before
/// migration 022 may still say 'replying'), so recording the answer changes no indexed column and PostgreSQL
/// updates the row in place on its page, without new index entries.
/// </summary>
public sealed class InboxStore(NpgsqlDataSource dataSource) : IInbox, IAsyncDisposable
{
    // Absent fields are left out: an inbox row is written four times over (stored, claimed, answered, finished), so its
    // size is paid four times in the heap and the WAL.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
    private readonly InboxWriter writer = new(dataSource, Json);

    public event Action? MessageArrived;

    public async Task<bool> EnqueueAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        var inserted = await writer.WriteAsync(message, cancellationToken);
        if (inserted) MessageArrived?.Invoke();
        return inserted;
    }

    // The due ids are an array, not an IN (subquery): the generic plan of IN joined the subquery to a scan of the whole
    // inbox (every message ever handled), 60–80 ms a claim at 70,000 rows and growing with the table; an array is looked
    // up by the primary key. The lease lives in leased_until, which no index reads, so the claim is made in place (HOT).
    internal const string ClaimStatement = """
        UPDATE inbox SET locked_by = @workerId, leased_until = now() + @lease, attempts = attempts + 1
        WHERE id = ANY(ARRAY(
            SELECT id FROM inbox
            WHERE status IN ('pending', 'replying') AND next_attempt_at <= now()
              AND (leased_until IS NULL OR leased_until <= now())
            ORDER BY next_attempt_at, id
            LIMIT @limit
            FOR UPDATE SKIP LOCKED))
        RETURNING id, message::text AS message, attempts,
                  CASE WHEN status = 'pending' AND outcome IS NOT NULL THEN 'replying' ELSE status END AS status,
                  outcome, reply::text AS reply
        """;

    /// <summary>Leases up to <paramref name="limit"/> due rows to this worker; each claim counts as an attempt.
    /// Leased rows stay in the due range of inbox_ready and are passed over by their lease: a claim changes no indexed
    /// column, so PostgreSQL writes no index entries for it. Each worker holds one batch at a time, so what a claim
    /// passes over is at most a batch per worker.</summary>
    public async Task<IReadOnlyList<InboxItem>> ClaimAsync(string workerId, int limit, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ClaimedRow>(new CommandDefinition(ClaimStatement, new { workerId, lease, limit }, cancellationToken: cancellationToken));
        return rows.OrderBy(r => r.Id).Select(r => new InboxItem(
            r.Id,
            JsonSerializer.Deserialize<InboundMessage>(r.Message, Json)!,
            r.Attempts,
            r.Status,
            r.Outcome,
            r.Reply is null ? null : JsonSerializer.Deserialize<OutboundReply>(r.Reply, Json))).ToList();
    }

    /// <summary>Records handled outcomes and the replies to send, inside the handling transaction.</summary>
    public Task AnsweredAsync(LedgerSession session, IReadOnlyCollection<(long Id, string Outcome, OutboundReply? Reply)> rows) =>
        session.ExecuteAsync("""
            UPDATE inbox SET outcome = a.outcome, reply = a.reply::jsonb
            FROM unnest(@ids, @outcomes, @replies) AS a(id, outcome, reply)
            WHERE inbox.id = a.id
            """, new
            {
                ids = rows.Select(r => r.Id).ToArray(),
                outcomes = rows.Select(r => r.Outcome).ToArray(),
                replies = rows.Select(r => r.Reply is null ? null : JsonSerializer.Serialize(r.Reply, Json)).ToArray(),
            });

    /// <summary>Same as <see cref="AnsweredAsync(LedgerSession, IReadOnlyCollection{ValueTuple{long, string, OutboundReply}})"/> with no booking
    /// around it: a dead letter's apology, a rate limit's notice (or no reply at all).</summary>
    public async Task AnsweredAsync(long id, string outcome, OutboundReply? reply, string error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE inbox SET outcome = @outcome, reply = @reply::jsonb, last_error = @error
            WHERE id = @id
            """, new { id, outcome, error, reply = JsonSerializer.Serialize(reply, Json) }, cancellationToken: cancellationToken));
    }

    /// <summary>Finishes rows whose reply went out, keeping the channel's id of each reply (a user's reply to
    /// it finds the booking it confirmed).</summary>
    public async Task FinishAsync(IReadOnlyCollection<(long Id, string? SentMessageId)> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE inbox SET status = CASE WHEN outcome = 'dead_letter' THEN 'dead' ELSE 'done' END,
                             sent_message_id = f.sent_message_id, finished_at = now(), locked_by = NULL
            FROM unnest(@ids, @sentMessageIds) AS f(id, sent_message_id)
            WHERE inbox.id = f.id
            """, new { ids = rows.Select(r => r.Id).ToArray(), sentMessageIds = rows.Select(r => r.SentMessageId).ToArray() },
            cancellationToken: cancellationToken));
    }

    /// <summary>Gives the row back for another attempt after <paramref name="delay"/>.</summary>
    public async Task RetryLaterAsync(long id, string error, TimeSpan delay, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE inbox SET next_attempt_at = now() + @delay, leased_until = NULL, last_error = @error, locked_by = NULL
            WHERE id = @id
            """, new { id, error, delay }, cancellationToken: cancellationToken));
    }

    /// <summary>Hands rows this worker claimed but did not finish back at once (a stopping host, a batch cut short by an
    /// outage) instead of when their lease runs out. The interrupted claim does not count as an attempt.</summary>
    public async Task ReleaseAsync(string workerId, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE inbox SET leased_until = NULL, locked_by = NULL, attempts = GREATEST(attempts - 1, 0)
            WHERE id = ANY(@ids) AND locked_by = @workerId AND status IN ('pending', 'replying')
            """, new { workerId, ids = ids.ToArray() }, cancellationToken: cancellationToken));
    }

    /// <summary>Gives up on a row whose reply could not be delivered either.</summary>
    public async Task AbandonAsync(long id, string error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE inbox SET status = 'dead', last_error = @error, finished_at = now(), locked_by = NULL
            WHERE id = @id
            """, new { id, error }, cancellationToken: cancellationToken));
    }

    private sealed record ClaimedRow(long Id, string Message, int Attempts, string Status, string? Outcome, string? Reply);

    public ValueTask DisposeAsync() => writer.DisposeAsync();
}
