using System.Data;
using Dapper;
using Npgsql;

namespace Finance.Ledger;

/// <summary>
/// One unit of work against the ledger: a connection, a transaction, the finance_app role (which owns
/// nothing, so row-level security applies) and the active context. Context-scoped stores take a session,
/// never a raw connection, so no query can run outside a context by accident.
/// </summary>
public sealed class LedgerSession : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;
    private readonly CancellationToken cancellationToken;

    // Sent in front of the session's first statement rather than on its own: one round trip fewer per unit of work.
    private string? pendingPrefix = "SET LOCAL ROLE finance_app;\n";

    private LedgerSession(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.cancellationToken = cancellationToken;
    }

    public Guid? ContextId { get; private set; }
    public Guid? UserId { get; private set; }

    public static async Task<LedgerSession> BeginAsync(
        NpgsqlDataSource dataSource, CancellationToken cancellationToken, Guid? contextId = null, Guid? userId = null)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
            var session = new LedgerSession(connection, transaction, cancellationToken);
            if (contextId is not null || userId is not null) await session.SetAsync(contextId, userId);
            return session;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Records a context the session entered by SQL of its own (see MemberStore).</summary>
    internal void Entered(Guid contextId, Guid userId) => (ContextId, UserId) = (contextId, userId);

    /// <summary>Switches the active context (and acting user) for the rest of this unit of work.</summary>
    public Task EnterAsync(Guid contextId, Guid userId) => SetAsync(contextId, userId);

    private async Task SetAsync(Guid? contextId, Guid? userId)
    {
        await ExecuteAsync(
            "SELECT set_config('app.context_id', @context, true), set_config('app.user_id', @user, true)",
            new { context = contextId?.ToString() ?? "", user = userId?.ToString() ?? "" });
        (ContextId, UserId) = (contextId, userId);
    }

    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? parameters = null) =>
        connection.QueryAsync<T>(Command(sql, parameters));

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters = null) =>
        connection.QuerySingleOrDefaultAsync<T>(Command(sql, parameters));

    public Task<T> QuerySingleAsync<T>(string sql, object? parameters = null) =>
        connection.QuerySingleAsync<T>(Command(sql, parameters));

    /// <summary>Several statements in one round trip; read their results in order.</summary>
    public Task<SqlMapper.GridReader> QueryMultipleAsync(string sql, object? parameters = null) =>
        connection.QueryMultipleAsync(Command(sql, parameters));

    public Task<int> ExecuteAsync(string sql, object? parameters = null) =>
        connection.ExecuteAsync(Command(sql, parameters));

    public Task CommitAsync() => transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }

    private CommandDefinition Command(string sql, object? parameters)
    {
        (sql, pendingPrefix) = (pendingPrefix + sql, null);
        return new(sql, parameters, transaction, cancellationToken: cancellationToken);
    }
}
