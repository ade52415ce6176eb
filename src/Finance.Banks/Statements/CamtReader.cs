using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Finance.Core;

namespace Finance.Banks.Statements;

/// <summary>
/// ISO 20022 CAMT.053 bank-to-customer statements (any version: elements are found by local name). Each
/// Ntry is one row: Amt with its Ccy, CdtDbtInd (CRDT in, DBIT out), Sts BOOK or PDNG (a plain code in
/// .001.02, Sts/Cd from .001.08), BookgDt (Dt or DtTm), the bank's AcctSvcrRef as id, and as description
/// the counterparty (the creditor of a debit, the debtor of a credit) with the unstructured remittance text.
/// </summary>
public static class CamtReader
{
    public static Statement Read(string text)
    {
        XDocument document;
        try
        {
            // No DTDs and no external entities: a statement is data, never instructions to fetch.
            using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw new StatementFormatException($"a CAMT.053 file that is not well-formed XML ({e.Message})");
        }
        var rows = new List<BankRow>();
        foreach (var statement in Descendants(document.Root!, "Stmt"))
        {
            var accountElement = Child(statement, "Acct");
            var account = Path(accountElement, "Id", "IBAN") ?? Path(accountElement, "Id", "Othr", "Id") ?? "camt";
            var counter = new Fingerprint.Counter();
            foreach (var entry in statement.Elements().Where(e => e.Name.LocalName == "Ntry"))
            {
                var amountElement = Child(entry, "Amt") ?? throw new StatementFormatException("a CAMT entry without Amt");
                var amount = decimal.Parse(amountElement.Value.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture);
                var currency = (string?)amountElement.Attribute("Ccy") ?? throw new StatementFormatException("a CAMT amount without Ccy");
                var direction = Path(entry, "CdtDbtInd") == "CRDT" ? Direction.Income : Direction.Expense;
                var status = Path(entry, "Sts", "Cd") ?? Path(entry, "Sts");
                var dateText = Path(entry, "BookgDt", "Dt") ?? Path(entry, "BookgDt", "DtTm") ?? Path(entry, "ValDt", "Dt")
                    ?? throw new StatementFormatException("a CAMT entry without BookgDt");
                var date = DateOnly.ParseExact(dateText[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
                var details = Descendants(entry, "TxDtls").FirstOrDefault();
                var party = direction == Direction.Expense
                    ? FirstOf(details, ["RltdPties", "Cdtr", "Nm"], ["RltdPties", "Cdtr", "Pty", "Nm"])
                    : FirstOf(details, ["RltdPties", "Dbtr", "Nm"], ["RltdPties", "Dbtr", "Pty", "Nm"]);
                var remittance = string.Join(' ', Descendants(entry, "Ustrd").Select(e => e.Value.Trim()));
                var info = Path(entry, "AddtlNtryInf");
                var description = string.Join(' ', new[] { party, remittance, party is null && remittance.Length == 0 ? info : null }
                    .Where(s => !string.IsNullOrWhiteSpace(s)));
                var signed = direction == Direction.Expense ? -amount : amount;
                var id = Path(entry, "AcctSvcrRef") ?? Path(entry, "NtryRef") ?? FirstOf(details, ["Refs", "AcctSvcrRef"])
                    ?? Fingerprint.Of(account, date, signed, description, counter.Next(date, signed, description));
                rows.Add(new BankRow(StatementReader.Source, account, id, date, amount, currency.ToUpperInvariant(), direction,
                    description, Pending: status == "PDNG"));
            }
        }
        return new Statement("camt.053", rows, null, []);
    }

    private static IEnumerable<XElement> Descendants(XElement element, string name) =>
        element.Descendants().Where(e => e.Name.LocalName == name);

    private static XElement? Child(XElement? element, string name) =>
        element?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static string? Path(XElement? element, params string[] names)
    {
        foreach (var name in names) element = Child(element, name);
        return element?.Value.Trim() is { Length: > 0 } value ? value : null;
    }

    private static string? FirstOf(XElement? element, params string[][] paths) =>
        paths.Select(p => Path(element, p)).FirstOrDefault(v => v is not null);
}
