using System.Text;
using static Finance.Host.Tests.Media.MediaUpdates;

namespace Finance.Host.Tests.Media;

/// <summary>A bank statement sent as a Telegram document, through the real host: webhook → inbox → download
/// through the Bot API stand-in → statement reader → bank ingest → ledger → reply.</summary>
public sealed class StatementDocumentTests(FinanceHost host) : IClassFixture<FinanceHost>
{
    [Fact]
    public async Task A_csv_statement_sent_as_a_document_is_imported_once_even_when_sent_twice()
    {
        const long chat = 4101;
        var csv = Encoding.UTF8.GetBytes("Date,Description,Amount\n2026-10-07,POS PURCHASE LIDL GB 1234 LONDON 07 OCT,-41.10\n2026-10-08,CARD 4821 UBER *TRIP,-18.40\n");
        var first = host.Telegram.AddFile(csv, "documents/october.csv");
        var second = host.Telegram.AddFile(csv, "documents/october-again.csv");

        var replies = await host.SendAndWaitAsync(chat, Document(chat, first, "text/csv", "october.csv"));
        var again = await host.SendAndWaitAsync(chat, Document(chat, second, "text/csv", "october.csv"));

        Assert.StartsWith("📥", replies[^1]);
        Assert.Contains("2 new", replies[^1]);
        Assert.Contains("Nothing new", again[^1]);
        Assert.Equal(2L, await host.ScalarAsync<long>(BookedBy(chat, "count(*)")));
        Assert.Equal(41.10m, await host.ScalarAsync<decimal>(BookedBy(chat, "amount") + " AND t.category = 'groceries'"));
    }
}
