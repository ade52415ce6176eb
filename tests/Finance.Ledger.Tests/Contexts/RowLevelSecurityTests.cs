using Finance.Core;
using Finance.Ledger;
using Finance.Ledger.Contexts;
using Finance.Ledger.Transactions;
using Finance.Testing;
using Npgsql;

namespace Finance.Ledger.Tests.Contexts;

public sealed class RowLevelSecurityTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    private readonly MemberStore members = new(TimeProvider.System);
    private readonly TransactionStore transactions = new();

    private async Task<Member> BookAsync(string senderId, decimal amount)
    {
        await using var session = await LedgerSession.BeginAsync(db.DataSource, default);
        var member = await members.EnterAsync(session, Message(senderId));
        await transactions.BookAsync(session,
            [new ParsedTransaction(amount, "USD", Direction.Expense, Categories.Dining, "cafe", new DateOnly(2026, 11, 20))],
            "test", Guid.NewGuid().ToString());
        await session.CommitAsync();
        return member;
    }

    [Fact]
    public async Task A_query_without_a_context_sees_no_rows()
    {
        await BookAsync("rls-1", 10m);

        await using var session = await LedgerSession.BeginAsync(db.DataSource, default);
        Assert.Equal(0L, await session.QuerySingleAsync<long>("SELECT count(*) FROM transactions"));
        Assert.Equal(0L, await session.QuerySingleAsync<long>("SELECT count(*) FROM category_overrides"));
        Assert.Equal(0L, await session.QuerySingleAsync<long>("SELECT count(*) FROM contexts"));
    }

    [Fact]
    public async Task A_context_never_sees_another_contexts_rows_even_when_asking_by_id()
    {
        var alice = await BookAsync("rls-alice", 11m);
        var bob = await BookAsync("rls-bob", 22m);

        await using var session = await LedgerSession.BeginAsync(db.DataSource, default, alice.Context.Id, alice.UserId);
        var amounts = await session.QueryAsync<decimal>("SELECT amount FROM transactions");
        Assert.Equal([11m], amounts.ToArray());
        Assert.Empty(await session.QueryAsync<decimal>(
            "SELECT amount FROM transactions WHERE context_id = @id", new { id = bob.Context.Id }));
        Assert.Equal(0, await session.ExecuteAsync(
            "UPDATE transactions SET amount = 1 WHERE context_id = @id", new { id = bob.Context.Id }));
        Assert.Empty(await session.QueryAsync<Guid>("SELECT id FROM contexts WHERE id = @id", new { id = bob.Context.Id }));
    }

    [Fact]
    public async Task Writing_into_another_context_is_refused()
    {
        var alice = await BookAsync("rls-w-alice", 1m);
        var bob = await BookAsync("rls-w-bob", 2m);

        await using var session = await LedgerSession.BeginAsync(db.DataSource, default, alice.Context.Id, alice.UserId);
        var error = await Assert.ThrowsAsync<PostgresException>(() => session.ExecuteAsync("""
            INSERT INTO transactions (context_id, amount, currency, direction, category, local_date, source, created_by)
            VALUES (@context, 5, 'USD', 'expense', 'other', '2026-11-20', 'test', @user)
            """, new { context = bob.Context.Id, user = alice.UserId }));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    [Fact]
    public async Task Row_level_security_holds_although_the_login_is_a_superuser()
    {
        await BookAsync("rls-super", 3m);
        await using var session = await LedgerSession.BeginAsync(db.DataSource, default);
        Assert.True(await session.QuerySingleAsync<bool>("SELECT rolsuper FROM pg_roles WHERE rolname = session_user"));
        Assert.Equal("finance_app", await session.QuerySingleAsync<string>("SELECT current_user"));
        Assert.Equal(0L, await session.QuerySingleAsync<long>("SELECT count(*) FROM transactions"));
    }

    [Fact]
    public async Task A_pooled_connection_does_not_carry_a_context_into_the_next_unit_of_work()
    {
        var alice = await BookAsync("rls-pool", 4m);
        await using (var first = await LedgerSession.BeginAsync(db.DataSource, default, alice.Context.Id, alice.UserId))
            Assert.Equal(1L, await first.QuerySingleAsync<long>("SELECT count(*) FROM transactions"));

        await using var next = await LedgerSession.BeginAsync(db.DataSource, default);
        Assert.Equal(0L, await next.QuerySingleAsync<long>("SELECT count(*) FROM transactions"));
    }

    [Fact]
    public async Task The_lane_lookup_answers_only_for_the_senders_it_is_given()
    {
        var alice = await BookAsync("rls-lookup-alice", 6m);
        await BookAsync("rls-lookup-bob", 7m);

        await using var session = await LedgerSession.BeginAsync(db.DataSource, default);
        var found = await members.LookUpAsync(session, [Message("rls-lookup-alice")]);
        Assert.Equal(alice.Context, Assert.Single(found)!.Context);
        // Nothing named, a pattern or a null: nobody's context.
        Assert.Equal(0L, await session.QuerySingleAsync<long>("SELECT count(*) FROM senders_active_contexts('{}', '{}')"));
        Assert.Equal(0L, await session.QuerySingleAsync<long>(
            "SELECT count(*) FROM senders_active_contexts(ARRAY['test', 'test'], ARRAY['%', NULL])"));
        // There is no relation to read it all from.
        var listing = await Assert.ThrowsAsync<PostgresException>(() => session.QuerySingleAsync<long>("SELECT count(*) FROM senders_active_contexts"));
        Assert.Equal(PostgresErrorCodes.UndefinedTable, listing.SqlState);
    }

    [Fact]
    public async Task No_view_the_app_role_may_read_sees_past_row_level_security()
    {
        // A view reads its tables with its owner's rights (the migrating login, which bypasses row-level security)
        // unless it is made with security_invoker: such a view would show every context's rows to any query.
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var views = new NpgsqlCommand("""
            SELECT coalesce(string_agg(c.relname, ', '), '') FROM pg_class c
            WHERE c.relkind IN ('v', 'm') AND c.relnamespace = 'public'::regnamespace
              AND has_table_privilege('finance_app', c.oid, 'SELECT')
              AND NOT EXISTS (SELECT 1 FROM pg_options_to_table(c.reloptions) o
                              WHERE o.option_name = 'security_invoker' AND o.option_value IN ('true', 'on', 'yes', '1'))
            """, connection);
        Assert.Equal("", await views.ExecuteScalarAsync());
    }

    internal static InboundMessage Message(string senderId, string? text = "x", string language = "en-US") =>
        new("test", Guid.NewGuid().ToString(), "chat-" + senderId, senderId, "Tester", language, text, DateTimeOffset.UtcNow);
}
