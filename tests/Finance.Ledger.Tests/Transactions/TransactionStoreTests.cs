using Finance.Core;
using Finance.Ledger.Contexts;
using Finance.Ledger.Tests.Contexts;
using Finance.Ledger.Transactions;
using Finance.Testing;

namespace Finance.Ledger.Tests.Transactions;

public sealed class TransactionStoreTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    private readonly MemberStore members = new(TimeProvider.System);
    private readonly TransactionStore transactions = new();
    private static readonly DateOnly Day = new(2026, 11, 20);

    private static ParsedTransaction Item(decimal amount, string category = Categories.Dining, string? merchant = "cafe") =>
        new(amount, "BRL", Direction.Expense, category, merchant, Day, "coffee");

    private async Task<(LedgerSession Session, Member Member)> EnterAsync(string senderId)
    {
        var session = await LedgerSession.BeginAsync(db.DataSource, default);
        return (session, await members.EnterAsync(session, RowLevelSecurityTests.Message(senderId)));
    }

    [Fact]
    public async Task The_same_message_is_booked_once_and_amounts_keep_four_decimals()
    {
        var (session, _) = await EnterAsync("t-once");
        await using (session)
        {
            var first = await transactions.BookAsync(session, [Item(1234.5678m), Item(5m)], "telegram", "42");
            var again = await transactions.BookAsync(session, [Item(1234.5678m), Item(5m)], "telegram", "42");

            Assert.Equal(first.Select(t => t.Id), again.Select(t => t.Id));
            Assert.Equal(1234.5678m, first[0].Amount);
            Assert.Equal(2L, await session.QuerySingleAsync<long>("SELECT count(*) FROM transactions"));
        }
    }

    [Fact]
    public async Task Undo_removes_all_items_of_the_last_booking_only()
    {
        var (session, _) = await EnterAsync("t-undo");
        await using (session)
        {
            await transactions.BookAsync(session, [Item(10m)], "telegram", "1");
            await transactions.BookAsync(session, [Item(5m), Item(18m, Categories.Groceries)], "telegram", "2");

            var undone = await transactions.UndoAsync(session);

            Assert.Equal([5m, 18m], undone.Select(t => t.Amount).ToArray());
            var left = await transactions.TotalsByCategoryAsync(session, Day, Day);
            Assert.Equal([("dining", 10m)], left.Select(t => (t.Category, t.Total)).ToArray());
            Assert.Equal([10m], (await transactions.UndoAsync(session)).Select(t => t.Amount).ToArray());
            Assert.Empty(await transactions.UndoAsync(session));
        }
    }

    [Fact]
    public async Task Totals_group_by_category_currency_and_direction()
    {
        var (session, _) = await EnterAsync("t-totals");
        await using (session)
        {
            await transactions.BookAsync(session, [Item(10.10m), Item(0.20m), Item(100m, Categories.Groceries)], "telegram", "1");
            await transactions.BookAsync(session,
                [new ParsedTransaction(3000m, "BRL", Direction.Income, Categories.Income, null, Day)], "telegram", "2");
            await transactions.BookAsync(session, [Item(99m) with { Date = Day.AddDays(-30) }], "telegram", "3");

            var totals = await transactions.TotalsByCategoryAsync(session, Day.AddDays(-6), Day);

            Assert.Equal(
                [("expense", "groceries", 100m, 1), ("expense", "dining", 10.30m, 2), ("income", "income", 3000m, 1)],
                totals.Select(t => (t.Direction, t.Category, t.Total, t.Count)).ToArray());
        }
    }
}
