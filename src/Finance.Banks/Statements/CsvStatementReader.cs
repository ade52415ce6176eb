using System.Globalization;
using System.Text.RegularExpressions;
using Finance.Core;
using nietras.SeparatedValues;

namespace Finance.Banks.Statements;

/// <summary>
/// CSV statements of any bank's layout. The delimiter is the one that splits most lines into the same number
/// of fields; the header row is the first of that width whose cells are names, not dates or amounts; columns
/// are found by their names (EN, PT, ES, DE words) or, without a header, by what their cells hold. Dates are
/// tried in ISO, day-first, month-first and named-month formats, amounts with either decimal mark and
/// thousands separators, one signed column or debit/credit columns. What the file cannot settle (dates
/// that read both ways, "1,234", all-positive amounts with nothing saying which way) is guessed and
/// reported as a <see cref="LayoutDoubt"/> for the user to confirm.
/// </summary>
public static partial class CsvStatementReader
{
    private static readonly string[] DayFirstFormats =
        ["dd/MM/yyyy", "d/M/yyyy", "dd.MM.yyyy", "d.M.yyyy", "dd-MM-yyyy", "dd/MM/yy", "d/M/yy", "dd.MM.yy"];
    private static readonly string[] MonthFirstFormats = ["MM/dd/yyyy", "M/d/yyyy", "MM-dd-yyyy", "MM/dd/yy", "M/d/yy"];
    private static readonly string[] UnambiguousFormats =
        ["yyyy-MM-dd", "yyyy/MM/dd", "yyyyMMdd", "yyyy.MM.dd", "d MMM yyyy", "dd MMM yyyy", "d-MMM-yyyy", "dd-MMM-yyyy",
         "dd-MMM-yy", "d MMM yy", "MMM d, yyyy", "MMM dd, yyyy", "d MMMM yyyy", "MMMM d, yyyy", "dd MMM", "d MMM"];
    private static readonly CultureInfo[] MonthCultures = [CultureInfo.InvariantCulture, CultureInfo.GetCultureInfo("pt-PT"), CultureInfo.GetCultureInfo("es-ES"), CultureInfo.GetCultureInfo("de-DE")];

    public static Statement Read(string text, string defaultCurrency, LayoutChoices choices)
    {
        var delimiter = SniffDelimiter(text);
        var records = Records(text, delimiter);
        var width = records.GroupBy(r => r.Length).Where(g => g.Key >= 2).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key)
            .Select(g => g.Key).FirstOrDefault();
        if (width == 0) throw new StatementFormatException("a text file with no columns");
        var first = records.FindIndex(r => r.Length == width);
        var table = records.Skip(first).Where(r => r.Length == width && r.Any(c => c.Length > 0)).ToList();
        // Some banks end each row with an empty field the header lacks: a names-only line just above the
        // first full-width row is the header all the same.
        if (first > 0 && records[first - 1] is { Length: >= 2 } shorter && shorter.Length < width && IsHeader(shorter))
            table.Insert(0, [.. shorter, .. new string[width - shorter.Length].Select(_ => "")]);
        var hasHeader = table.Count > 0 && IsHeader(table[0]);
        var header = hasHeader ? table[0].Select(Name).ToArray() : new string[width];
        var data = hasHeader ? table.Skip(1).ToList() : table;
        if (data.Count == 0) throw new StatementFormatException("a statement without rows");

        var doubts = new List<LayoutDoubt>();
        var layout = Columns(header, data, delimiter, hasHeader);
        var (format, dayFirst, dateDoubt) = DateFormatOf(data.Select(r => DatePart(r[layout.DateColumn])).ToList(), defaultCurrency, choices.DayFirst);
        if (dateDoubt && choices.DayFirst is null) doubts.Add(LayoutDoubt.DayMonthOrder);

        var amountCells = new[] { layout.AmountColumn, layout.DebitColumn, layout.CreditColumn }.Where(c => c >= 0)
            .SelectMany(c => data.Select(r => r[c])).Where(c => c.Length > 0).ToList();
        var (decimalComma, decimalDoubt) = DecimalMarkOf(amountCells, delimiter);
        if (decimalDoubt && choices.DecimalComma is null) doubts.Add(LayoutDoubt.DecimalMark);
        decimalComma = choices.DecimalComma ?? decimalComma;

        var positiveIsIncome = false;
        if (layout.AmountColumn >= 0 && layout.IndicatorColumn < 0)
        {
            var anyNegative = data.Any(r => Amount(r[layout.AmountColumn], decimalComma) < 0);
            if (!anyNegative && choices.PositiveIsIncome is null) doubts.Add(LayoutDoubt.Sign);
            positiveIsIncome = anyNegative || (choices.PositiveIsIncome ?? false);
        }
        layout = layout with { DateFormat = format, DayFirst = dayFirst, DecimalComma = decimalComma, PositiveIsIncome = positiveIsIncome };
        return new Statement("csv", Rows(layout, data, defaultCurrency), layout, doubts);
    }

    private static List<BankRow> Rows(CsvLayout layout, List<string[]> data, string defaultCurrency)
    {
        var rows = new List<BankRow>();
        var counter = new Fingerprint.Counter();
        foreach (var r in data)
        {
            var dateText = DatePart(r[layout.DateColumn]);
            if (!TryDate(dateText, layout.DateFormat, out var date))
                throw new StatementFormatException($"a date that does not read as {layout.DateFormat}: \"{dateText}\"");
            decimal signed;
            if (layout.AmountColumn >= 0)
            {
                signed = Amount(r[layout.AmountColumn], layout.DecimalComma) ?? throw Unreadable(r[layout.AmountColumn]);
                if (layout.IndicatorColumn >= 0)
                    signed = Math.Abs(signed) * (IsCreditIndicator(r[layout.IndicatorColumn]) ? 1 : -1);
                else if (!layout.PositiveIsIncome) signed = -signed;
            }
            else
            {
                var debit = r[layout.DebitColumn].Length > 0 ? Amount(r[layout.DebitColumn], layout.DecimalComma) ?? throw Unreadable(r[layout.DebitColumn]) : 0;
                var credit = layout.CreditColumn >= 0 && r[layout.CreditColumn].Length > 0
                    ? Amount(r[layout.CreditColumn], layout.DecimalComma) ?? throw Unreadable(r[layout.CreditColumn]) : 0;
                signed = Math.Abs(credit) - Math.Abs(debit);
            }
            if (signed == 0) continue;
            var description = string.Join(' ', layout.DescriptionColumns.Select(c => r[c].Trim()).Where(s => s.Length > 0));
            var currency = layout.CurrencyColumn >= 0 && CurrencyCode().IsMatch(r[layout.CurrencyColumn].Trim())
                ? r[layout.CurrencyColumn].Trim().ToUpperInvariant() : defaultCurrency;
            var id = layout.IdColumn >= 0 && r[layout.IdColumn].Trim().Length > 0
                ? r[layout.IdColumn].Trim()
                : Fingerprint.Of("csv", date, signed, description, counter.Next(date, signed, description));
            rows.Add(new BankRow(StatementReader.Source, "csv", id, date, Math.Abs(signed), currency,
                signed < 0 ? Direction.Expense : Direction.Income, description));
        }
        return rows;
    }

    private static StatementFormatException Unreadable(string cell) => new($"an amount that does not read: \"{cell}\"");

    private static CsvLayout Columns(string[] header, List<string[]> data, char delimiter, bool hasHeader)
    {
        int Find(params string[] names) => Array.FindIndex(header, h => h is not null && names.Any(n => h == n));
        int FindPart(params string[] parts) => Array.FindIndex(header, h => h is not null && parts.Any(p => h.Contains(p, StringComparison.Ordinal)));
        int Column(int exact, int partial) => exact >= 0 ? exact : partial;

        var date = Column(Find("date", "data", "fecha", "datum", "posted", "booked", "transaction date", "posting date",
                "booking date", "data movimento", "data do movimento", "data lancamento", "buchungstag", "trans date", "post date"),
            FindPart("date", "data", "fecha", "datum"));
        var amount = Column(Find("amount", "valor", "montante", "importe", "betrag", "value", "sum", "quantia", "amount gbp", "amount eur", "amount usd"),
            FindPart("amount", "valor", "montante", "importe", "betrag"));
        var debit = Column(Find("debit", "debits", "withdrawal", "withdrawals", "paid out", "money out", "out", "debito", "saida", "saidas", "spent", "debit amount"),
            FindPart("debit", "withdraw", "paid out", "money out", "debito"));
        var credit = Column(Find("credit", "credits", "deposit", "deposits", "paid in", "money in", "in", "credito", "entrada", "entradas", "received", "credit amount"),
            FindPart("credit", "deposit", "paid in", "money in", "credito"));
        if (debit >= 0 && credit >= 0) amount = -1;
        var indicator = Find("dr/cr", "cr/dr", "debit/credit", "credit/debit", "d/c", "c/d", "type", "tipo", "transaction type", "sign");
        var currency = Column(Find("currency", "ccy", "moeda", "divisa", "wahrung", "currency code"), FindPart("currency", "moeda"));
        var id = Find("transaction id", "id", "fitid", "transaction reference", "reference number", "transaction number");
        var descriptions = new List<int>();
        foreach (var names in new[] { new[] { "payee", "name", "merchant", "counterparty", "counter party", "beneficiary", "description", "descricao",
                     "narrative", "details", "transaction description", "descritivo", "historico", "movimento", "particulars", "concepto", "memo",
                     "reference", "notes", "verwendungszweck", "transaction" } })
            foreach (var name in names)
                if (Find(name) is var at and >= 0 && !descriptions.Contains(at) && at != id && descriptions.Count < 2 &&
                    !data.All(r => IsCreditIndicator(r[at]) || IsDebitIndicator(r[at])))
                    descriptions.Add(at);
        if (descriptions.Count == 0 && FindPart("descr", "detail", "narrat", "payee", "memo") is var part and >= 0) descriptions.Add(part);

        // Without a header (or with unknown names), what the cells hold decides.
        if (date < 0)
            date = Enumerable.Range(0, header.Length).FirstOrDefault(c => data.All(r => LooksLikeDate(DatePart(r[c]))), -1);
        if (date < 0) throw new StatementFormatException("a CSV file without a date column");
        if (amount < 0 && (debit < 0 || credit < 0))
        {
            var numeric = Enumerable.Range(0, header.Length)
                .Where(c => c != date && c != indicator && data.All(r => r[c].Length == 0 || LooksLikeAmount(r[c])) && data.Any(r => r[c].Length > 0))
                .ToList();
            if (numeric.Count >= 2 && data.All(r => r[numeric[0]].Length == 0 || r[numeric[1]].Length == 0))
                (debit, credit, amount) = (numeric[0], numeric[1], -1);
            else if (numeric.Count > 0)
                (amount, debit, credit) = (numeric[0], -1, -1);
            else throw new StatementFormatException("a CSV file without an amount column");
        }
        if (descriptions.Count == 0)
        {
            var text = Enumerable.Range(0, header.Length)
                .Where(c => c != date && c != amount && c != debit && c != credit && c != currency && c != id && c != indicator)
                .OrderByDescending(c => data.Select(r => r[c]).Distinct().Count())
                .ThenByDescending(c => data.Average(r => r[c].Length))
                .FirstOrDefault(-1);
            if (text >= 0) descriptions.Add(text);
        }
        if (indicator >= 0 && !data.All(r => IsCreditIndicator(r[indicator]) || IsDebitIndicator(r[indicator]))) indicator = -1;
        return new CsvLayout(delimiter, hasHeader, date, "", true, amount, debit, credit, amount >= 0 ? indicator : -1,
            descriptions, currency, id, false, false);
    }

    private static (string Format, bool DayFirst, bool Doubt) DateFormatOf(List<string> values, string defaultCurrency, bool? chosenDayFirst)
    {
        bool All(string format) => values.All(v => TryDate(v, format, out _));
        var unambiguous = UnambiguousFormats.FirstOrDefault(All);
        if (unambiguous is not null) return (unambiguous, true, false);
        var dayFirst = DayFirstFormats.FirstOrDefault(All);
        var monthFirst = MonthFirstFormats.FirstOrDefault(All);
        return (dayFirst, monthFirst) switch
        {
            ({ } d, null) => (d, true, false),
            (null, { } m) => (m, false, false),
            // Both read every date: the user's answer, else a guess by the country the currency suggests (and ask).
            ({ } d, { } m) => (chosenDayFirst ?? defaultCurrency != "USD") ? (d, true, true) : (m, false, true),
            _ => throw new StatementFormatException($"dates that no known format reads (\"{values.FirstOrDefault()}\")"),
        };
    }

    private static bool TryDate(string value, string format, out DateOnly date)
    {
        foreach (var culture in MonthCultures)
            if (DateOnly.TryParseExact(value, format, culture, DateTimeStyles.AllowWhiteSpaces, out date)) return true;
        date = default;
        return false;
    }

    /// <summary>The date without a time of day after it ("2026-10-07 14:03:11", "07/10/2026T09:00").</summary>
    private static string DatePart(string cell) => TimeSuffix().Replace(cell.Trim(), "");

    private static bool LooksLikeDate(string cell)
    {
        var value = DatePart(cell);
        return value.Length >= 5 && UnambiguousFormats.Concat(DayFirstFormats).Concat(MonthFirstFormats)
            .Where(f => f is not ("dd MMM" or "d MMM")).Any(f => TryDate(value, f, out _));
    }

    private static bool IsHeader(string[] cells) =>
        cells.All(c => !LooksLikeDate(c) && !LooksLikeAmount(c)) && cells.Count(c => c.Length > 0) >= 2;

    private static bool LooksLikeAmount(string cell) => AmountShape().IsMatch(cell.Trim());

    /// <summary>Decimal mark from the cells: a mark followed by other than three digits at the end decides
    /// ("12.50", "1.234,56"); when every cell is like "1,234" or "1.234" it is a guess.</summary>
    private static (bool DecimalComma, bool Doubt) DecimalMarkOf(List<string> cells, char delimiter)
    {
        int comma = 0, dot = 0, unclear = 0;
        foreach (var cell in cells)
        {
            var digits = cell.Trim();
            var last = digits.LastIndexOfAny(['.', ',']);
            if (last < 0) continue;
            var after = digits[(last + 1)..].TakeWhile(char.IsDigit).Count();
            var mark = digits[last];
            var other = mark == '.' ? ',' : '.';
            if (after != 3 || digits[..last].Contains(other)) { if (mark == ',') comma++; else dot++; }
            else unclear++;
        }
        if (comma + dot > 0) return (comma > dot, false);
        return unclear > 0 ? (delimiter == ';', true) : (false, false);
    }

    private static decimal? Amount(string cell, bool decimalComma)
    {
        var text = cell.Trim();
        if (text.Length == 0) return null;
        var negative = text.StartsWith('(') && text.EndsWith(')') || text.EndsWith('-') || text.StartsWith('-') ||
                       text.EndsWith("DR", StringComparison.OrdinalIgnoreCase);
        var digits = new string(text.Where(c => char.IsDigit(c) || c == '.' || c == ',').ToArray());
        if (digits.Length == 0) return null;
        digits = decimalComma ? digits.Replace(".", "").Replace(',', '.') : digits.Replace(",", "");
        if (!decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return null;
        return negative ? -value : value;
    }

    private static bool IsCreditIndicator(string cell) => cell.Trim().ToUpperInvariant() is "CR" or "C" or "CREDIT" or "CRDT" or "IN" or "CREDITO" or "CRÉDITO";

    private static bool IsDebitIndicator(string cell) => cell.Trim().ToUpperInvariant() is "DR" or "D" or "DEBIT" or "DBIT" or "OUT" or "DEBITO" or "DÉBITO";

    private static string Name(string cell) =>
        Finance.Understanding.Parsing.MessageTokenizer.Fold(cell.Trim().Trim('"').ToLowerInvariant()).Replace('_', ' ');

    private static char SniffDelimiter(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).Take(30).ToList();
        var best = ',';
        var bestScore = -1;
        foreach (var candidate in new[] { ',', ';', '\t', '|' })
        {
            var counts = lines.Select(l => CountOutsideQuotes(l, candidate)).Where(n => n > 0).ToList();
            if (counts.Count == 0) continue;
            var mode = counts.GroupBy(n => n).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First();
            var score = mode.Count() * 100 + mode.Key;
            if (score > bestScore) (best, bestScore) = (candidate, score);
        }
        return best;
    }

    private static int CountOutsideQuotes(string line, char delimiter)
    {
        var quoted = false;
        var n = 0;
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == delimiter && !quoted) n++;
        }
        return n;
    }

    private static List<string[]> Records(string text, char delimiter)
    {
        using var reader = Sep.Reader(o => o with { Sep = new Sep(delimiter), HasHeader = false, Unescape = true, DisableColCountCheck = true, Trim = SepTrim.All })
            .FromText(text);
        var records = new List<string[]>();
        foreach (var row in reader)
        {
            var cells = new string[row.ColCount];
            for (var i = 0; i < row.ColCount; i++) cells[i] = row[i].ToString();
            records.Add(cells);
        }
        return records;
    }

    [GeneratedRegex(@"^\(?[-+]?\s*[^\d\s-]{0,3}\s*\d[\d.,' ]*\)?\s*(-|CR|DR)?$", RegexOptions.IgnoreCase)]
    private static partial Regex AmountShape();

    [GeneratedRegex(@"[ T]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$")]
    private static partial Regex TimeSuffix();

    [GeneratedRegex("^[A-Za-z]{3}$")]
    private static partial Regex CurrencyCode();
}
