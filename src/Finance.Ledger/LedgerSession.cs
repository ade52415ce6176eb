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
    private const string TakeRole = "SET LOCAL ROLE finance_app";
    private const string SetContext = "SELECT set_config('app.context_id', $1, true), set_config('app.user_id', $2, true)";

    private readonly NpgsqlConnection connection;
    private readonly NpgsqlTransaction transaction;
    private readonly CancellationToken cancellationToken;

    // Sent in front of the session's first statement rather than on its own: one round trip fewer per unit of work.
    private bool roleTaken;
    // A context entered by EnterWithNextStatement: set in the round trip of the next statement, not one of its own.
    private (Guid Context, Guid User)? pendingEntry;
    // What PostgreSQL has been told: entering it again sends nothing (a chat's messages in one lane, one after another).
    private (Guid? Context, Guid? User) inDatabase;

    private LedgerSession(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        this.connection = connection;
        this.transaction = transaction;
        this.cancellationToken = cancellationToken;
    }

    public Guid? ContextId { get; private set; }
    public Guid? UserId { get; private set; }

    /// <summary>Set when a statement of this session changed who someone is or where they book (a user, their active
    /// context, a context's settings, a membership): what was looked up before it may be out of date.</summary>
    public bool MembersChanged { get; internal set; }

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
    internal void Entered(Guid contextId, Guid userId) =>
        ((ContextId, UserId), inDatabase, pendingEntry) = ((contextId, userId), (contextId, userId), null);

    /// <summary>Switches the active context (and acting user) for the rest of this unit of work.</summary>
    public Task EnterAsync(Guid contextId, Guid userId) => SetAsync(contextId, userId);

    /// <summary>Switches the active context like <see cref="EnterAsync"/>, but sends the switch with the session's next
    /// statement, in its round trip (or not at all, when none follows before the next switch).</summary>
    public void EnterWithNextStatement(Guid contextId, Guid userId) =>
        ((ContextId, UserId), pendingEntry) = ((contextId, userId), inDatabase == (contextId, userId) ? null : (contextId, userId));

    private async Task SetAsync(Guid? contextId, Guid? userId)
    {
        pendingEntry = null;
        await SetConfigAsync(contextId?.ToString() ?? "", userId?.ToString() ?? "");
        (ContextId, UserId) = inDatabase = (contextId, userId);
    }

    private Task SetConfigAsync(string context, string user) => ExecutePositionalAsync(SetContext, Text(context), Text(user));

    private static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value };

    public async Task<IEnumerable<T>> QueryAsync<T>(string sql, object? parameters = null) =>
        await connection.QueryAsync<T>(await CommandAsync(sql, parameters));

    public async Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters = null) =>
        await connection.QuerySingleOrDefaultAsync<T>(await CommandAsync(sql, parameters));

    public async Task<T> QuerySingleAsync<T>(string sql, object? parameters = null) =>
        await connection.QuerySingleAsync<T>(await CommandAsync(sql, parameters));

    /// <summary>Several statements in one round trip; read their results in order.</summary>
    public async Task<SqlMapper.GridReader> QueryMultipleAsync(string sql, object? parameters = null) =>
        await connection.QueryMultipleAsync(await CommandAsync(sql, parameters));

    public async Task<int> ExecuteAsync(string sql, object? parameters = null) =>
        await connection.ExecuteAsync(await CommandAsync(sql, parameters));

    /// <summary>
    /// One statement written with positional parameters ($1, $2 …, in the order given), its rows read by
    /// <paramref name="read"/>: for the statements every message runs. Npgsql sends such text as it is, where it rewrites
    /// named parameters into positional ones on every call; and what the session still owes PostgreSQL (its role, a
    /// context entered with <see cref="EnterWithNextStatement"/>) goes in the same round trip.
    /// </summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, params NpgsqlParameter[] parameters)
    {
        await using var batch = Batch(sql, parameters, out var entering);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        // The role's SET returns no rows (the reader passes over it); set_config's row is skipped here.
        if (entering) await reader.NextResultAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(read(reader));
        return rows;
    }

    /// <summary>One statement with positional parameters that returns no rows (see
    /// <see cref="QueryAsync{T}(string, Func{NpgsqlDataReader, T}, NpgsqlParameter[])"/>). Not an overload of
    /// ExecuteAsync: with a single parameter, that one (Dapper's object of named values) would be chosen.</summary>
    public async Task ExecutePositionalAsync(string sql, params NpgsqlParameter[] parameters)
    {
        await using var batch = Batch(sql, parameters, out _);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private NpgsqlBatch Batch(string sql, NpgsqlParameter[] parameters, out bool entering)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        if (!roleTaken) batch.BatchCommands.Add(new NpgsqlBatchCommand(TakeRole));
        entering = pendingEntry is not null;
        if (pendingEntry is { } entry)
        {
            inDatabase = entry;
            batch.BatchCommands.Add(new NpgsqlBatchCommand(SetContext)
            {
                Parameters = { Text(entry.Context.ToString()), Text(entry.User.ToString()) },
            });
        }
        var statement = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters) statement.Parameters.Add(parameter);
        batch.BatchCommands.Add(statement);
        (roleTaken, pendingEntry) = (true, null);
        return batch;
    }

    public Task CommitAsync() => transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }

    private async ValueTask<CommandDefinition> CommandAsync(string sql, object? parameters)
    {
        // Dapper reads a command's first result, so a pending context goes ahead in a round trip of its own here.
        if (pendingEntry is { } entry)
        {
            (pendingEntry, inDatabase) = (null, entry);
            await SetConfigAsync(entry.Context.ToString(), entry.User.ToString());
        }
        return Command(sql, parameters);
    }

    private CommandDefinition Command(string sql, object? parameters)
    {
        if (!roleTaken) (sql, roleTaken) = (TakeRole + ";\n" + sql, true);
        return new(sql, parameters, transaction, cancellationToken: cancellationToken);
    }
}
