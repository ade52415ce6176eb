using System.Text;
using System.Text.Json;
using Finance.Banks.Ingest;
using Finance.Banks.Statements;
using Finance.Testing;
using static Finance.Banks.Tests.BankTestContext;
using static Finance.Banks.Tests.Statements.StatementReaderTests;

namespace Finance.Banks.Tests.Statements;

public sealed class StatementImportTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    private readonly StatementImport import = new(NewIngest());

    private static Task<long> LiveCountAsync(Finance.Ledger.LedgerSession session) =>
        session.QuerySingleAsync<long>("SELECT count(*) FROM transactions WHERE deleted_at IS NULL");

    [Theory]
    [InlineData("sgml.ofx")]
    [InlineData("camt053.xml")]
    [InlineData("uk-signed.csv")]
    [InlineData("pt-debit-credit.csv")]
    public async Task Importing_the_same_file_again_books_nothing_twice(string file)
    {
        var (session, _) = await EnterAsync(db);
        await using var _s = session;

        var first = await import.ImportAsync(session, File(file), "GBP");
        var again = await import.ImportAsync(session, File(file), "GBP");

        Assert.Equal(first.Outcomes.Count, await LiveCountAsync(session));
        Assert.All(again.Outcomes, o => Assert.Equal(IngestStatus.AlreadySeen, o.Status));
    }

    [Fact]
    public async Task An_overlapping_statement_books_only_its_new_days()
    {
        var (session, _) = await EnterAsync(db);
        await using var _s = session;
        const string header = "Date,Description,Amount\n";
        const string early = "2026-10-07,COSTA COFFEE,-3.20\n2026-10-07,COSTA COFFEE,-3.20\n2026-10-08,LIDL GB,-41.10\n";
        const string later = "2026-10-09,NETFLIX.COM,-9.99\n";

        await import.ImportAsync(session, Encoding.UTF8.GetBytes(header + early), "GBP");
        var overlap = await import.ImportAsync(session, Encoding.UTF8.GetBytes(header + early + later), "GBP");

        Assert.Equal([IngestStatus.AlreadySeen, IngestStatus.AlreadySeen, IngestStatus.AlreadySeen, IngestStatus.Booked],
            overlap.Outcomes.Select(o => o.Status).ToArray());
        Assert.Equal(4, await LiveCountAsync(session));
    }

    [Fact]
    public async Task An_imported_row_links_to_the_coffee_chatted_that_day()
    {
        var (session, _) = await EnterAsync(db);
        await using var _s = session;
        var chatted = await ChatAsync(session, 3.20m, "costa", Day);

        var result = await import.ImportAsync(session, File("uk-signed.csv"), "GBP");

        Assert.Equal(chatted, result.Outcomes.Single(o => o.Status == IngestStatus.Linked).TransactionId);
        Assert.Equal(4, await LiveCountAsync(session)); // lidl, the chatted coffee, the second coffee, salary
    }

    [Fact]
    public async Task A_doubtful_layout_books_nothing_until_confirmed()
    {
        var (session, _) = await EnterAsync(db);
        await using var _s = session;

        var guessed = await import.ImportAsync(session, File("ambiguous.csv"), "GBP");
        Assert.True(guessed.NeedsConfirmation);
        Assert.Equal(0, await LiveCountAsync(session));

        var confirmed = await import.ImportAsync(session, File("ambiguous.csv"), "GBP", new LayoutChoices(DayFirst: true, PositiveIsIncome: false));
        Assert.Equal(3, confirmed.Outcomes.Count(o => o.Status == IngestStatus.Booked));
    }

    [Fact]
    public async Task A_dry_run_line_names_the_row_its_category_and_its_match()
    {
        var (session, _) = await EnterAsync(db);
        await using var _s = session;
        var chatted = await ChatAsync(session, 41.10m, "lidl", Day, category: "groceries");

        var result = await import.ImportAsync(session, File("no-header.tsv"), "GBP");
        var lines = result.Outcomes.Select(StatementImport.DryRunLine).Select(l => JsonDocument.Parse(l).RootElement).ToList();

        var lidl = lines[0];
        Assert.Equal(["date", "amount", "currency", "direction", "description", "merchant", "category", "match"],
            lidl.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(("2026-10-07", "41.10", "GBP", "expense", "Lidl", "groceries"),
            (lidl.GetProperty("date").GetString(), lidl.GetProperty("amount").GetString(), lidl.GetProperty("currency").GetString(),
             lidl.GetProperty("direction").GetString(), lidl.GetProperty("merchant").GetString(), lidl.GetProperty("category").GetString()));
        Assert.Equal(chatted, lidl.GetProperty("match").GetProperty("transaction_id").GetInt64());
        Assert.Contains("same day", lidl.GetProperty("match").GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(JsonValueKind.Null, lines[1].GetProperty("match").ValueKind);
        Assert.Equal(("Uber", "transport"), (lines[1].GetProperty("merchant").GetString(), lines[1].GetProperty("category").GetString()));
    }
}
