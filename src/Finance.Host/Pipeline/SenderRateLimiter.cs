using Dapper;
using Finance.Conversation.Replies;
using Finance.Core;
using Finance.Ledger.Contexts;
using Finance.Ledger.Inbox;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Finance.Host.Pipeline;

/// <summary>
/// At most <see cref="PipelineOptions.MessagesPerMinute"/> messages per sender and clock minute, counted in
/// PostgreSQL, so a flood from one chat cannot starve the others however many hosts share the work. A claimed
/// batch costs one UPSERT. The message just past the limit gets a plain notice; the rest of the minute's flood
/// is not handled and not answered (never booked without a word: the sender was told).
/// </summary>
/// <remarks>The minute comes from <see cref="TimeProvider"/>, so the window is whatever clock the host runs on
/// (a test's hand-set clock holds it still).</remarks>
public sealed class SenderRateLimiter(
    NpgsqlDataSource database, IOptions<PipelineOptions> options, TimeProvider time, ILogger<SenderRateLimiter> logger)
{
    /// <summary>The batch's messages over the limit, each with the notice to send (null: already told this minute).
    /// Counts only first attempts: a retried message was admitted when it first came.</summary>
    public async Task<IReadOnlyDictionary<long, OutboundReply?>> RefusedAsync(
        IReadOnlyList<InboxItem> batch, CancellationToken cancellationToken)
    {
        var bySender = batch
            .Where(item => item is { Status: "pending", Attempts: 1 })
            .GroupBy(item => $"{item.Message.Channel}:{item.Message.SenderId}", StringComparer.Ordinal)
            // Rows are locked in one order by every host, so two batches never wait on each other in a circle.
            .OrderBy(sender => sender.Key, StringComparer.Ordinal)
            .ToList();
        if (bySender.Count == 0) return new Dictionary<long, OutboundReply?>();

        IEnumerable<(string Sender, int Messages)> totals;
        try
        {
            totals = await CountAsync(bySender.Select(s => s.Key).ToArray(), bySender.Select(s => s.Count()).ToArray(), cancellationToken);
        }
        catch (NpgsqlException e)
        {
            // The limit protects the other chats; it is not worth holding every message back while the database is away.
            logger.LogWarning(e, "Could not count messages per sender; admitting this batch");
            return new Dictionary<long, OutboundReply?>();
        }

        var limit = options.Value.MessagesPerMinute;
        var refused = new Dictionary<long, OutboundReply?>();
        var after = totals.ToDictionary(t => t.Sender, t => t.Messages, StringComparer.Ordinal);
        foreach (var sender in bySender)
        {
            // Positions in the minute: the batch's messages come right after those counted before it.
            var position = after[sender.Key] - sender.Count();
            foreach (var item in sender.OrderBy(i => i.Id))
                if (++position > limit) refused[item.Id] = position == limit + 1 ? Notice(item.Message) : null;
        }
        return refused;
    }

    private async Task<IEnumerable<(string Sender, int Messages)>> CountAsync(string[] senders, int[] counts, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        // A host whose clock is behind adds to the newer minute instead of starting an older one again.
        return await connection.QueryAsync<(string, int)>(new CommandDefinition("""
            INSERT INTO sender_rate AS r (sender, window_start, messages)
            SELECT sender, @minute, messages FROM unnest(@senders, @counts) AS batch(sender, messages)
            ON CONFLICT (sender) DO UPDATE SET
                messages = CASE WHEN r.window_start >= excluded.window_start THEN r.messages + excluded.messages
                                ELSE excluded.messages END,
                window_start = greatest(r.window_start, excluded.window_start)
            RETURNING sender, messages
            """, new { minute, senders, counts }, cancellationToken: cancellationToken));
    }

    /// <summary>Deletes the counts of senders quiet for a whole minute: their next message starts a new window anyway
    /// (the UPSERT above), so such a row is never read again. Returns how many went.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var previousMinute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(-1);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        // Kept: the current and the previous minute, for a host whose clock is a little behind.
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM sender_rate WHERE window_start < @previousMinute", new { previousMinute }, cancellationToken: cancellationToken));
    }

    private static OutboundReply Notice(InboundMessage message) =>
        new(Phrases.For(LocaleDefaults.For(message.LanguageCode).Language).RateLimited);
}
