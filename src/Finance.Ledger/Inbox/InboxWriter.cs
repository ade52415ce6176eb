using System.Text.Json;
using Finance.Core;
using Npgsql;

namespace Finance.Ledger.Inbox;

/// <summary>
/// Coalesces concurrent inbox writes into one multi-row INSERT, so a burst of webhook deliveries costs
/// one commit (one WAL flush) instead of one each. Every caller still waits for its own row to be
/// durable before its webhook answers 200.
/// No thread of its own: the first caller to find no INSERT under way starts one with what is waiting, and the
/// thread that sees an INSERT's answer arrive answers its callers right there and starts the next INSERT with what came
/// meanwhile. On a few busy cores a thread that is woken costs more than the code it runs, and a writer thread to wake
/// per batch and a hop per caller to answer were two of a webhook's thread switches (docs/decisions.md).
/// </summary>
internal sealed class InboxWriter(NpgsqlDataSource dataSource, JsonSerializerOptions json) : IAsyncDisposable
{
    private const int MaxBatch = 256;
    private readonly Lock gate = new();
    private List<Pending> waiting = [];
    private bool inserting;
    private bool disposed;
    private TaskCompletionSource? stopped;

    public Task<bool> WriteAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        // Continuations run synchronously: a caller's answer is written by the thread that saw its row stored.
        var pending = new Pending(message, new TaskCompletionSource<bool>());
        List<Pending>? batch = null;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            waiting.Add(pending);
            if (!inserting) batch = TakeWaiting();
        }
        // Runs on this thread up to its first wait for PostgreSQL, then on the threads its answers arrive on; this
        // caller waits for its own row only.
        if (batch is not null) _ = WriteBatchesAsync(batch);
        return pending.Stored.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Under <see cref="gate"/>: up to <see cref="MaxBatch"/> waiting writes, marking an INSERT under way.</summary>
    private List<Pending> TakeWaiting()
    {
        inserting = true;
        if (waiting.Count <= MaxBatch)
        {
            var all = waiting;
            waiting = [];
            return all;
        }
        var batch = waiting[..MaxBatch];
        waiting.RemoveRange(0, MaxBatch);
        return batch;
    }

    /// <summary>Inserts the batch, answers its callers, and goes on while writes are waiting; never throws.</summary>
    private async Task WriteBatchesAsync(List<Pending> batch)
    {
        while (true)
        {
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
            lock (gate)
            {
                if (waiting.Count == 0)
                {
                    inserting = false;
                    stopped?.TrySetResult();
                    return;
                }
                batch = TakeWaiting();
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
        Task last;
        lock (gate)
        {
            disposed = true;
            if (!inserting) return;
            last = (stopped ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
        await last;
    }

    private sealed record Pending(InboundMessage Message, TaskCompletionSource<bool> Stored);
}
