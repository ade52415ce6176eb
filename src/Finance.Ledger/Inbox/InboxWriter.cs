using System.Text.Json;
using System.Threading.Channels;
using Finance.Core;
using Npgsql;

namespace Finance.Ledger.Inbox;

/// <summary>
/// Coalesces concurrent inbox writes into one multi-row INSERT, so a burst of webhook deliveries costs
/// one commit (one WAL flush) instead of one each. Every caller still waits for its own row to be
/// durable before its webhook answers 200.
/// </summary>
internal sealed class InboxWriter(NpgsqlDataSource dataSource, JsonSerializerOptions json) : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new() { SingleReader = true });
    private Task? loop;

    public Task<bool> WriteAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        var pending = new Pending(message, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (loop is null) lock (queue) loop ??= Task.Run(DrainAsync);
        if (!queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(InboxWriter));
        return pending.Stored.Task.WaitAsync(cancellationToken);
    }

    private async Task DrainAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var next)) batch.Add(next);
            try
            {
                var stored = await InsertAsync(batch);
                var seen = new HashSet<(string, string)>();
                foreach (var item in batch)
                    item.Stored.TrySetResult(stored.Contains((item.Message.Channel, item.Message.ExternalId))
                        && seen.Add((item.Message.Channel, item.Message.ExternalId)));
            }
            catch (Exception e)
            {
                foreach (var item in batch) item.Stored.TrySetException(e);
            }
        }
    }

    private async Task<HashSet<(string, string)>> InsertAsync(List<Pending> batch)
    {
        // Positional parameters ($1 channels, $2 external ids, $3 chat ids, $4 messages as JSON): every webhook runs this,
        // and Npgsql would rewrite named ones on every call.
        await using var insert = dataSource.CreateCommand("""
            INSERT INTO inbox (channel, external_id, chat_id, message)
            SELECT channel, external_id, chat_id, message::jsonb
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS m(channel, external_id, chat_id, message)
            ON CONFLICT (channel, external_id) DO NOTHING
            RETURNING channel, external_id
            """);
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = batch.Select(p => p.Message.Channel).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = batch.Select(p => p.Message.ExternalId).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = batch.Select(p => p.Message.ChatId).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = batch.Select(p => JsonSerializer.Serialize(p.Message, json)).ToArray() });
        await using var rows = await insert.ExecuteReaderAsync();
        var stored = new HashSet<(string, string)>(batch.Count);
        while (await rows.ReadAsync()) stored.Add((rows.GetString(0), rows.GetString(1)));
        return stored;
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        if (loop is not null) await loop;
    }

    private sealed record Pending(InboundMessage Message, TaskCompletionSource<bool> Stored);
}
