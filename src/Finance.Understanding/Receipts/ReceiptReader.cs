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
        var (total, confident, candidates) = FindTotal(rows);
        var tax = FindTax(rows);
        if (confident && tax is { } t && t >= total) confident = false;
        return new ReceiptFields(total, currency, FindDate(rows, currency), FindMerchant(rows), tax, confident)
        {
            TotalCandidates = candidates,
        };
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

    // OCR often misreads TOTAL as TOTA1, TOTAI, TATAL, T0TAL, POTAL: the letters that matter are kept loose.
    private const string TotalWord = @"[tp][o0a]t[a4][l1i]";

    [GeneratedRegex(@"\b(grand\s*" + TotalWord + @"|(nett?|final|net)\s*" + TotalWord + @"|" + TotalWord + @"\s*(a\s*pagar|due|amount|amt|payable|sale|sales|rounded|incl|inclusive|rm|r\$|usd|eur)?|amount\s*due|balance\s*due|valor\s*(total|a\s*pagar)|jumlah|amount|rounded\s*total)", RegexOptions.IgnoreCase)]
    private static partial Regex TotalLabel();

    // What a total line is not. GST/TAX only when the line does not say the tax is included in it.
    [GeneratedRegex(@"sub\s*-?\s*t[o0]ta|\bchange\b|\btroco\b|\bcash\b|\btender|\btip\b|\bgratuity\b|\bgorjeta\b|discount|desconto|saving|\bitems?\b|\bqty\b|quantity|\bpaid\b|\bcard\b|\bvisa\b|\bmaster|\bdinheiro\b|\bpoints?\b|excl|before|\bround(ing)?\s*(adj|adjustment)?\b(?!\s*" + TotalWord + ")", RegexOptions.IgnoreCase)]
    private static partial Regex NotTotal();

    [GeneratedRegex(@"\b(tax|gst|vat|iva|icms|sst)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TaxWord();

    [GeneratedRegex(@"incl|inclusive", RegexOptions.IgnoreCase)]
    private static partial Regex Inclusive();

    [GeneratedRegex(@"\bround(ing|ed)?\b|\brnd\b|round\s*adj", RegexOptions.IgnoreCase)]
    private static partial Regex RoundingLabel();

    private static int TotalRank(string label) =>
        Regex.IsMatch(label, @"grand|a\s*pagar|due|payable|rounded|nett?|final|incl", RegexOptions.IgnoreCase) ? 3
        : Regex.IsMatch(label, TotalWord + "|jumlah", RegexOptions.IgnoreCase) ? 2
        : 1;

    private static bool IsTotalLine(string text, out Match label)
    {
        label = TotalLabel().Match(text);
        if (!label.Success || NotTotal().IsMatch(text)) return false;
        return !TaxWord().IsMatch(text) || Inclusive().IsMatch(text);
    }

    /// <summary>Scores every amount that could be the total: the label's strength, then what the rest of the
    /// receipt says about it (cash − change, subtotal + tax, a second total line, rounding).</summary>
    private static List<TotalCandidate> TotalCandidates(List<Row> rows)
    {
        var scores = new Dictionary<decimal, int>();
        var labelled = new HashSet<decimal>();
        void Add(decimal value, int score)
        {
            if (value <= 0) return;
            scores[value] = scores.TryGetValue(value, out var s) ? Math.Max(s, score) + 1 : score;
        }

        decimal? cash = null, change = null, subtotal = null, tax = null, rounding = null;
        for (var i = 0; i < rows.Count; i++)
        {
            var text = rows[i].Text;
            var amounts = AmountsIn(text, i);
            var next = i + 1 < rows.Count && !TotalLabel().IsMatch(rows[i + 1].Text) && !NotTotal().IsMatch(rows[i + 1].Text)
                ? AmountsIn(rows[i + 1].Text, i + 1).LastOrDefault() : null;
            if (IsTotalLine(text, out var label))
            {
                // The amount sits after the label on the same row, or alone on the row below.
                var amount = amounts.LastOrDefault(a => a.Position > label.Index) ?? next;
                if (amount is not null && amount.Value > 0)
                {
                    Add(amount.Value, TotalRank(label.Value) * 2);
                    labelled.Add(amount.Value);
                }
                continue;
            }
            var last = amounts.LastOrDefault()?.Value;
            if (Regex.IsMatch(text, @"\bchange\b|\btroco\b|\bbaki\b", RegexOptions.IgnoreCase)) change ??= last;
            else if (Regex.IsMatch(text, @"\bcash\b|\btender|\bdinheiro\b", RegexOptions.IgnoreCase)) cash ??= last;
            else if (Regex.IsMatch(text, @"sub\s*-?\s*t[o0]ta", RegexOptions.IgnoreCase)) subtotal ??= last;
            else if (RoundingLabel().IsMatch(text))
            {
                rounding ??= amounts.LastOrDefault() is { } r ? (text.Contains('-') ? -Math.Abs(r.Value) : r.Value) : null;
                // "ROUNDING ADJ -0.01" then the rounded total alone on the next row.
                if (next is not null && AmountsIn(rows[i + 1].Text, i + 1).Count == 1 && Regex.Replace(rows[i + 1].Text, @"[^\p{L}]", "").Length <= 3)
                {
                    Add(next.Value, 6);
                    labelled.Add(next.Value);
                }
            }
            else if (TaxWord().IsMatch(text) && !Inclusive().IsMatch(text)) tax ??= last;
        }

        var candidates = scores.Keys.ToList();
        if (cash is { } paid && change is { } back && paid - back > 0)
        {
            if (scores.ContainsKey(paid - back)) scores[paid - back] += 4;
            else Add(paid - back, 1);
        }
        if (change is 0m && cash is { } exact && scores.ContainsKey(exact)) scores[exact] += 2;
        if (subtotal is { } sub && tax is { } t && scores.ContainsKey(sub + t)) scores[sub + t] += 2;
        if (subtotal is { } sub2 && scores.ContainsKey(sub2)) scores[sub2] += 1;
        // Totals are rounded to 5 cents (Malaysia) or whole units: the rounded one is the one paid.
        if (rounding is { } rnd && rnd != 0 && Math.Abs(rnd) < 0.10m)
            foreach (var value in candidates)
                foreach (var rounded in new[] { value + rnd, value - rnd })
                    if (rounded > 0 && rounded % 0.05m == 0 && value % 0.05m != 0 && labelled.Contains(value))
                    {
                        Add(rounded, Math.Max(scores.GetValueOrDefault(rounded), scores[value]) + 1);
                        labelled.Add(rounded);
                    }

        return [.. scores.OrderByDescending(kv => kv.Value).ThenByDescending(kv => kv.Key)
            .Select(kv => new TotalCandidate(kv.Key, kv.Value, labelled.Contains(kv.Key)))];
    }

    private sealed record TotalCandidate(decimal Value, int Score, bool Labelled);

    [GeneratedRegex(@"\bchange\b|\btroco\b|\bcash\b|\btender|\bdinheiro\b|\bpaid\b|\bvisa\b|\bcard\b|\bpoints?\b|\bsaving", RegexOptions.IgnoreCase)]
    private static partial Regex NotPayment();

    private static (decimal? Total, bool Confident, IReadOnlyList<decimal> Candidates) FindTotal(List<Row> rows)
    {
        var all = rows.SelectMany((r, i) => NotPayment().IsMatch(r.Text) ? [] : AmountsIn(r.Text, i)).Where(a => a.Value > 0).ToList();
        var candidates = TotalCandidates(rows);
        if (candidates.Count == 0)
        {
            if (all.Count == 0) return (null, false, []);
            var guesses = all.Select(a => a.Value).Distinct().OrderDescending().Take(3).ToList();
            return (guesses[0], false, guesses);
        }

        var best = candidates[0];
        var runnerUp = candidates.Count > 1 ? candidates[1].Score : 0;
        // Confident: a labelled total that clearly beats the others and is not smaller than an amount
        // printed elsewhere, unless other evidence (cash − change, a second total line …) backs it.
        var largest = all.Count > 0 ? all.Max(a => a.Value) : best.Value;
        var confident = best.Labelled && best.Score - runnerUp >= 2 && (best.Value >= largest || best.Score >= 8);
        return (best.Value, confident, [.. candidates.Take(3).Select(c => c.Value)]);
    }

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

    // Malaysian shops print ringgit as "$" too; their address and company forms say where they are.
    [GeneratedRegex(@"\b(sdn\.?\s*bhd|s/b|jalan|jln|taman|selangor|johor|kuala\s*lumpur|malaysia|penang|perak|sabah|sarawak)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Malaysia();

    private static string? FindCurrency(List<Row> rows)
    {
        var text = string.Join('\n', rows.Select(r => r.Text));
        // The first mark in priority order wins: "R$" also contains "$", "S$" is not a US dollar.
        foreach (var (pattern, code) in CurrencyMarks)
            if (pattern.IsMatch(text))
                return code == "USD" && !Regex.IsMatch(text, @"US\$|\bUSD\b") && Malaysia().IsMatch(text) ? "MYR" : code;
        return Malaysia().IsMatch(text) ? "MYR" : null;
    }

    // ---- date ----

    private static readonly string[] MonthPrefixes =
        ["jan", "feb|fev", "mar", "apr|abr", "may|mai", "jun", "jul", "aug|ago", "sep|set", "oct|out", "nov", "dec|dez"];

    [GeneratedRegex(@"(?<!\d)(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?!\d)")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"(?<![\d/.\-])(\d{1,2})\s?[/.\-]\s?(\d{1,2})\s?[/.\-]\s?(\d{4}|\d{2})(?!\d|[/\-.:]\d)")]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]*(?:de\s+)?([A-Za-zç]{3,9})\.?[\s\-/.,]*(?:de\s+)?(\d{4}|\d{2})(?!\d)", RegexOptions.IgnoreCase)]
    private static partial Regex DayMonthYear();

    [GeneratedRegex(@"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}|\d{2})(?!\d)", RegexOptions.IgnoreCase)]
    private static partial Regex MonthDayYear();

    private static DateOnly? FindDate(List<Row> rows, string? currency)
    {
        // Day first, as most of the world prints it, unless a date on the receipt can only be month first,
        // or it is a US-dollar receipt and no date says otherwise.
        var numeric = rows.SelectMany(r => NumericDate().Matches(Digits(r.Text))).ToList();
        var dayFirst = numeric.Any(n => Int(n.Groups[1]) > 12) || !numeric.Any(n => Int(n.Groups[2]) > 12) && currency != "USD";

        // Rows that say "date" come first; otherwise the first date printed.
        foreach (var row in rows.OrderBy(r => Regex.IsMatch(r.Text, @"\b(date|data|dt|tarikh)\b", RegexOptions.IgnoreCase) ? 0 : 1))
        {
            var text = Digits(row.Text);
            if (IsoDate().Match(text) is { Success: true } iso && Make(Int(iso.Groups[1]), Int(iso.Groups[2]), Int(iso.Groups[3])) is { } d1) return d1;
            foreach (Match n in NumericDate().Matches(text))
            {
                int a = Int(n.Groups[1]), b = Int(n.Groups[2]), y = Year(n.Groups[3].Value);
                if ((dayFirst ? Make(y, b, a) ?? Make(y, a, b) : Make(y, a, b) ?? Make(y, b, a)) is { } d2) return d2;
            }
            if (DayMonthYear().Match(row.Text) is { Success: true } dmy && Month(dmy.Groups[2].Value) is { } m1
                && Make(Year(Digits(dmy.Groups[3].Value)), m1, Int(dmy.Groups[1])) is { } d3) return d3;
            if (MonthDayYear().Match(row.Text) is { Success: true } mdy && Month(mdy.Groups[1].Value) is { } m2
                && Make(Year(mdy.Groups[3].Value), m2, Int(mdy.Groups[2])) is { } d4) return d4;
        }
        return null;
    }

    /// <summary>Letters OCR puts for digits inside a date (O for 0, l or I for 1).</summary>
    private static string Digits(string text) =>
        Regex.Replace(text, @"(?<=[\d/.\-])[Oo]|[Oo](?=[\d/.\-]\d)|(?<=[\d/.\-])[lI|](?=[\d/.\-])", m => m.Value is "O" or "o" ? "0" : "1");

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
        year is >= 2000 and <= 2099 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day) : null;

    // ---- merchant ----

    [GeneratedRegex(@"receipt|recibo|invoice|fatura|nota\s*fiscal|cupom|welcome|bem[\s-]*vindo|thank|obrigad|\btel\b|phone|fone|www\.|http|@|cnpj|cpf|\bgst\s*(id|reg|no)|\breg\b|\bno\.?\s*:|\bdate\b|\bdata\b|\btime\b|\bhora\b|street|\bst\.|\bave\b|\broad\b|\brua\b|\bav\.|\bjalan\b|\bjln\b|copy|original|\bcashier\b|\bserver\b|\btable\b|\border\b|\btip\b|total|\btax\b|amount|change|\bcash\b|troco", RegexOptions.IgnoreCase)]
    private static partial Regex NotAName();

    // Words that make a line look like a business name.
    [GeneratedRegex(@"\b(sdn\.?\s*bhd|s/b|bhd|berhad|ltda?|llc|inc|plc|gmbh|s\.?a\.?|me|eireli|enterprise|trading|restaurant|restoran|cafe|kedai|mart|market|supermercado|mercado|padaria|farmacia|pharmacy|hardware|stationery|bakery|bakeries|store|shop|station|hypermarket|minimarket|pasaraya|perniagaan|syarikat)\b", RegexOptions.IgnoreCase)]
    private static partial Regex BusinessWord();

    // Company registration numbers "(123456-X)", "Co-Reg: 860671-D" and GST ids add nothing to a name.
    [GeneratedRegex(@"\(?\b(co\.?\s*-?\s*reg(\.|istration)?\s*(no)?\.?\s*:?\s*)?\d{4,}\s*-\s*[A-Z]\b\)?|\(?\b\d{5,}[\s\-]*[A-Z]?\)?\s*$|\(\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex RegistrationNumber();

    private static string? FindMerchant(List<Row> rows)
    {
        var top = rows.Take(8).Select((r, i) => (Row: r, Index: i, Name: CleanName(RegistrationNumber().Replace(r.Text, " "))))
            .Where(c => c.Name.Count(char.IsLetter) >= 3
                        && c.Name.Count(char.IsLetter) >= c.Name.Count(char.IsDigit) * 2
                        && !NotAName().IsMatch(c.Row.Text)
                        && AmountsIn(c.Row.Text, 0).Count == 0)
            .ToList();
        if (top.Count == 0) return null;
        var tallest = top.Max(c => c.Row.Height);
        // The name is usually printed first, in capitals, often larger than the address under it; a
        // company form (SDN BHD, LTDA …) or a shop word makes it near certain. Short runs of letters
        // and words of one or two letters are OCR noise from logos and stamps.
        var best = top.MaxBy(c =>
        {
            var words = c.Name.Split(' ');
            var letters = c.Name.Count(char.IsLetter);
            var upper = c.Name.Count(char.IsUpper);
            return (BusinessWord().IsMatch(c.Name) ? 4.0 : 0)
                + (upper >= letters * 0.8 ? 2 : 0)
                + (c.Row.Height >= tallest * 0.8 ? 1 : 0)
                + Math.Min(letters, 12) / 6.0
                - 2.0 * words.Count(w => w.Length <= 2) / words.Length
                - c.Index * 0.3;
        });
        var name = best.Name;
        // A name broken over two lines: "AIK HUAT HARDWARE ENTERPRISE" then "(SETIA ALAM) SDN BHD".
        if (best.Index + 1 < rows.Count && !Regex.IsMatch(name, @"\b(sdn\.?\s*bhd|s/b|bhd|berhad|ltda?)\b", RegexOptions.IgnoreCase)
            && Regex.IsMatch(rows[best.Index + 1].Text, @"^\W*(\(.*\)\s*)?(sdn\.?\s*bhd|s/b|bhd|berhad|ltda?|enterprise|trading)\b", RegexOptions.IgnoreCase))
            name += " " + CleanName(RegistrationNumber().Replace(rows[best.Index + 1].Text, " "));
        return name;
    }

    private static string CleanName(string line)
    {
        // "SON BHD", "SDN BHO": the company form OCR misreads most.
        line = Regex.Replace(line, @"\bS[DO0]N\.?\s*B[HI1][DO0]\b", "SDN BHD");
        var cleaned = Regex.Replace(line, @"[^\p{L}\p{N}&'./\- ]", " ");
        cleaned = Regex.Replace(cleaned, @"\s+", " ").Trim(' ', '.', '-', '\'');
        return cleaned;
    }
}
