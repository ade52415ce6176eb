using System.Globalization;
using System.Text.RegularExpressions;
using Finance.Core;

namespace Finance.Banks.Statements;

/// <summary>
/// OFX and QFX statements, 1.x (SGML: leaf elements have no end tag) and 2.x (XML) alike: aggregates such as
/// STMTTRN are closed in both, so each is cut out and its leaves read up to the next tag. Amounts are signed
/// (TRNAMT), dates start yyyyMMdd (DTPOSTED), FITID is the bank's own id of the row.
/// </summary>
public static partial class OfxReader
{
    public static Statement Read(string text)
    {
        var rows = new List<BankRow>();
        foreach (Match statement in StatementBlock().Matches(text))
        {
            var body = statement.Value;
            var currency = Leaf(body, "CURDEF")?.ToUpperInvariant() ?? throw new StatementFormatException("an OFX statement without CURDEF");
            var account = Leaf(body, "ACCTID") ?? "ofx";
            var counter = new Fingerprint.Counter();
            foreach (Match transaction in TransactionBlock().Matches(body))
            {
                var t = transaction.Value;
                var amountText = Leaf(t, "TRNAMT") ?? throw new StatementFormatException("an OFX transaction without TRNAMT");
                var amount = decimal.Parse(amountText.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture);
                if (amount == 0) continue;
                var dateText = Leaf(t, "DTPOSTED") ?? throw new StatementFormatException("an OFX transaction without DTPOSTED");
                var date = DateOnly.ParseExact(dateText[..8], "yyyyMMdd", CultureInfo.InvariantCulture);
                var description = string.Join(' ', new[] { Leaf(t, "NAME"), Leaf(t, "MEMO") }
                    .Where(s => !string.IsNullOrWhiteSpace(s)).Distinct());
                var rowCurrency = Leaf(t, "CURSYM") ?? currency;
                var id = Leaf(t, "FITID") ?? Fingerprint.Of(account, date, amount, description, counter.Next(date, amount, description));
                rows.Add(new BankRow(StatementReader.Source, account, id, date, Math.Abs(amount), rowCurrency,
                    amount < 0 ? Direction.Expense : Direction.Income, description.Length == 0 ? Leaf(t, "TRNTYPE") ?? "" : description));
            }
        }
        if (rows.Count == 0 && !text.Contains("<STMTTRN>", StringComparison.OrdinalIgnoreCase))
            throw new StatementFormatException("an OFX file without statement transactions");
        return new Statement("ofx", rows, null, []);
    }

    private static string? Leaf(string block, string name)
    {
        var match = Regex.Match(block, $"<{name}>([^<\r\n]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        if (!match.Success) return null;
        var value = System.Net.WebUtility.HtmlDecode(match.Groups[1].Value).Trim();
        return value.Length == 0 ? null : value;
    }

    [GeneratedRegex(@"<(STMTRS|CCSTMTRS)>.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex StatementBlock();

    [GeneratedRegex(@"<STMTTRN>.*?</STMTTRN>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex TransactionBlock();
}
