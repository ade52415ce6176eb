using Finance.Core;
using Finance.Ledger.Contexts;
using Finance.Ledger.Rates;
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
    public async Task A_message_of_one_item_is_booked_once_whether_or_not_a_repeat_is_looked_for()
    {
        // One item goes through a statement of its own; what it does not book, the statement for many items explains.
        var at = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
        var (session, _) = await EnterAsync("t-once-single");
        await using (session)
        {
            var first = await transactions.BookAsync(session, [Item(3.25m)], "telegram", "7", at);
            var again = await transactions.BookAsync(session, [Item(3.25m)], "telegram", "7", at);
            var lookingBack = await transactions.BookUnlessRepeatedAsync(session, [Item(3.25m)], "telegram", "7", at.AddDays(1), at);

            Assert.Equal(first.Single().Id, again.Single().Id);
            Assert.Equal(first.Single().Id, lookingBack.Booked.Single().Id);
            Assert.Null(lookingBack.Repeats);
            Assert.Equal(1L, await session.QuerySingleAsync<long>("SELECT count(*) FROM transactions"));
        }
    }

    [Fact]
    public async Task A_booking_is_refused_unless_its_author_is_a_member_of_its_context()
    {
        Guid outsider;
        var (first, _) = await EnterAsync("t-outsider");
        await using (first)
        {
            outsider = first.UserId!.Value;
            await first.CommitAsync();
        }
        var (session, owner) = await EnterAsync("t-owner");
        await using (session)
        {
            // Row-level security lets the row in (it is this context's); the membership key does not.
            await session.EnterAsync(owner.Context.Id, outsider);
            var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(
                () => transactions.BookAsync(session, [Item(7m)], "telegram", "not-a-member"));

            Assert.Equal(Npgsql.PostgresErrorCodes.ForeignKeyViolation, error.SqlState);
            Assert.Equal("transactions_author_is_member", error.ConstraintName);
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

    [Fact]
    public async Task Totals_by_category_in_a_base_currency_convert_at_the_days_rate_and_keep_amounts_without_one_apart()
    {
        var (session, _) = await EnterAsync("t-base");
        await using (session)
        {
            await new ExchangeRates().SaveAsync(session, [new ExchangeRate(Day, "EUR", "BRL", 6m)]);
            await transactions.BookAsync(session,
                [Item(60m), Item(12m), Item(30m, Categories.Groceries, merchant: null) with { Currency = "CHF" }], "telegram", "1");

            var totals = await transactions.TotalsByCategoryAsync(session, Day, Day, "EUR");
            var plain = await transactions.TotalsByCategoryAsync(session, Day, Day);

            Assert.Equal([("dining", "BRL", 72m, (decimal?)12m), ("groceries", "CHF", 30m, null)],
                totals.Select(t => (t.Category, t.Currency, t.Total, t.InBase)).OrderBy(t => t.Category).ToArray());
            Assert.All(plain, t => Assert.Null(t.InBase));
        }
    }

    [Fact]
    public async Task A_merchant_takes_the_category_the_context_booked_there_last_unless_it_corrected_it()
    {
        var (session, _) = await EnterAsync("t-history");
        await using (session)
        {
            await transactions.BookAsync(session, [Item(30m, Categories.Shopping, "Wawa")], "telegram", "1");

            // What the parser understood the second time (groceries) loses to what this context booked before.
            var second = await transactions.BookAsync(session, [Item(9m, Categories.Groceries, "WAWA ")], "telegram", "2");
            Assert.Equal(Categories.Shopping, second[0].Category);

            // Income is never re-categorised by the history of expenses.
            var income = await transactions.BookAsync(session,
                [new ParsedTransaction(50m, "BRL", Direction.Income, Categories.Income, "Wawa", Day)], "telegram", "3");
            Assert.Equal(Categories.Income, income[0].Category);

            // A correction beats the history.
            await new CategoryOverrideStore().SetAsync(session, "Wawa", Categories.Transport);
            var third = await transactions.BookAsync(session, [Item(12m, Categories.Groceries, "Wawa")], "telegram", "4");
            Assert.Equal(Categories.Transport, third[0].Category);
        }
    }

    [Fact]
    public async Task Another_contexts_history_does_not_decide_the_category()
    {
        var (first, _) = await EnterAsync("t-history-a");
        await using (first)
        {
            await transactions.BookAsync(first, [Item(30m, Categories.Shopping, "Rossmann")], "telegram", "1");
            await first.CommitAsync();
        }
        var (second, _) = await EnterAsync("t-history-b");
        await using (second)
        {
            var booked = await transactions.BookAsync(second, [Item(9m, Categories.PersonalCare, "Rossmann")], "telegram", "1");
            Assert.Equal(Categories.PersonalCare, booked[0].Category);
        }
    }

    [Fact]
    public async Task The_same_items_booked_moments_ago_are_returned_instead_of_booked_again()
    {
        var (session, _) = await EnterAsync("t-repeat");
        await using (session)
        {
            var at = new DateTimeOffset(2026, 11, 20, 12, 4, 0, TimeSpan.Zero);
            var first = await transactions.BookUnlessRepeatedAsync(session, [Item(4.5m, merchant: "Cafe Ana"), Item(2m)], "telegram", "1",
                at.AddMinutes(-10), at);
            Assert.Null(first.Repeats);

            // Same amounts, currency and shops (whatever their case and spaces): nothing booked, the first item's row returned.
            var repeat = await transactions.BookUnlessRepeatedAsync(session, [Item(4.5m, merchant: " CAFE ANA"), Item(2m)], "telegram", "2",
                at.AddMinutes(-5), at.AddMinutes(5));
            Assert.Empty(repeat.Booked);
            Assert.Equal((first.Booked[0].Id, at), (repeat.Repeats?.Earlier.Id, repeat.Repeats?.BookedAt));

            // One item that differs, or a booking older than the window, is booked.
            var other = await transactions.BookUnlessRepeatedAsync(session, [Item(4.5m, merchant: "Cafe Ana"), Item(3m)], "telegram", "3",
                at.AddMinutes(-5), at.AddMinutes(5));
            var later = await transactions.BookUnlessRepeatedAsync(session, [Item(2m)], "telegram", "4", at.AddMinutes(1), at.AddMinutes(11));
            Assert.Equal((2, 1), (other.Booked.Count, later.Booked.Count));
            Assert.Null(other.Repeats ?? later.Repeats);
            Assert.Equal(5L, await session.QuerySingleAsync<long>("SELECT count(*) FROM transactions"));
        }
    }

    [Fact]
    public async Task A_repeat_is_found_in_the_window_however_many_older_bookings_were_written_after_it()
    {
        // The look back reads the window by time (transactions_by_author_time), not the user's latest rows by id: rows
        // written later but booked for an earlier time (an import) neither hide the repeat nor are read for it.
        var at = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
        var (session, _) = await EnterAsync("t-repeat-window");
        await using (session)
        {
            var first = await transactions.BookAsync(session, [Item(9m)], "telegram", "1", at);
            for (var i = 0; i < 60; i++)
                await transactions.BookAsync(session, [Item(100m + i)], "import", $"old-{i}", at.AddDays(-30));

            var repeat = await transactions.BookUnlessRepeatedAsync(session, [Item(9m)], "telegram", "2", at.AddMinutes(-10), at.AddMinutes(1));

            Assert.Empty(repeat.Booked);
            Assert.Equal(first[0].Id, repeat.Repeats?.Earlier.Id);
        }
    }

    [Fact]
    public async Task Without_a_shop_the_words_must_match_for_a_repeat_and_another_members_booking_is_no_repeat()
    {
        var at = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
        var (session, _) = await EnterAsync("t-repeat-words");
        await using (session)
        {
            await transactions.BookAsync(session, [Item(7m, merchant: null)], "telegram", "1", at);
            var otherWords = await transactions.BookUnlessRepeatedAsync(session,
                [Item(7m, merchant: null) with { Description = "tea" }], "telegram", "2", at.AddMinutes(-10), at);
            var sameWords = await transactions.BookUnlessRepeatedAsync(session,
                [Item(7m, merchant: null) with { Description = "Coffee " }], "telegram", "3", at.AddMinutes(-10), at);
            Assert.Single(otherWords.Booked);
            Assert.NotNull(sameWords.Repeats);
            await session.CommitAsync();
        }
        var (partner, _) = await EnterAsync("t-repeat-words-partner");
        await using (partner)
        {
            var booked = await transactions.BookUnlessRepeatedAsync(partner, [Item(7m, merchant: null)], "telegram", "1", at.AddMinutes(-10), at);
            Assert.Single(booked.Booked);
        }
    }

    [Fact]
    public async Task The_merchant_history_is_searched_by_its_key_under_row_level_security()
    {
        // lower() is not leakproof, so under row-level security an index on lower(merchant) was searched by context
        // alone; the stored key keeps the lookup one index descent however long the history.
        var (session, _) = await EnterAsync("t-history-plan");
        await using (session)
        {
            await session.ExecuteAsync("SET LOCAL enable_seqscan = off");
            var plan = string.Join("\n", await session.QueryAsync<string>("""
                EXPLAIN SELECT h.category FROM transactions h
                WHERE h.context_id = app_context() AND h.merchant_key = lower(trim(@merchant))
                  AND h.deleted_at IS NULL AND h.direction = 'expense' AND h.merchant IS NOT NULL AND h.category <> 'other'
                ORDER BY h.id DESC LIMIT 1
                """, new { merchant = "Wawa" }));
            Assert.Matches(@"Index Cond: .*merchant_key = ", plan);
            Assert.DoesNotContain("Sort", plan);
        }
    }
}
