using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Finance.Core;
using Npgsql;

namespace Finance.Ledger.Inbox;

/// <summary>A claimed inbox row. <see cref="Reply"/> is set once the message was handled and only the
/// reply remains to be sent. <see cref="ClaimedBy"/>: the worker that claimed it, the only one that may record its answer.</summary>
public sealed record InboxItem(long Id, InboundMessage Message, int Attempts, string Status, string? Outcome, OutboundReply? Reply, string ClaimedBy);

/// <summary>The worker no longer holds the row it tried to answer: it held the row past its lease (it gave the batch up,
/// see PipelineOptions.MaxHold) and another claim took it or finished it. Its answer is not recorded; the transaction
/// it was recorded in must not commit.</summary>
public sealed class InboxLeaseLostException(IReadOnlyCollection<long> ids)
    : Exception($"Inbox rows {string.Join(", ", ids)} are no longer held by the worker that handled them; another claim answers them.")
{
    public IReadOnlyCollection<long> Ids { get; } = ids;
}

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

    // A finished row (f: its id and the channel's id of its reply): done, or dead when its answer was the dead letter's apology.
    private const string Finished = """
        status = CASE WHEN outcome = 'dead_letter' THEN 'dead' ELSE 'done' END,
                             sent_message_id = f.sent_message_id, finished_at = now(), locked_by = NULL
        """;

    // The due ids are an array, not an IN (subquery): the generic plan of IN joined the subquery to a scan of the whole
    // inbox (every message ever handled), 60–80 ms a claim at 70,000 rows and growing with the table; an array is looked
    // up by the primary key. The lease lives in leased_until, which no index reads, so the claim is made in place (HOT).
    // The rows of the worker's previous batch whose replies went out are finished by the same statement: one round trip
    // and one commit a batch instead of two. They are still leased to this worker; the claim passes over them by id too.
    // $1 worker id, $2 lease, $3 limit; $4 ids to finish, $5 the channel's id of each one's reply
    internal const string ClaimStatement = $"""
        WITH finished AS (
            UPDATE inbox SET {Finished}
            FROM unnest($4::bigint[], $5::text[]) AS f(id, sent_message_id)
            WHERE inbox.id = f.id)
        UPDATE inbox SET locked_by = $1, leased_until = now() + $2, attempts = attempts + 1
        WHERE id = ANY(ARRAY(
            SELECT id FROM inbox
            WHERE status IN ('pending', 'replying') AND next_attempt_at <= now()
              AND (leased_until IS NULL OR leased_until <= now()) AND id <> ALL($4::bigint[])
            ORDER BY next_attempt_at, id
            LIMIT $3
            FOR UPDATE SKIP LOCKED))
        RETURNING id, message::text AS message, attempts,
                  CASE WHEN status = 'pending' AND outcome IS NOT NULL THEN 'replying' ELSE status END AS status,
                  outcome, reply::text AS reply
        """;

    /// <summary>Leases up to <paramref name="limit"/> due rows to this worker; each claim counts as an attempt.
    /// Leased rows stay in the due range of inbox_ready and are passed over by their lease: a claim changes no indexed
    /// column, so PostgreSQL writes no index entries for it. Each worker holds one batch at a time, so what a claim
    /// passes over is at most a batch per worker. <paramref name="finish"/>: rows of this worker's whose reply went out
    /// (see <see cref="FinishAsync"/>), finished in the same statement.</summary>
    public async Task<IReadOnlyList<InboxItem>> ClaimAsync(string workerId, int limit, TimeSpan lease, CancellationToken cancellationToken,
        IReadOnlyCollection<(long Id, string? SentMessageId)>? finish = null)
    {
        await using var claim = dataSource.CreateCommand(ClaimStatement);
        claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = workerId });
        claim.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = lease });
        claim.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        claim.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = finish?.Select(r => r.Id).ToArray() ?? [] });
        claim.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = finish?.Select(r => r.SentMessageId).ToArray() ?? [] });
        await using var rows = await claim.ExecuteReaderAsync(cancellationToken);
        var items = new List<InboxItem>();
        while (await rows.ReadAsync(cancellationToken))
            items.Add(new InboxItem(
                rows.GetInt64(0),
                JsonSerializer.Deserialize<InboundMessage>(rows.GetString(1), Json)!,
                rows.GetInt32(2),
                rows.GetString(3),
                rows.IsDBNull(4) ? null : rows.GetString(4),
                rows.IsDBNull(5) ? null : JsonSerializer.Deserialize<OutboundReply>(rows.GetString(5), Json),
                workerId));
        items.Sort((a, b) => a.Id.CompareTo(b.Id));
        return items;
    }

    /// <summary>Extends the lease of the rows this worker still holds to <paramref name="lease"/> from now, while it works
    /// on them: a batch may run longer than one lease (photos waiting for an OCR engine), and another host must not take a
    /// message still in progress. Only the holder renews: a row another worker claimed since (this one's lease ran out),
    /// or one given back or finished, is left alone, so a host that stopped renewing (it died) still loses its rows when
    /// their lease runs out. Changes no indexed column, so the row is updated in place. Returns the rows renewed.</summary>
    public async Task<int> RenewLeaseAsync(string workerId, IReadOnlyCollection<long> ids, TimeSpan lease, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return 0;
        // $1 worker id, $2 lease, $3 ids
        await using var renew = dataSource.CreateCommand("""
            UPDATE inbox SET leased_until = now() + $2
            WHERE id = ANY($3) AND locked_by = $1 AND status IN ('pending', 'replying')
            """);
        renew.Parameters.Add(new NpgsqlParameter<string> { TypedValue = workerId });
        renew.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = lease });
        renew.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = ids.ToArray() });
        return await renew.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records handled outcomes and the replies to send, inside the handling transaction, on rows
    /// <paramref name="workerId"/> still holds.</summary>
    /// <exception cref="InboxLeaseLostException">A row is no longer held by this worker (see <see cref="InboxLeaseLostException"/>):
    /// the transaction must not commit, so what it booked is not booked and no reply is sent twice.</exception>
    public async Task AnsweredAsync(LedgerSession session, string workerId, IReadOnlyCollection<(long Id, string Outcome, OutboundReply? Reply)> rows)
    {
        // $1 ids, $2 outcomes, $3 replies (JSON), $4 worker id
        var recorded = await session.QueryAsync("""
            UPDATE inbox SET outcome = a.outcome, reply = a.reply::jsonb
            FROM unnest($1::bigint[], $2::text[], $3::text[]) AS a(id, outcome, reply)
            WHERE inbox.id = a.id AND inbox.locked_by = $4
            RETURNING inbox.id
            """, row => row.GetInt64(0),
            new NpgsqlParameter<long[]> { TypedValue = rows.Select(r => r.Id).ToArray() },
            new NpgsqlParameter<string[]> { TypedValue = rows.Select(r => r.Outcome).ToArray() },
            new NpgsqlParameter<string?[]> { TypedValue = rows.Select(r => r.Reply is null ? null : JsonSerializer.Serialize(r.Reply, Json)).ToArray() },
            new NpgsqlParameter<string> { TypedValue = workerId });
        if (recorded.Count < rows.Count) throw new InboxLeaseLostException(rows.Select(r => r.Id).Except(recorded).ToList());
    }

    /// <summary>Same as <see cref="AnsweredAsync(LedgerSession, string, IReadOnlyCollection{ValueTuple{long, string, OutboundReply}})"/>
    /// with no booking around it: a dead letter's apology, a rate limit's notice (or no reply at all). False when the
    /// worker no longer holds the row: nothing was recorded, and its reply must not be sent.</summary>
    public async Task<bool> AnsweredAsync(string workerId, long id, string outcome, OutboundReply? reply, string error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE inbox SET outcome = @outcome, reply = @reply::jsonb, last_error = @error
            WHERE id = @id AND locked_by = @workerId
            """, new { workerId, id, outcome, error, reply = JsonSerializer.Serialize(reply, Json) }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Finishes rows whose reply went out, keeping the channel's id of each reply (a user's reply to
    /// it finds the booking it confirmed). The worker's next claim usually does this (see <see cref="ClaimAsync"/>).</summary>
    public async Task FinishAsync(IReadOnlyCollection<(long Id, string? SentMessageId)> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        // $1 ids, $2 the channel's id of each one's reply
        await using var finish = dataSource.CreateCommand($"""
            UPDATE inbox SET {Finished}
            FROM unnest($1::bigint[], $2::text[]) AS f(id, sent_message_id)
            WHERE inbox.id = f.id
            """);
        finish.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = rows.Select(r => r.Id).ToArray() });
        finish.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = rows.Select(r => r.SentMessageId).ToArray() });
        await finish.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Gives the row back for another attempt after <paramref name="delay"/>, if this worker still holds it
    /// (one that lost it must not take it from under its new holder).</summary>
    public async Task RetryLaterAsync(string workerId, long id, string error, TimeSpan delay, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE inbox SET next_attempt_at = now() + @delay, leased_until = NULL, last_error = @error, locked_by = NULL
            WHERE id = @id AND locked_by = @workerId
            """, new { workerId, id, error, delay }, cancellationToken: cancellationToken));
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

    /// <summary>Gives up on a row whose reply could not be delivered either, if this worker still holds it.</summary>
    public async Task AbandonAsync(string workerId, long id, string error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE inbox SET status = 'dead', last_error = @error, finished_at = now(), locked_by = NULL
            WHERE id = @id AND locked_by = @workerId
            """, new { workerId, id, error }, cancellationToken: cancellationToken));
    }

    public ValueTask DisposeAsync() => writer.DisposeAsync();
}
