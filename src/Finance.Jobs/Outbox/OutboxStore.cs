using System.Text.Json;
using Finance.Core;
using Finance.Ledger;
using Finance.Ledger.Buttons;

namespace Finance.Jobs.Outbox;

/// <summary>A message waiting to go out, claimed for one send attempt.</summary>
public sealed record OutboxItem(long Id, string Channel, string ChatId, string Kind, OutboundReply Reply, int Attempts);

/// <summary>Messages the bot starts. They are enqueued in the same transaction as the notification row that
/// decided them, and sent afterwards with retries, so a crash never loses one and a claim never doubles one.</summary>
public sealed class OutboxStore(ButtonActionStore buttons)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task EnqueueAsync(LedgerSession session, Recipient to, string kind, OutboundReply reply, DateTimeOffset now)
    {
        reply = await buttons.StoreAsync(session, to.Channel, to.ChatId, reply);
        await session.ExecuteAsync("""
            INSERT INTO outbox (context_id, user_id, channel, chat_id, kind, reply, photo, next_attempt_at)
            VALUES (app_context(), @UserId, @Channel, @ChatId, @kind, @reply::jsonb, @photo, @now)
            """, new
            {
                to.UserId, to.Channel, to.ChatId, kind, now, photo = reply.Photo,
                reply = JsonSerializer.Serialize(reply with { Photo = null }, Json),
            });
    }

    /// <summary>Claims due rows for one attempt each; a claimed row comes back by itself after the lease
    /// if its sender dies before finishing it. The ids go through an array so the generic plan reaches them by
    /// primary key (with IN (subquery) it could scan the whole outbox, as the inbox's claim did).</summary>
    public async Task<IReadOnlyList<OutboxItem>> ClaimAsync(LedgerSession session, DateTimeOffset now, TimeSpan lease, int limit) =>
        (await session.QueryAsync<Row>("""
            UPDATE outbox SET attempts = attempts + 1, next_attempt_at = @leaseUntil
            WHERE id = ANY(ARRAY(SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= @now
                                 ORDER BY id LIMIT @limit FOR UPDATE SKIP LOCKED))
            RETURNING id, channel, chat_id, kind, reply::text AS reply, photo, attempts
            """, new { now, leaseUntil = now + lease, limit }))
        .OrderBy(r => r.Id)
        .Select(r => new OutboxItem(r.Id, r.Channel, r.ChatId, r.Kind,
            JsonSerializer.Deserialize<OutboundReply>(r.Reply, Json)! with { Photo = r.Photo }, r.Attempts))
        .ToList();

    public Task SentAsync(LedgerSession session, long id, DateTimeOffset now) =>
        session.ExecuteAsync("UPDATE outbox SET status = 'sent', sent_at = @now, last_error = NULL WHERE id = @id", new { id, now });

    public Task FailedAsync(LedgerSession session, long id, string error, DateTimeOffset? retryAt) =>
        session.ExecuteAsync("""
            UPDATE outbox SET status = CASE WHEN @retryAt::timestamptz IS NULL THEN 'dead' ELSE 'pending' END,
                              next_attempt_at = coalesce(@retryAt, next_attempt_at), last_error = @error
            WHERE id = @id
            """, new { id, error, retryAt });

    private sealed record Row(long Id, string Channel, string ChatId, string Kind, string Reply, byte[]? Photo, int Attempts);
}
