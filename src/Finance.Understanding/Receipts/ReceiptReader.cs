using System.Globalization;
using System.Text.RegularExpressions;

namespace Finance.Understanding.Receipts;

/// <summary>
/// Reads total, currency, date, merchant and tax from a receipt's OCR text. With word boxes, words
/// are regrouped into visual rows first, so a label at the left and its amount at the far right
/// meet again even when the OCR put them in different blocks.
/// </summary>
public static partial class ReceiptReader
{
    private sealed record Row(string Text, int Top, int Height);

    private sealed record Amount(decimal Value, int Row, int Position);

    public static ReceiptFields Read(string text, IReadOnlyList<OcrWord>? words = null)
    {
        var rows = words is { Count: > 0 } ? RowsFromWords(words) : RowsFromText(text);
        if (rows.Count == 0) return ReceiptFields.None;
        var currency = FindCurrency(rows);
        var (total, confident) = FindTotal(rows);
        var tax = FindTax(rows);
        if (confident && tax is { } t && t >= total) confident = false;
        return new ReceiptFields(total, currency, FindDate(rows, currency), FindMerchant(rows), tax, confident);
    }

    // ---- rows ----

    private static List<Row> RowsFromText(string text) =>
        [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Select((l, i) => new Row(l, i * 10, 10))];

    private static List<Row> RowsFromWords(IReadOnlyList<OcrWord> words)
    {
        var rows = new List<List<OcrWord>>();
        foreach (var word in words.OrderBy(w => w.Top + w.Height / 2))
        {
            var center = word.Top + word.Height / 2.0;
            var row = rows.LastOrDefault(r =>
            {
                var rowTop = r.Min(w => w.Top);
                var rowBottom = r.Max(w => w.Top + w.Height);
                var rowCenter = (rowTop + rowBottom) / 2.0;
                return Math.Abs(center - rowCenter) < 0.6 * Math.Max(word.Height, rowBottom - rowTop);
            });
            if (row is null) rows.Add([word]); else row.Add(word);
        }
        return [.. rows.Select(r => new Row(
            string.Join(' ', r.OrderBy(w => w.Left).Select(w => w.Text)),
            r.Min(w => w.Top),
            Median(r.Select(w => w.Height))))];
    }

    private static int Median(IEnumerable<int> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    // ---- amounts ----

    // 1,234.56 · 1.234,56 · 45.90 · 45,90 — receipts print two decimals; a percentage is not an amount.
    // A space is not taken as a thousands separator: "2 100.00" is far more often a quantity and a price.
    [GeneratedRegex(@"(?<![\d.,])-?(\d{1,3}(?:[.,']\d{3})+|\d+)\s?[.,]\s?(\d{2})(?![\d%])")]
    private static partial Regex AmountPattern();

    private static List<Amount> AmountsIn(string text, int row) =>
        [.. AmountPattern().Matches(text).Select(m => new Amount(
            decimal.Parse(Regex.Replace(m.Groups[1].Value, @"[.,']", "") + "." + m.Groups[2].Value, CultureInfo.InvariantCulture),
            row, m.Index))];

    // ---- total ----

    [GeneratedRegex(@"\b(grand\s*total|total\s*(a\s*pagar|due|amount|payable|sale|rm|r\$|usd|eur)?|amount\s*due|balance\s*due|valor\s*(total|a\s*pagar)|net\s*total|jumlah|amount|total\s*rounded|rounded\s*total)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TotalLabel();

    [GeneratedRegex(@"sub\s*-?\s*tota|\btax\b|\bgst\b|\bvat\b|\biva\b|\bicms\b|\bchange\b|\btroco\b|\bcash\b|\btendered\b|\btip\b|\bgratuity\b|\bgorjeta\b|discount|desconto|saving|\bitems?\b|\bqty\b|quantity|\bpaid\b|\bcard\b|\bvisa\b|\bmastercard\b|\bdinheiro\b|\bpoints?\b|excl|before", RegexOptions.IgnoreCase)]
    private static partial Regex NotTotal();

    private static int TotalRank(string label) =>
        Regex.IsMatch(label, @"grand|a\s*pagar|due|payable|rounded", RegexOptions.IgnoreCase) ? 3
        : Regex.IsMatch(label, @"total|jumlah", RegexOptions.IgnoreCase) ? 2
        : 1;

    private static (decimal? Total, bool Confident) FindTotal(List<Row> rows)
    {
        var candidates = new List<(decimal Value, int Rank, int Row)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var text = rows[i].Text;
            var label = TotalLabel().Match(text);
            if (!label.Success || NotTotal().IsMatch(text)) continue;
            // The amount sits after the label on the same row, or alone on the row below.
            var amount = AmountsIn(text, i).LastOrDefault(a => a.Position > label.Index)
                ?? (i + 1 < rows.Count && !TotalLabel().IsMatch(rows[i + 1].Text) && !NotTotal().IsMatch(rows[i + 1].Text)
                    ? AmountsIn(rows[i + 1].Text, i + 1).LastOrDefault() : null);
            if (amount is not null && amount.Value > 0) candidates.Add((amount.Value, TotalRank(label.Value), i));
        }

        var all = rows.SelectMany((r, i) => NotPayment().IsMatch(r.Text) ? [] : AmountsIn(r.Text, i)).Where(a => a.Value > 0).ToList();
        if (candidates.Count == 0)
            return all.Count == 0 ? (null, false) : (all.Max(a => a.Value), false);

        var best = candidates.OrderByDescending(c => c.Rank).ThenByDescending(c => c.Value).First();
        // Agreement: the total is the largest amount that is not cash handed over or change, or the
        // other total lines say the same.
        var agrees = best.Value >= all.Max(a => a.Value) || candidates.All(c => c.Value == best.Value) && candidates.Count > 1;
        return (best.Value, agrees);
    }

    [GeneratedRegex(@"\bchange\b|\btroco\b|\bcash\b|\btendered\b|\bdinheiro\b|\bpaid\b|\bvisa\b|\bcard\b|\bpoints?\b|\bsaving", RegexOptions.IgnoreCase)]
    private static partial Regex NotPayment();

    // ---- tax ----

    [GeneratedRegex(@"\b(total\s*)?(sales\s*)?(tax|gst|vat|iva|tva|mwst|icms|sst|hst|pst|imposto|impostos|tributos)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TaxLabel();

    private static decimal? FindTax(List<Row> rows)
    {
        var taxes = new List<(decimal Value, bool IsTotal)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var label = TaxLabel().Match(rows[i].Text);
            if (!label.Success || Regex.IsMatch(rows[i].Text, @"excl|incl|before|sub\s*-?\s*tot|\bid\b|\bno\b|reg", RegexOptions.IgnoreCase)) continue;
            var amount = AmountsIn(rows[i].Text, i).LastOrDefault(a => a.Position > label.Index);
            if (amount is not null) taxes.Add((Math.Abs(amount.Value), label.Groups[1].Success));
        }
        if (taxes.Count == 0) return null;
        return taxes.Any(t => t.IsTotal) ? taxes.Last(t => t.IsTotal).Value : taxes.Sum(t => t.Value);
    }

    // ---- currency ----

    private static readonly (Regex Pattern, string Code)[] CurrencyMarks =
    [
        // OCR often reads "R$" as "Rs"; with a decimal comma (or a CNPJ tax id) that is Brazil, not India.
        (new(@"R\s?\$|\bBRL\b|\breais\b|\bR[sS]\s?\d[\d.]*,\d{2}\b|\bCNPJ\b", RegexOptions.IgnoreCase), "BRL"),
        (new(@"\bRM\s?\d|\bRM\b|\bMYR\b"), "MYR"),
        (new(@"S\$|\bSGD\b"), "SGD"),
        (new(@"A\$|\bAUD\b"), "AUD"),
        (new(@"C\$|CA\$|\bCAD\b"), "CAD"),
        (new(@"€|\bEUR\b"), "EUR"),
        (new(@"£|\bGBP\b"), "GBP"),
        (new(@"₹|\bINR\b|\bRs\.?\s?\d"), "INR"),
        (new(@"¥|\bJPY\b"), "JPY"),
        (new(@"US\$|\bUSD\b"), "USD"),
        (new(@"\$"), "USD"),
    ];

    private static string? FindCurrency(List<Row> rows)
    {
        var text = string.Join('\n', rows.Select(r => r.Text));
        // The first mark in priority order wins: "R$" also contains "$", "S$" is not a US dollar.
        foreach (var (pattern, code) in CurrencyMarks)
            if (pattern.IsMatch(text)) return code;
        return null;
    }

    // ---- date ----

    private static readonly string[] MonthPrefixes =
        ["jan", "feb|fev", "mar", "apr|abr", "may|mai", "jun", "jul", "aug|ago", "sep|set", "oct|out", "nov", "dec|dez"];

    [GeneratedRegex(@"(?<!\d)(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?!\d)")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"(?<![\d/.\-])(\d{1,2})\s?[/.\-]\s?(\d{1,2})\s?[/.\-]\s?(\d{4}|\d{2})(?![\d/.\-]|\.\d)")]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]*(?:de\s+)?([A-Za-zç]{3,9})\.?[\s\-/.,]*(?:de\s+)?(\d{4}|\d{2})(?!\d)", RegexOptions.IgnoreCase)]
    private static partial Regex DayMonthYear();

    [GeneratedRegex(@"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}|\d{2})(?!\d)", RegexOptions.IgnoreCase)]
    private static partial Regex MonthDayYear();

    private static DateOnly? FindDate(List<Row> rows, string? currency)
    {
        // Rows that say "date" come first; otherwise the first date printed.
        foreach (var row in rows.OrderBy(r => Regex.IsMatch(r.Text, @"\b(date|data|dt)\b", RegexOptions.IgnoreCase) ? 0 : 1))
        {
            var text = row.Text.Replace('O', '0').Replace('o', '0');
            if (IsoDate().Match(row.Text) is { Success: true } iso && Make(Int(iso.Groups[1]), Int(iso.Groups[2]), Int(iso.Groups[3])) is { } d1) return d1;
            if (NumericDate().Match(text) is { Success: true } n)
            {
                int a = Int(n.Groups[1]), b = Int(n.Groups[2]), y = Year(n.Groups[3].Value);
                // Day first, as most of the world prints it, unless the numbers or a US-dollar receipt say month first.
                var monthFirst = a <= 12 && (b > 12 || currency == "USD");
                if ((monthFirst ? Make(y, a, b) : Make(y, b, a)) is { } d2) return d2;
            }
            if (DayMonthYear().Match(row.Text) is { Success: true } dmy && Month(dmy.Groups[2].Value) is { } m1
                && Make(Year(dmy.Groups[3].Value), m1, Int(dmy.Groups[1])) is { } d3) return d3;
            if (MonthDayYear().Match(row.Text) is { Success: true } mdy && Month(mdy.Groups[1].Value) is { } m2
                && Make(Year(mdy.Groups[3].Value), m2, Int(mdy.Groups[2])) is { } d4) return d4;
        }
        return null;
    }

    private static int Int(Group g) => int.Parse(g.Value, CultureInfo.InvariantCulture);

    private static int Year(string digits)
    {
        var y = int.Parse(digits, CultureInfo.InvariantCulture);
        return digits.Length == 2 ? (y < 80 ? 2000 + y : 1900 + y) : y;
    }

    private static int? Month(string word)
    {
        var prefix = word.ToLowerInvariant().Replace('ç', 'c');
        if (prefix.Length < 3) return null;
        prefix = prefix[..3];
        for (var i = 0; i < MonthPrefixes.Length; i++)
            if (MonthPrefixes[i].Split('|').Contains(prefix)) return i + 1;
        return null;
    }

    private static DateOnly? Make(int year, int month, int day) =>
        year is >= 1990 and <= 2100 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day) : null;

    // ---- merchant ----

    [GeneratedRegex(@"receipt|recibo|invoice|fatura|nota\s*fiscal|cupom|welcome|bem[\s-]*vindo|thank|obrigad|\btel\b|phone|fone|www\.|http|@|cnpj|cpf|\bgst\s*(id|reg|no)|\breg\b|\bno\.?\s*:|\bdate\b|\bdata\b|\btime\b|\bhora\b|street|\bst\.|\bave\b|\broad\b|\brua\b|\bav\.|\bjalan\b|\bjln\b|copy|original|\bcashier\b|\bserver\b|\btable\b|\border\b|\btip\b|total|\btax\b|amount|change|\bcash\b|troco", RegexOptions.IgnoreCase)]
    private static partial Regex NotAName();

    private static string? FindMerchant(List<Row> rows)
    {
        var top = rows.Take(5).Select((r, i) => (Row: r, Index: i, Name: CleanName(r.Text)))
            .Where(c => c.Name.Count(char.IsLetter) >= 3
                        && c.Name.Count(char.IsLetter) >= c.Name.Count(char.IsDigit) * 2
                        && !NotAName().IsMatch(c.Row.Text)
                        && AmountsIn(c.Row.Text, 0).Count == 0)
            .ToList();
        if (top.Count == 0) return null;
        // The name is usually printed first and often larger than the address lines under it.
        var tallest = top.Max(c => c.Row.Height);
        var pick = top.FirstOrDefault(c => c.Row.Height >= tallest * 0.8);
        return pick.Name;
    }

    private static string CleanName(string line)
    {
        var cleaned = Regex.Replace(line, @"[^\p{L}\p{N}&'.\- ]", " ");
        cleaned = Regex.Replace(cleaned, @"\s+", " ").Trim(' ', '.', '-', '\'');
        return cleaned;
    }
}
