using Finance.Core;
using Finance.Ledger.Contexts;
using Finance.Ledger.Transactions;
using Finance.Testing;

namespace Finance.Ledger.Tests.Contexts;

public sealed class MemberStoreTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    private readonly MemberStore members = new(TimeProvider.System);

    [Fact]
    public async Task A_first_message_creates_a_personal_context_with_defaults_from_the_language_code()
    {
        await using var session = await LedgerSession.BeginAsync(db.DataSource, default);
        var member = await members.EnterAsync(session, RowLevelSecurityTests.Message("m-pt", language: "pt-br"));
        await session.CommitAsync();

        Assert.True(member.IsNew);
        Assert.Equal(("pt", "owner", "personal", "BRL", "America/Sao_Paulo"),
            (member.Language, member.Role, member.Context.Kind, member.Context.BaseCurrency, member.Context.TimeZone));
    }

    [Fact]
    public async Task A_known_sender_enters_the_same_context_again()
    {
        Member first, second;
        await using (var session = await LedgerSession.BeginAsync(db.DataSource, default))
        {
            first = await members.EnterAsync(session, RowLevelSecurityTests.Message("m-again", language: "en-GB"));
            await session.CommitAsync();
        }
        await using (var session = await LedgerSession.BeginAsync(db.DataSource, default))
        {
            second = await members.EnterAsync(session, RowLevelSecurityTests.Message("m-again", language: "en-GB"));
            await session.CommitAsync();
        }

        Assert.False(second.IsNew);
        Assert.Equal(first.Context, second.Context);
        Assert.Equal("GBP", second.Context.BaseCurrency);
    }

    [Fact]
    public async Task Senders_looked_up_together_each_enter_their_own_context_with_their_next_statement()
    {
        var (alice, bob) = (RowLevelSecurityTests.Message("m-lane-alice"), RowLevelSecurityTests.Message("m-lane-bob", language: "pt-br"));
        Member aliceEntered, bobEntered;
        await using (var session = await LedgerSession.BeginAsync(db.DataSource, default))
        {
            aliceEntered = await members.EnterAsync(session, alice);
            await BookAsync(session, 11m);
            bobEntered = await members.EnterAsync(session, bob);
            await BookAsync(session, 22m);
            await session.CommitAsync();
        }

        await using var lane = await LedgerSession.BeginAsync(db.DataSource, default);
        var found = await members.LookUpAsync(lane, [bob, RowLevelSecurityTests.Message("m-lane-unknown"), alice]);
        Assert.Equal(new Member?[] { bobEntered with { IsNew = false }, null, aliceEntered with { IsNew = false } }, found);

        // Entered with the next statement: a positional one (the booking's way) and a named one (through Dapper).
        MemberStore.Enter(lane, found[0]!);
        var seen = await lane.QueryAsync("SELECT app_context(), app_user(), (SELECT sum(amount) FROM transactions)",
            row => (row.GetGuid(0), row.GetGuid(1), row.GetDecimal(2)));
        Assert.Equal((bobEntered.Context.Id, bobEntered.UserId, 22m), seen.Single());
        MemberStore.Enter(lane, found[2]!);
        Assert.Equal(11m, await lane.QuerySingleAsync<decimal>("SELECT sum(amount) FROM transactions"));
    }

    [Fact]
    public async Task A_switch_that_is_overtaken_before_any_statement_leaves_the_context_that_was_entered_last()
    {
        var (alice, bob) = (RowLevelSecurityTests.Message("m-switch-alice"), RowLevelSecurityTests.Message("m-switch-bob"));
        await using (var setup = await LedgerSession.BeginAsync(db.DataSource, default))
        {
            await members.EnterAsync(setup, alice);
            await BookAsync(setup, 5m);
            await members.EnterAsync(setup, bob);
            await BookAsync(setup, 7m);
            await setup.CommitAsync();
        }
        await using var lane = await LedgerSession.BeginAsync(db.DataSource, default);
        var found = await members.LookUpAsync(lane, [alice, bob]);
        MemberStore.Enter(lane, found[1]!);
        Assert.Equal(7m, await lane.QuerySingleAsync<decimal>("SELECT sum(amount) FROM transactions"));

        // Alice's switch is never sent: Bob, whom PostgreSQL already has, is entered again before the next statement.
        MemberStore.Enter(lane, found[0]!);
        MemberStore.Enter(lane, found[1]!);
        var seen = await lane.QueryAsync("SELECT sum(amount) FROM transactions", row => row.GetDecimal(0));
        MemberStore.Enter(lane, found[0]!);

        Assert.Equal(7m, seen.Single());
        Assert.Equal(5m, await lane.QuerySingleAsync<decimal>("SELECT sum(amount) FROM transactions"));
    }

    [Fact]
    public async Task A_change_to_a_context_marks_what_was_looked_up_as_out_of_date()
    {
        var message = RowLevelSecurityTests.Message("m-lane-change", language: "en-GB");
        await using var session = await LedgerSession.BeginAsync(db.DataSource, default);
        await members.EnterAsync(session, message);
        var before = (await members.LookUpAsync(session, [message])).Single()!;
        Assert.False(session.MembersChanged);

        await new ContextStore(TimeProvider.System).SetCurrencyAsync(session, "EUR");

        Assert.True(session.MembersChanged);
        var after = (await members.LookUpAsync(session, [message])).Single()!;
        Assert.Equal(("GBP", "EUR"), (before.Context.BaseCurrency, after.Context.BaseCurrency));
        Assert.False(session.MembersChanged);
    }

    private static Task BookAsync(LedgerSession session, decimal amount) => new TransactionStore().BookAsync(session,
        [new ParsedTransaction(amount, "USD", Direction.Expense, Categories.Dining, "cafe", new DateOnly(2026, 11, 20))],
        "test", Guid.NewGuid().ToString());
}
