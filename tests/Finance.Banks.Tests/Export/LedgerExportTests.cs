using System.Text;
using Finance.Banks.Export;
using Finance.Banks.Statements;
using Finance.Conversation;
using Finance.Core;
using Finance.Testing;
using static Finance.Banks.Tests.BankTestContext;

namespace Finance.Banks.Tests.Export;

public sealed class LedgerExportTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    [Fact]
    public async Task A_csv_export_has_one_row_per_live_transaction_with_quotes_where_needed()
    {
        var (session, _) = await EnterAsync(db);
        await using var _s = session;
        await ChatAsync(session, 4.50m, "costa, soho", Day);
        await ChatAsync(session, 2500m, "acme", Day.AddDays(1), direction: Direction.Income, category: Categories.Income);

        var csv = Encoding.UTF8.GetString(LedgerExport.Csv(await new LedgerExport().TransactionsAsync(session, Day, Day.AddDays(1))));

        var lines = csv.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("date,amount,currency,direction,category,merchant,description,id", lines[0]);
        Assert.StartsWith("2026-10-07,4.50,GBP,expense,dining,\"costa, soho\",\"costa, soho\",", lines[1]);
        Assert.StartsWith("2026-10-08,2500.00,GBP,income,income,acme,acme,", lines[2]);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public async Task An_ofx_export_reads_back_as_the_same_transactions()
    {
        var (session, _) = await EnterAsync(db);
        await using var _s = session;
        var coffee = await ChatAsync(session, 4.50m, "costa", Day);
        await ChatAsync(session, 12m, "uber", Day, currency: "EUR", category: Categories.Transport);
        await ChatAsync(session, 2500m, "acme", Day.AddDays(1), direction: Direction.Income, category: Categories.Income);
        var transactions = await new LedgerExport().TransactionsAsync(session, Day, Day.AddDays(1));

        var statement = StatementReader.Read(LedgerExport.Ofx(transactions, Day, Day.AddDays(1)), "USD");

        Assert.Equal("ofx", statement.Format);
        Assert.Equal(
            [("EUR", -12m), ("GBP", -4.50m), ("GBP", 2500m)],
            statement.Rows.Select(r => (r.Currency, r.Direction == Direction.Expense ? -r.Amount : r.Amount)).ToArray());
        Assert.Contains(statement.Rows, r => r.ProviderId == $"finance-{coffee}");
    }

    [Fact]
    public async Task The_export_command_answers_with_a_csv_document_and_ofx_on_request()
    {
        var (session, member) = await EnterAsync(db);
        await using var _s = session;
        await ChatAsync(session, 4.50m, "costa", new DateOnly(2026, 10, 2), currency: member.Context.BaseCurrency);
        var command = new Finance.Conversation.Commands.Export(new LedgerExport());
        Turn TurnOf(string text) => new(session, member, Message(member.UserId.ToString()), text, DateTimeOffset.Parse("2026-10-20T12:00:00Z"));

        var csv = await command.HandleAsync(TurnOf("/export month"));
        var ofx = await command.HandleAsync(TurnOf("/export month ofx"));
        var lastYear = await command.HandleAsync(TurnOf("/export"));

        Assert.Equal(("exported", "text/csv"), (csv.Outcome, csv.Reply!.Document!.MimeType));
        Assert.EndsWith(".csv", csv.Reply.Document.FileName);
        Assert.Contains("costa", Encoding.UTF8.GetString(csv.Reply.Document.Content));
        Assert.Equal("application/x-ofx", ofx.Reply!.Document!.MimeType);
        Assert.Single(StatementReader.Read(ofx.Reply.Document.Content, "USD").Rows);
        Assert.Equal("exported", lastYear.Outcome);
    }
}
