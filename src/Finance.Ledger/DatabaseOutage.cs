using Npgsql;

namespace Finance.Ledger;

/// <summary>Tells "PostgreSQL is not there right now" from "this statement is wrong". The first passes by itself
/// (a restart, a failover, a crash and its recovery), so callers answer 503 or back off and try again; the second
/// is a bug, and retrying it changes nothing.</summary>
public static class DatabaseOutage
{
    public static bool Is(Exception exception) => exception switch
    {
        // 08: the connection failed; 57P01–57P03: shut down by an operator, crashed, or still starting up.
        PostgresException e => e.IsTransient || e.SqlState.StartsWith("08", StringComparison.Ordinal)
            || e.SqlState.StartsWith("57P", StringComparison.Ordinal),
        // Refused or broken connections, timeouts, an exhausted pool: nothing the statement did.
        NpgsqlException => true,
        _ => exception.InnerException is { } inner && Is(inner),
    };
}
