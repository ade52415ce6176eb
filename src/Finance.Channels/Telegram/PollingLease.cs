using Dapper;
using Npgsql;

namespace Finance.Channels.Telegram;

/// <summary>
/// Telegram hands a bot's updates to one getUpdates caller at a time, so of several hosts only one may poll: the
/// one holding a PostgreSQL session advisory lock, on a connection of its own. The lock lasts as long as that
/// session, so when the holder dies (or its database connection does) PostgreSQL frees it and another host's next
/// try takes it.
/// </summary>
public sealed class PollingLease(SessionConnections connections)
{
    /// <summary>The lease if no other host holds it, else null.</summary>
    public async Task<Held?> TryTakeAsync(string botToken, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync("telegram polling", cancellationToken);
        try
        {
            // One lease per bot (the id before the token's colon), so two bots can share a database.
            var name = "telegram polling " + botToken[..Math.Max(0, botToken.IndexOf(':'))];
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "SELECT pg_try_advisory_lock(hashtextextended(@name, 0))", new { name }, cancellationToken: cancellationToken)))
                return new Held(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    /// <summary>A held lease; disposing it closes the session, which frees the lock.</summary>
    public sealed class Held(NpgsqlConnection connection) : IAsyncDisposable
    {
        /// <summary>False once the lock's session is gone (the database restarted, the connection broke): another host
        /// may be polling already.</summary>
        public async Task<bool> StillHeldAsync(CancellationToken cancellationToken)
        {
            try
            {
                await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
                return true;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                return false;
            }
        }

        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }
}
