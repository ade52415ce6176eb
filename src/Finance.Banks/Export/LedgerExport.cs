using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Finance.Ledger;
using Finance.Ledger.Transactions;
using nietras.SeparatedValues;

namespace Finance.Banks.Export;

public enum ExportFormat { Csv, Ofx }

/// <summary>The session's context's ledger handed back out as a file: CSV (one row per transaction) or OFX 2.x
/// (one statement per currency, signed amounts, each transaction's id as FITID so a re-import matches it).</summary>
public sealed class LedgerExport
{
    public async Task<IReadOnlyList<BookedTransaction>> TransactionsAsync(LedgerSession session, DateOnly from, DateOnly to) =>
        (await session.QueryAsync<BookedTransaction>("""
            SELECT id, amount, currency, direction, category, merchant, description, local_date,
                   source, source_message_id, created_by
            FROM transactions
            WHERE context_id = app_context() AND deleted_at IS NULL AND local_date BETWEEN @from AND @to
            ORDER BY local_date, id
            """, new { from, to })).ToList();

    public static string FileName(string contextName, DateOnly from, DateOnly to, ExportFormat format)
    {
        var safe = new string(contextName.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray()).Trim('-');
        return $"{(safe.Length == 0 ? "ledger" : safe)}-{from:yyyy-MM-dd}-{to:yyyy-MM-dd}.{(format == ExportFormat.Csv ? "csv" : "ofx")}";
    }

    public static byte[] Write(IReadOnlyList<BookedTransaction> transactions, ExportFormat format, DateOnly from, DateOnly to) =>
        format == ExportFormat.Csv ? Csv(transactions) : Ofx(transactions, from, to);

    public static byte[] Csv(IReadOnlyList<BookedTransaction> transactions)
    {
        using var writer = Sep.Writer(o => o with { Sep = new Sep(','), Escape = true }).ToText();
        foreach (var t in transactions)
        {
            using var row = writer.NewRow();
            row["date"].Set(t.LocalDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            row["amount"].Set(t.Amount.ToString("0.00##", CultureInfo.InvariantCulture));
            row["currency"].Set(t.Currency);
            row["direction"].Set(t.Direction);
            row["category"].Set(t.Category);
            row["merchant"].Set(t.Merchant ?? "");
            row["description"].Set(t.Description ?? "");
            row["id"].Set(t.Id.ToString(CultureInfo.InvariantCulture));
        }
        if (transactions.Count == 0) return Encoding.UTF8.GetBytes("date,amount,currency,direction,category,merchant,description,id\n");
        return Encoding.UTF8.GetBytes(writer.ToString());
    }

    public static byte[] Ofx(IReadOnlyList<BookedTransaction> transactions, DateOnly from, DateOnly to)
    {
        static string Day(DateOnly d) => d.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        static string Cut(string text, int length) => text.Length <= length ? text : text[..length];
        var statements = transactions.GroupBy(t => t.Currency).OrderBy(g => g.Key).Select((group, i) =>
            new XElement("STMTTRNRS",
                new XElement("TRNUID", i + 1),
                new XElement("STATUS", new XElement("CODE", 0), new XElement("SEVERITY", "INFO")),
                new XElement("STMTRS",
                    new XElement("CURDEF", group.Key),
                    new XElement("BANKACCTFROM", new XElement("BANKID", "FINANCE"), new XElement("ACCTID", "ledger-" + group.Key),
                        new XElement("ACCTTYPE", "CHECKING")),
                    new XElement("BANKTRANLIST",
                        new XElement("DTSTART", Day(from)),
                        new XElement("DTEND", Day(to)),
                        group.Select(t => new XElement("STMTTRN",
                            new XElement("TRNTYPE", t.Direction == "income" ? "CREDIT" : t.Direction == "transfer" ? "XFER" : "DEBIT"),
                            new XElement("DTPOSTED", Day(t.LocalDate)),
                            new XElement("TRNAMT", (t.Direction == "income" ? t.Amount : -t.Amount).ToString("0.00##", CultureInfo.InvariantCulture)),
                            new XElement("FITID", "finance-" + t.Id.ToString(CultureInfo.InvariantCulture)),
                            new XElement("NAME", Cut(t.Merchant ?? t.Description ?? t.Category, 32)),
                            new XElement("MEMO", Cut(string.IsNullOrEmpty(t.Description) ? t.Category : t.Category + " · " + t.Description, 255))))))));
        var document = new XDocument(
            new XDeclaration("1.0", "UTF-8", "no"),
            new XProcessingInstruction("OFX", "OFXHEADER=\"200\" VERSION=\"220\" SECURITY=\"NONE\" OLDFILEUID=\"NONE\" NEWFILEUID=\"NONE\""),
            new XElement("OFX",
                new XElement("SIGNONMSGSRSV1", new XElement("SONRS",
                    new XElement("STATUS", new XElement("CODE", 0), new XElement("SEVERITY", "INFO")),
                    new XElement("DTSERVER", Day(to)),
                    new XElement("LANGUAGE", "ENG"))),
                new XElement("BANKMSGSRSV1", statements)));
        using var stream = new MemoryStream();
        using (var writer = System.Xml.XmlWriter.Create(stream, new System.Xml.XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
            document.Save(writer);
        return stream.ToArray();
    }
}
