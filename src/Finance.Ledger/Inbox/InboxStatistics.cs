using Dapper;
using Npgsql;

namespace Finance.Ledger.Inbox;

/// <summary>How full the inbox is: messages waiting (pending, or answered with the reply still to send), the age of the
/// oldest of them, and dead letters.</summary>
public sealed record InboxSnapshot(long Waiting, double OldestWaitingSeconds, long DeadLetters);

/// <summary>Reads <see cref="InboxSnapshot"/> in one cheap statement: both counts come from partial indexes
/// (inbox_ready, inbox_dead), never from a scan of handled messages.</summary>
public sealed class InboxStatistics(NpgsqlDataSource dataSource)
{
    /// <summary>The database the numbers describe (hosts of one deployment report the same series).</summary>
    public string? Database { get; } = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Database;

    public async Task<InboxSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<InboxSnapshot>(new CommandDefinition("""
            SELECT (SELECT count(*) FROM inbox WHERE status IN ('pending', 'replying')) AS waiting,
                   coalesce((SELECT extract(epoch FROM now() - min(received_at))::float8 FROM inbox WHERE status IN ('pending', 'replying')), 0) AS oldest_waiting_seconds,
                   (SELECT count(*) FROM inbox WHERE status = 'dead') AS dead_letters
            """, cancellationToken: cancellationToken));
    }
}
