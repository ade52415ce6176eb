using Finance.Banks.Ingest;
using Finance.Core;
using Finance.Ledger.Attachments;
using Finance.Testing;
using static Finance.Banks.Tests.BankTestContext;

namespace Finance.Banks.Tests.Ingest;

public sealed class BankIngestTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    private readonly BankIngest ingest = NewIngest();

    private static Task<long> LiveCountAsync(Finance.Ledger.LedgerSession session) =>
        session.QuerySingleAsync<long>("SELECT count(*) FROM transactions WHERE deleted_at IS NULL");

    [Fact]
    public async Task A_bank_row_equal_to_a_chatted_booking_links_to_it_instead_of_adding_one()
    {
        var (session, _) = await EnterAsync(db);
        await using var _s = session;
        var chatted = await ChatAsync(session, 4.50m, "starbucks", Day);

        var outcome = (await ingest.IngestAsync(session, [Row("tx-1", 4.50m, "CARD 4821 STARBUCKS COFFEE 123 LONDON", Day)])).Single();

        Assert.Equal(IngestStatus.Linked, outcome.Status);
        Assert.Equal(chatted, outcome.TransactionId);
        Assert.Equal(1.0, outcome.Match.Score);
        Assert.Contains("same day", outcome.Match.Reasons);
        Assert.Equal(1, await LiveCountAsync(session));
    }

    [Fact]
    public async Task A_bank_row_reads_its_shop_in_the_contexts_country()
    {
        var (session, _) = await EnterAsync(db);
        await using var _s = session;
        var contexts = new Finance.Ledger.Contexts.ContextStore(TimeProvider.System);

        await contexts.SetTimeZoneAsync(session, "Africa/Johannesburg");
        var inJohannesburg = (await ingest.IngestAsync(session, [Row("tx-za", 31m, "POS PURCHASE DELTA CAFE * 12 NOV", Day)])).Single();
        await contexts.SetTimeZoneAsync(session, "America/New_York");
        var inNewYork = (await ingest.IngestAsync(session, [Row("tx-us", 31m, "POS PURCHASE DELTA CAFE * 12 NOV", Day.AddDays(9))])).Single();

        Assert.Equal(Categories.Dining, inJohannesburg.Described.Category);
        Assert.Equal(Categories.Transport, inNewYork.Described.Category);
    }

    [Fact]
    public async Task A_near_date_and_a_misspelt_merchant_still_link()
    {
        var (session, _) = await EnterAsync(db);
        await using var _s = session;
        var chatted = await ChatAsync(session, 12.80m, "starbucks", Day);

        var outcome = (await ingest.IngestAsync(session, [Row("tx-1", 12.80m, "STARBCKS LONDON", Day.AddDays(2))])).Single();

        Assert.Equal(IngestStatus.Linked, outcome.Status);
        Assert.Equal(chatted, outcome.TransactionId);
        Assert.Contains("2 days apart", outcome.Match.Reasons);
    }

    [Fact]
    public async Task A_different_merchant_with_the_same_amount_is_asked_about_and_booked_on_no()
    {
        var (session, _) = await EnterAsync(db);
        await using var _s = session;
        var chatted = await ChatAsync(session, 3.20m, "pret", Day);

        var outcome = (await ingest.IngestAsync(session, [Row("tx-1", 3.20m, "COSTA COFFEE 998", Day)])).Single();

        Assert.Equal(IngestStatus.Asking, outcome.Status);
        Assert.Equal(chatted, outcome.Match.Transaction!.Id);
        Assert.Null(outcome.TransactionId);
        Assert.Equal(1, await LiveCountAsync(session));

        var booked = await ingest.AnswerAsync(session, outcome.BankRowId, same: false);
        Assert.NotEqual(chatted, booked);
        Assert.Equal(2, await LiveCountAsync(session));
        Assert.Null(await ingest.AnswerAsync(session, outcome.BankRowId, same: true));
    }

    [Fact]
    public async Task A_doubtful_match_answered_yes_links_to_the_candidate()
    {
        var (session, _) = await EnterAsync(db);
        await using var _s = session;
        var chatted = await ChatAsync(session, 3.20m, "pret", Day);
        var outcome = (await ingest.IngestAsync(session, [Row("tx-1", 3.20m, "COSTA COFFEE 998", Day)])).Single();

        Assert.Equal(chatted, await ingest.AnswerAsync(session, outcome.BankRowId, same: true));

        Assert.Equal(1, await LiveCountAsync(session));
        Assert.Equal(chatted, await session.QuerySingleAsync<long>("SELECT transaction_id FROM bank_rows WHERE id = @id", new { id = outcome.BankRowId }));
    }

    [Fact]
    public async Task Two_identical_coffees_in_the_bank_stay_two()
    {
        var (session, _) = await EnterAsync(db);
        await using var _s = session;
        var chatted = await ChatAsync(session, 3.20m, "costa", Day);

        var outcomes = await ingest.IngestAsync(session,
            [Row("tx-1", 3.20m, "COSTA COFFEE", Day), Row("tx-2", 3.20m, "COSTA COFFEE", Day)]);

        Assert.Equal([IngestStatus.Linked, IngestStatus.Booked], outcomes.Select(o => o.Status).ToArray());
        Assert.Equal(chatted, outcomes[0].TransactionId);
        Assert.Equal(2, await LiveCountAsync(session));
    }

    [Fact]
    public async Task A_refund_is_income_and_not_a_match_for_the_purchase()
    {
        var (session, _) = await EnterAsync(db);
        await using var _s = session;
        await ChatAsync(session, 29.99m, "zara", Day, category: Categories.Shopping);

        var outcome = (await ingest.IngestAsync(session,
            [Row("tx-1", 29.99m, "ZARA REFUND", Day.AddDays(1), Direction.Income)])).Single();

        Assert.Equal(IngestStatus.Booked, outcome.Status);
        Assert.Equal(Categories.Income, outcome.Described.Category);
        Assert.Equal(1L, await session.QuerySingleAsync<long>("SELECT count(*) FROM transactions WHERE direction = 'income'"));
    }

    [Fact]
    public async Task The_same_rows_synced_again_book_nothing_twice()
    {
        var (session, _) = await EnterAsync(db);
        await using var _s = session;
        BankRow[] rows = [Row("tx-1", 9.99m, "NETFLIX.COM", Day), Row("tx-2", 41.10m, "LIDL GB 1234", Day)];

        await ingest.IngestAsync(session, rows);
        var again = await ingest.IngestAsync(session, rows);

        Assert.All(again, o => Assert.Equal(IngestStatus.AlreadySeen, o.Status));
        Assert.Equal(2, await LiveCountAsync(session));
    }

    [Fact]
    public async Task A_pending_row_that_later_books_under_a_new_id_updates_the_same_transaction()
    {
        var (session, _) = await EnterAsync(db);
        await using var _s = session;
        var first = (await ingest.IngestAsync(session, [Row("pending-1", 18.40m, "UBER *TRIP", Day, pending: true)])).Single();

        var booked = (await ingest.IngestAsync(session, [Row("booked-77", 18.40m, "UBER *TRIP HELP.UBER.COM", Day.AddDays(1))])).Single();

        Assert.Equal(IngestStatus.PendingBooked, booked.Status);
        Assert.Equal(first.TransactionId, booked.TransactionId);
        Assert.Equal(1, await LiveCountAsync(session));
        Assert.Equal(Day.AddDays(1), await session.QuerySingleAsync<DateOnly>("SELECT local_date FROM transactions"));
        Assert.False(await session.QuerySingleAsync<bool>("SELECT pending FROM bank_rows"));
        // Synced again under its booked id: still one.
        Assert.Equal(IngestStatus.AlreadySeen,
            (await ingest.IngestAsync(session, [Row("booked-77", 18.40m, "UBER *TRIP HELP.UBER.COM", Day.AddDays(1))])).Single().Status);
    }

    [Fact]
    public async Task A_receipt_photo_kept_earlier_becomes_the_attachment_of_its_bank_transaction()
    {
        var (session, _) = await EnterAsync(db);
        await using var _s = session;
        var receipt = await new AttachmentStore().AddReceiptAsync(session, new NewReceipt(
            "telegram", "photo-1", "image/jpeg", [1, 2, 3], "TESCO\nTOTAL 23.45", "Tesco", 23.45m, "GBP", Day, null));

        var outcome = (await ingest.IngestAsync(session, [Row("tx-1", 23.45m, "TESCO STORES 3041", Day.AddDays(1))])).Single();

        Assert.Equal(IngestStatus.Booked, outcome.Status);
        Assert.Equal(outcome.TransactionId, await session.QuerySingleAsync<long?>(
            "SELECT transaction_id FROM attachments WHERE id = @id", new { id = receipt.Id }));
    }

    [Fact]
    public async Task Another_contexts_booking_is_never_a_candidate()
    {
        var (other, _) = await EnterAsync(db);
        await using (other)
        {
            await ChatAsync(other, 7.00m, "costa", Day);
            await other.CommitAsync();
        }
        var (session, _) = await EnterAsync(db);
        await using var _s = session;

        var outcome = (await ingest.IngestAsync(session, [Row("tx-1", 7.00m, "COSTA COFFEE", Day)])).Single();

        Assert.Equal(IngestStatus.Booked, outcome.Status);
    }
}
