using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Finance.Channels;

/// <summary>
/// PostgreSQL connections of their own, outside the pool, for state that lasts as long as the session: a LISTEN,
/// a session advisory lock. The pool hands connections on without a reset (LedgerSetup skips DISCARD ALL), so such
/// state must never go back into it; and when the process dies, PostgreSQL ends the session and frees what it held.
/// </summary>
public sealed class SessionConnections(IConfiguration configuration)
{
    /// <summary>A held connection says nothing for long stretches: keepalives notice a dead server (and the server
    /// ends a session whose host vanished after <see cref="IdleSessionTimeout"/> of silence).</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static readonly TimeSpan IdleSessionTimeout = TimeSpan.FromSeconds(60);

    public async Task<NpgsqlConnection> OpenAsync(string purpose, CancellationToken cancellationToken)
    {
        var connectionString = configuration.GetConnectionString("Finance");
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("ConnectionStrings:Finance is not set (ConnectionStrings__Finance).");
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            ApplicationName = $"finance {purpose}",
            KeepAlive = (int)KeepAlive.TotalSeconds,
        };
        // idle_session_timeout (PostgreSQL 14+): a host that vanished without closing its socket (power, network)
        // loses its session, and what the session held, within a minute instead of at the TCP timeout.
        builder.Options = $"{builder.Options} -c idle_session_timeout={(int)IdleSessionTimeout.TotalMilliseconds}".Trim();
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
