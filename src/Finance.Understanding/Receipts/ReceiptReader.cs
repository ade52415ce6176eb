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
    /// <param name="Words">Where each word sits in <paramref name="Text"/> and how sure the OCR was of it (none for plain text).</param>
    private sealed record Row(string Text, int Top, int Height, IReadOnlyList<WordSpan> Words);

    private sealed record WordSpan(int Start, int End, float Confidence);

    private sealed record Amount(decimal Value, int Row, int Position, int Length);

    /// <summary>The OCR's word confidence (0–100) a total needs to be booked without asking, unless the
    /// receipt's arithmetic (paid − change, subtotal + tax, rounding) confirms it. Tuned on the SROIE tuning part.</summary>
    public const float MinTotalConfidence = 85;

    /// <param name="today">The day the receipt is read: a year after its year is a misread one (2048 is 2018).</param>
    public static ReceiptFields Read(string text, IReadOnlyList<OcrWord>? words = null, DateOnly? today = null)
    {
        var rows = words is { Count: > 0 } ? RowsFromWords([.. words.Select(w => w with { Text = Finance.Core.Digits.Western(w.Text) })])
            : RowsFromText(Finance.Core.Digits.Western(text));
        if (rows.Count == 0) return ReceiptFields.None;
        var currency = FindCurrency(rows);
        var (total, confident, candidates, totalConfidence, totalConfirmed, named) = FindTotal(rows);
        var tax = FindTax(rows);
        if (confident && tax is { } t && t >= total) confident = false;
        var (date, dateInDoubt) = FindDate(rows, currency, today);
        return new ReceiptFields(total, currency, date, FindMerchant(rows), tax, confident)
        {
            DateInDoubt = dateInDoubt,
            TotalCandidates = candidates,
            TotalConfidence = totalConfidence,
            TotalConfirmed = totalConfirmed,
            NamedTotals = named,
        };
    }

    // ---- rows ----

    private static List<Row> RowsFromText(string text) =>
        [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Select((l, i) => new Row(l, i * 10, 10, []))];

    private static List<Row> RowsFromWords(IReadOnlyList<OcrWord> words)
    {
        // The OCR's own lines, joined only when one sits beside another on the same visual row (a label read in
        // one block, its amount in another). Joining by boxes alone let one tall smudge swallow the rows around it.
        var rows = new List<List<OcrWord>>();
        foreach (var line in words.GroupBy(w => w.Line).Select(g => g.ToList()).OrderBy(Center))
        {
            var beside = rows.LastOrDefault(r =>
                Math.Abs(Center(r) - Center(line)) < 0.5 * Math.Min(Median(r.Select(w => w.Height)), Median(line.Select(w => w.Height)))
                && (line.Min(w => w.Left) >= r.Max(w => w.Left + w.Width) || line.Max(w => w.Left + w.Width) <= r.Min(w => w.Left)));
            if (beside is null) rows.Add(line); else beside.AddRange(line);
        }
        return [.. rows.Select(r =>
        {
            var text = new System.Text.StringBuilder();
            var spans = new List<WordSpan>();
            foreach (var word in r.OrderBy(w => w.Left))
            {
                if (text.Length > 0) text.Append(' ');
                spans.Add(new WordSpan(text.Length, text.Length + word.Text.Length, word.Confidence));
                text.Append(word.Text);
            }
            return new Row(text.ToString(), r.Min(w => w.Top), Median(r.Select(w => w.Height)), spans);
        })];
    }

    /// <summary>The least confidence of the words an amount was read from; 100 when the OCR gave none.</summary>
    private static float ConfidenceOf(Row row, Amount amount)
    {
        var words = row.Words.Where(w => w.Start < amount.Position + amount.Length && w.End > amount.Position).ToList();
        return words.Count == 0 ? 100 : words.Min(w => w.Confidence);
    }

    private static double Center(List<OcrWord> line) => Median(line.Select(w => w.Top + w.Height / 2));

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

    // "RMO.02", "1l.50": letters OCR puts for digits inside an amount, mapped back when the rest are digits
    // (same length, so positions hold). "t48.00", "T09.70": a leading 1 read as t, as the Latin network reads it.
    [GeneratedRegex(@"(?<=(?<![\p{L}\d])(?:RM|R|\$)?)[tT]?[\dOolI]+[.,][\dOolI]{2}(?![\p{L}\d])")]
    private static partial Regex AmountWithLetters();

    private static string AmountText(string text) =>
        AmountWithLetters().Replace(text, m => !m.Value.Any(char.IsAsciiDigit) ? m.Value
            : m.Value[0] is 't' or 'T' ? "1" + AsDigits(m.Value[1..]) : AsDigits(m.Value));

    /// <summary>The letters OCR reads for digits taken as the digits: O and o as 0; l, I and | as 1.</summary>
    public static string AsDigits(string text) => new([.. text.Select(c => c switch { 'O' or 'o' => '0', 'l' or 'I' or '|' => '1', _ => c })]);

    /// <summary>"TOTAL RM21 85", "TOTAL RM1 4.20": a point read as a space, a space inside the digits (same length).</summary>
    private static string SplitAmount(string text) =>
        Regex.Replace(Regex.Replace(text, @"(?<=RM\s?)(\d{1,3}) (\d{1,3}[.,]\d{2})(?!\d)", " $1$2"), @"(?<=RM\s?\d{1,4}) (?=\d{2}(?![\d.,]))", ".");

    private static List<Amount> AmountsIn(string text, int row) =>
        [.. AmountPattern().Matches(AmountText(text)).Select(m => new Amount(
            decimal.Parse(Regex.Replace(m.Groups[1].Value, @"[.,']", "") + "." + m.Groups[2].Value, CultureInfo.InvariantCulture),
            row, m.Index, m.Length))];

    // ---- total ----

    // OCR often misreads TOTAL as TOTA1, TOTAI, TOTAT, TOTE!, TATAL, T0TAL, POTAL, LOTAL, JOTAL, TOTA", TOTA]: the letters that matter are kept loose.
    private const string TotalWord = @"[tplj][o0a]t[a4e]\s?[l1it!\]""”]";

    [GeneratedRegex(@"\b(grand\s*" + TotalWord + @"|(nett?|final|net)\s*" + TotalWord + @"|" + TotalWord + @"\s*(a\s*pagar|due|amount|amt|payable|sale|sales|rounded|incl|inclusive|rm|r\$|usd|eur)?|amount\s*due|amount\s*to\s*be\s*paid|balance\s*due|valor\s*(total|a\s*pagar)|jumlah|amount|rounded\s*total|\bsumme\b|zu\s*zahlen|\bgesamt(betrag|summe)?\b|\bend(summe|betrag)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex TotalLabel();

    // What a total line is not. GST/TAX only when the line does not say the tax is included in it.
    [GeneratedRegex(@"su[bn]\s*-?\s*t[o0]ta|\bchange\b|\btroco\b|r(ü|ue?)ckgeld|\bgegeben\b|\bcash\b|\btender|\btip\b|\bgratuity\b|\bgorjeta\b|discount|desconto|saving|\bitems?\b|\bqty\b|quantity|(?<!be\s)\bpaid\b|\bcard\b|\bvisa\b|\bmaster|\bdinheiro\b|\bpoints?\b|excl|before|supplies|\baccepted\b|\binclude[sd]\b|\bround(ing)?\s*(adj|adjustment)?\b(?!\s*" + TotalWord + ")", RegexOptions.IgnoreCase)]
    private static partial Regex NotTotal();

    // "TotalGST : 10.80": the tax, printed glued to the word total.
    [GeneratedRegex(@"(\b|(?<=t[o0]tal))(tax|gst|vat|iva|icms|sst|mwst|ust)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TaxWord();

    // "Total After Adj Inc GST": a total that says what it holds, or what was taken off before it, is the bill's.
    [GeneratedRegex(@"incl|inclusive|\ba[ft]ter\b", RegexOptions.IgnoreCase)]
    private static partial Regex Inclusive();

    [GeneratedRegex(@"\bround(ing|ed)?\b|\brnd\b|round\s*adj", RegexOptions.IgnoreCase)]
    private static partial Regex RoundingLabel();

    private static int TotalRank(string label) =>
        Regex.IsMatch(label, @"grand|a\s*pagar|due|payable|to\s*be\s*paid|rounded|nett?|final|incl|zu\s*zahlen|end(summe|betrag)", RegexOptions.IgnoreCase) ? 3
        : Regex.IsMatch(label, TotalWord + "|jumlah|summe|gesamt", RegexOptions.IgnoreCase) ? 2
        : 1;

    private static bool IsTotalLine(string text, out Match label)
    {
        label = TotalLabel().Match(text);
        if (!label.Success || NotTotal().IsMatch(text)) return false;
        // "Total Due (GST Inc)": a tax named in brackets says what the total holds; "Total GST" is the tax.
        return !TaxWord().IsMatch(Regex.Replace(text, @"\([^)]*\)?", "")) || Inclusive().IsMatch(text);
    }

    [GeneratedRegex(@"RM|R\$|US\$|S\$|\b(MYR|USD|EUR|BRL|SGD|GBP)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CurrencyWord();

    // "GST SUMMARY", "Tax Code % Amount Tax": the table of tax rates under the total, whose own "Total" row is not the bill's.
    [GeneratedRegex(@"([g6][s5][t1i]|tax|sst|vat)\s*summary", RegexOptions.IgnoreCase)]
    private static partial Regex TaxSummary();

    [GeneratedRegex(@"\btax\s*code\b|\bcode\s*%", RegexOptions.IgnoreCase)]
    private static partial Regex TaxCodeHeading();

    // How the bill was paid: each amount is what was tendered (cash) or charged (card), never less than the total.
    [GeneratedRegex(@"\bcash\b|\btender|\baccepted\b|\breceived\b|(?<!be\s)\bpaid\b|\bdinheiro\b|\bpay(ment)?\b|\bcredit\b|\bdebit\b|\bcard\b|\bvisa\b|\bmaster|\bcart[aã]o\b|\bgegeben\b|girocard|\bec[\s-]?cash\b|\bkarte\b", RegexOptions.IgnoreCase)]
    private static partial Regex PaymentLabel();

    /// <summary>Scores every amount that could be the total: the label's strength, then what the rest of the
    /// receipt says about it (what was paid less the change, subtotal + tax, a second total line, rounding).</summary>
    private static List<TotalCandidate> TotalCandidates(List<Row> rows)
    {
        var scores = new Dictionary<decimal, int>();
        var labelled = new HashSet<decimal>();
        var readWith = new Dictionary<decimal, float>();
        void Read(Amount amount) =>
            readWith[amount.Value] = Math.Max(readWith.GetValueOrDefault(amount.Value), ConfidenceOf(rows[amount.Row], amount));
        void Add(decimal value, int score)
        {
            if (value <= 0) return;
            scores[value] = scores.TryGetValue(value, out var s) ? Math.Max(s, score) + 1 : score;
        }

        decimal? change = null, subtotal = null, tax = null, rounding = null, taxed = null;
        var payments = new List<decimal>();
        var inTaxSummary = false;
        var roundingRow = -10;
        for (var i = 0; i < rows.Count; i++)
        {
            var text = rows[i].Text;
            var amounts = AmountsIn(text, i);
            // An amount alone on the row below (a currency mark at most) belongs to a label left without one.
            var next = i + 1 < rows.Count && AmountsIn(rows[i + 1].Text, i + 1) is [var only]
                && !Regex.IsMatch(CurrencyWord().Replace(rows[i + 1].Text, ""), @"\p{L}") ? only : null;
            // The summary comes after the total; a "TAXCODE" column heading above the items is not it.
            inTaxSummary |= TaxSummary().IsMatch(text) || scores.Count > 0 && TaxCodeHeading().IsMatch(text);
            if (IsTotalLine(text, out var label))
            {
                // The amount sits after the label on the same row, or alone on the row below. A total in the tax
                // summary, or in brackets ("(Total incl. GST @ 6%: 1.42)"), is the tax's, not the bill's.
                amounts = AmountsIn(SplitAmount(text), i);
                var amount = amounts.LastOrDefault(a => a.Position > label.Index) ?? next;
                // "FinalTotal 870" on a receipt that prints cents: the point was lost. A last resort, never booked unasked.
                var pointLost = false;
                if (amount is null && Regex.Match(text[(label.Index + label.Length)..], @"(?<![\d.,])(\d{3,6})\s*\W*$") is { Success: true } bare
                    && rows.Any(r => AmountsIn(r.Text, 0).Count > 0))
                {
                    amount = new Amount(decimal.Parse(bare.Groups[1].Value, CultureInfo.InvariantCulture) / 100, i, label.Index + label.Length + bare.Groups[1].Index, bare.Groups[1].Length);
                    pointLost = true;
                }
                // "Total: 180.00 10.80" (net, tax) is the summary's row too.
                var afterLabel = amounts.Where(a => a.Position > label.Index).ToList();
                var taxColumns = afterLabel.Count >= 2 && afterLabel[^1].Value < afterLabel[0].Value;
                if (amount is not null && amount.Value > 0 && !inTaxSummary && !taxColumns && !text.TrimStart().StartsWith('('))
                {
                    // The total printed after the rounding line is the rounded one: the one paid.
                    if (pointLost) Add(amount.Value, 1);
                    else
                    {
                        Add(amount.Value, TotalRank(label.Value) * 2 + (i - roundingRow <= 2 ? 3 : 0));
                        labelled.Add(amount.Value);
                        Read(amount);
                    }
                }
                continue;
            }
            var last = amounts.LastOrDefault()?.Value;
            if (Regex.IsMatch(text, @"\bchange\b|\btroco\b|\bbaki\b|r(ü|ue?)ckgeld", RegexOptions.IgnoreCase))
                // "CHANGE RM.40": change below one unit, printed or read without its 0.
                change ??= last ?? (Regex.Match(text, @"(?<![\d.,])[.,](\d{2})(?![\d.,])") is { Success: true } cents
                    ? decimal.Parse(cents.Groups[1].Value, CultureInfo.InvariantCulture) / 100 : null);
            else if (PaymentLabel().IsMatch(text) && !RoundingLabel().IsMatch(text)) { if (last is { } paid) payments.Add(Math.Abs(paid)); }
            else if (SubtotalLabel().IsMatch(text)) subtotal ??= last;
            else if (RoundingLabel().IsMatch(text))
            {
                roundingRow = i;
                var adjustment = amounts.LastOrDefault();
                // "Rounding RM 182.00": a rounding line with a whole bill on it is the rounded total.
                if (adjustment is { Value: >= 0.10m } && !Regex.IsMatch(text, @"adj", RegexOptions.IgnoreCase))
                {
                    // ... when it is a few cents from a total already read or says it is the total after rounding:
                    // "ROUNDING 2.00" under "SUB-TOTAL 4.00" is a misread adjustment, not the bill.
                    if (!scores.Keys.Append(subtotal ?? 0).Any(v => Math.Abs(v - adjustment.Value) < 0.10m)
                        && !Regex.IsMatch(text, @"\ba[ft]ter\b", RegexOptions.IgnoreCase)) continue;
                    Add(adjustment.Value, 6);
                    labelled.Add(adjustment.Value);
                    Read(adjustment);
                }
                else rounding ??= adjustment is { } r ? (text.Contains('-') ? -Math.Abs(r.Value) : r.Value) : null;
                // "ROUNDING ADJ -0.01" then the rounded total alone on the next row.
                if (next is not null)
                {
                    Add(next.Value, 6);
                    labelled.Add(next.Value);
                    Read(next);
                }
            }
            else if (TaxWord().IsMatch(text) && !Inclusive().IsMatch(text)) tax ??= last;
        }

        var candidates = scores.Keys.ToList();
        // Paid less change is the total; with several payment lines ("Cash 71.00", "Cash received 101.00") the
        // one whose difference another line confirms wins. A payment equal to a candidate (card, exact cash) backs it.
        var confirmed = new HashSet<decimal>();
        foreach (var paid in payments.Distinct())
        {
            if (change is { } back && back > 0 && paid - back > 0)
            {
                var net = paid - back;
                if (scores.ContainsKey(net)) { scores[net] += 4; confirmed.Add(net); }
                // Two payment lines that agree ("Cash 71.00", "Cash received 101.00", "Change 30.00") outweigh one label.
                else if (payments.Contains(net)) { Add(net, 8); confirmed.Add(net); }
                else { Add(net, 1); confirmed.Add(net); }
            }
            if (scores.ContainsKey(paid) && !confirmed.Contains(paid) && (change is null or 0m || payments.Contains(paid + change.Value)))
            {
                scores[paid] += 3;
                confirmed.Add(paid);
            }
        }
        if (change is 0m && payments.Count > 0 && !payments.Any(scores.ContainsKey)) Add(payments[0], 3);
        // "Total 8.19", "Cash 8.20" and no change: cash is rounded to 5 cents, and that is what was paid.
        if (change is null or 0m)
            foreach (var paid in payments.Where(p => p % 0.05m == 0).Distinct())
                if (labelled.FirstOrDefault(v => v % 0.05m != 0 && Math.Abs(paid - v) < 0.05m) is var unrounded and > 0)
                {
                    scores[paid] = Math.Max(scores.GetValueOrDefault(paid), scores[unrounded] + 1);
                    labelled.Add(paid);
                    confirmed.Add(paid);
                }
        // No total readable and no change given: what was paid is the likeliest total (a question confirms it).
        if (change is null && payments.Count > 0 && labelled.Count == 0) Add(payments.Max(), 2);
        if (subtotal is { } sub && tax is { } t && scores.ContainsKey(sub + t)) { scores[sub + t] += 2; confirmed.Add(sub + t); }
        // "SUB TOTAL 21.00", "GST 6% 1.26", "ROUNDING ADJ -0.01" under "NET TOTAL 22.20": a subtotal, its tax at the rate
        // printed and the rounding agree on 22.25, one digit from the total read; three amounts that agree outweigh one misread.
        else if (subtotal is { } net && tax is { } charged && PrintedRates(rows).Any(r => Math.Abs(net * r / 100 - charged) <= 0.01m))
        {
            var reckoned = net + charged + (rounding is { } adj && Math.Abs(adj) < 0.05m && (net + charged + adj) % 0.05m == 0 ? adj : 0);
            if (labelled.Any(v => OneDigitApart(v, reckoned)) && !scores.ContainsKey(reckoned))
            {
                Add(reckoned, 1);
                confirmed.Add(reckoned);
                taxed = reckoned;
            }
        }
        // Nothing else to go on: the subtotal and its tax come before the largest amount printed, the tax only when
        // the receipt does not say its prices include it ("GST @ 6% INCLUDED IN TOTAL", OCR's "nclusive").
        if (scores.Count == 0 && subtotal is { } untaxed)
            Add(untaxed + (tax is { } t2 && t2 < untaxed && !rows.Any(r => Regex.IsMatch(r.Text, "nclu", RegexOptions.IgnoreCase)) ? t2 : 0), 1);
        if (subtotal is { } sub2 && scores.ContainsKey(sub2)) scores[sub2] += 1;
        // Totals are rounded to 5 cents (Malaysia) or whole units: the rounded one is the one paid.
        if (rounding is { } rnd && rnd != 0 && Math.Abs(rnd) < 0.10m)
            foreach (var value in candidates)
                foreach (var rounded in new[] { value + rnd, value - rnd })
                    if (rounded > 0 && rounded % 0.05m == 0 && value % 0.05m != 0 && labelled.Contains(value))
                    {
                        Add(rounded, Math.Max(scores.GetValueOrDefault(rounded), scores[value]) + 1);
                        labelled.Add(rounded);
                        confirmed.Add(rounded);
                    }
        // A rounding line whose adjustment the OCR could not read still says the bill was rounded to 5 cents.
        if (roundingRow >= 0 && rounding is null && scores.Count > 0 && scores.MaxBy(kv => kv.Value) is { Key: var top } best
            && labelled.Contains(top) && top % 0.05m != 0 && !scores.Keys.Any(v => v % 0.05m == 0 && Math.Abs(v - top) <= 0.02m))
        {
            var rounded = Math.Round(top / 0.05m, MidpointRounding.AwayFromZero) * 0.05m;
            Add(rounded, best.Value + 1);
            labelled.Add(rounded);
            readWith[rounded] = readWith.GetValueOrDefault(top, 100);
        }

        return [.. scores.OrderByDescending(kv => kv.Value).ThenByDescending(kv => kv.Key)
            .Select(kv => new TotalCandidate(kv.Key, kv.Value, labelled.Contains(kv.Key), confirmed.Contains(kv.Key),
                confirmed.Contains(kv.Key) ? 100 : readWith.GetValueOrDefault(kv.Key, 100), kv.Key == taxed))];
    }

    // "GST 6%", "SST @ 10 %", "Tax (6.000%)": the rate the receipt says it charged.
    [GeneratedRegex(@"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,3})?)\s?%")]
    private static partial Regex Rate();

    /// <summary>The tax rates printed on the receipt's tax rows (1–30 %).</summary>
    private static List<decimal> PrintedRates(List<Row> rows) =>
        [.. rows.Where(r => TaxWord().IsMatch(r.Text)).SelectMany(r => Rate().Matches(r.Text))
            .Select(m => decimal.Parse(m.Groups[1].Value.Replace(',', '.'), CultureInfo.InvariantCulture))
            .Where(r => r is >= 1 and <= 30).Distinct()];

    /// <param name="Confidence">How sure the OCR was of the amount's digits; 100 when the receipt's arithmetic confirms it.</param>
    /// <param name="Confirmed">The receipt's arithmetic (paid − change, subtotal + tax, rounding) gives the same amount.</param>
    /// <param name="Taxed">Reckoned from a subtotal and its tax at the rate printed (and the rounding): it mends a total one digit from it.</param>
    private sealed record TotalCandidate(decimal Value, int Score, bool Labelled, bool Confirmed, float Confidence, bool Taxed = false);

    [GeneratedRegex(@"\bchange\b|\btroco\b|\bcash\b|\btender|\bdinheiro\b|\bpaid\b|\bvisa\b|\bcard\b|\bpoints?\b|\bsaving", RegexOptions.IgnoreCase)]
    private static partial Regex NotPayment();

    private static (decimal? Total, bool Confident, IReadOnlyList<decimal> Candidates, float Confidence, bool Confirmed, IReadOnlyList<decimal> Named)
        FindTotal(List<Row> rows)
    {
        var all = rows.SelectMany((r, i) => NotPayment().IsMatch(r.Text) ? [] : AmountsIn(r.Text, i)).Where(a => a.Value > 0).ToList();
        var candidates = TotalCandidates(rows);
        if (candidates.Count == 0)
        {
            if (all.Count == 0) return (null, false, [], 0, false, []);
            var guesses = all.Select(a => a.Value).Distinct().OrderDescending().Take(3).ToList();
            return (guesses[0], false, guesses, 0, false, []);
        }
        var named = candidates.Select(c => c.Value).ToList();
        // The total taken first, the next likeliest as the other buttons.
        List<decimal> Before(decimal total) => [total, .. named.Where(v => v != total).Take(2)];

        var best = candidates[0];
        var runnerUp = candidates.Count > 1 ? candidates[1].Score : 0;
        // "TOTAL 18.00" read unsure beside cash − change = 18.80: the arithmetic's digits beat the doubtful ones (asked about).
        // So does a subtotal whose tax is the rate printed, however surely the total's digits were read.
        if (!best.Confirmed
            && candidates.FirstOrDefault(c => c.Confirmed && (best.Confidence < MinTotalConfidence || c.Taxed) && OneDigitApart(c.Value, best.Value)) is { } reckoned)
            return (reckoned.Value, false, Before(reckoned.Value), 100, true, named);
        // The total as printed elsewhere wins over the copy the OCR misread; asked about, the other stays a button.
        if (!best.Confirmed && MisreadCopy(rows, best.Value) is { } printedAgain)
            return (printedAgain, false, Before(printedAgain), 100, false, named);
        // Confident: a labelled total that clearly beats the others and is not smaller than an amount
        // printed elsewhere, unless other evidence (cash − change, a second total line …) backs it.
        var largest = all.Count > 0 ? all.Max(a => a.Value) : best.Value;
        // A bare "Amount" label (score 2) alone is too weak to book on: "Psid Amount: 100.00" is what was paid.
        var confident = best.Labelled && best.Score >= 3 && best.Score - runnerUp >= 2 && (best.Value >= largest || best.Score >= 8)
            // Digits the OCR was unsure of (21.83 for 21.85) are asked about, not booked.
            && best.Confidence >= MinTotalConfidence;
        var offered = named.Take(3).ToList();
        // One candidate leaves nothing to tap when it is wrong: the largest other amounts printed are offered too.
        offered.AddRange(all.Select(a => a.Value).Distinct().Where(v => !offered.Contains(v)).OrderDescending().Take(2 - Math.Min(2, offered.Count)));
        return (best.Value, confident, offered, best.Confidence, best.Confirmed, named);
    }

    /// <summary>An amount one digit away from <paramref name="total"/> that the receipt prints on more rows
    /// ("Total Rounded 598.00" under an item, a "Total incl GST" and a tax summary all at 538.00), or that is the
    /// rounded one of the two when the receipt rounds (109.76 / 109.70): a misread digit is a one-off, the total repeats.</summary>
    private static decimal? MisreadCopy(List<Row> rows, decimal total)
    {
        var rowsOf = rows.SelectMany((r, i) => AmountsIn(r.Text, i)).GroupBy(a => a.Value)
            .ToDictionary(g => g.Key, g => g.Select(a => a.Row).Distinct().ToList());
        var copies = rowsOf.GetValueOrDefault(total)?.Count ?? 0;
        var rounds = rows.Any(r => RoundingLabel().IsMatch(r.Text));
        return rowsOf.Where(p => OneDigitApart(p.Key, total) && p.Key >= total / 2 && p.Key <= total * 2
                // An item price repeated in the subtotal says nothing: the copy must be a total, subtotal or payment.
                && p.Value.Any(i => TotalLabel().IsMatch(rows[i].Text) || PaymentLabel().IsMatch(rows[i].Text) || SubtotalLabel().IsMatch(rows[i].Text))
                // A rounding line explains a few cents: 8.11 rounded to 8.10 is no misreading.
                && (p.Value.Count > copies && !(rounds && Math.Abs(p.Key - total) < 0.05m)
                    || p.Value.Count == copies && rounds && p.Key % 0.05m == 0 && total % 0.05m != 0))
            .OrderByDescending(p => p.Value.Count).Select(p => (decimal?)p.Key).FirstOrDefault();
    }

    // "STTL 11.32", "Total Sales (Excluding GST) 180.00": what the bill comes to before tax.
    [GeneratedRegex(@"su[bn]\s*-?\s*t[o0]ta|\bsttl\b|t[o0]tal\b\D*\bexcl", RegexOptions.IgnoreCase)]
    private static partial Regex SubtotalLabel();

    private static bool OneDigitApart(decimal a, decimal b) =>
        OneCharacterApart(a.ToString("0.00", CultureInfo.InvariantCulture), b.ToString("0.00", CultureInfo.InvariantCulture));

    /// <summary>Two dates whose digits differ in one place (18/03/2017 and 13/03/2017): one of them is likely a misreading.</summary>
    public static bool OneDigitApart(DateOnly a, DateOnly b) =>
        OneCharacterApart(a.ToString("yyyyMMdd", CultureInfo.InvariantCulture), b.ToString("yyyyMMdd", CultureInfo.InvariantCulture));

    private static bool OneCharacterApart(string x, string y) => x.Length == y.Length && x.Zip(y).Count(p => p.First != p.Second) == 1;

    // ---- tax ----

    [GeneratedRegex(@"\b(total\s*)?(sales\s*)?(tax|gst|vat|iva|tva|mwst|icms|sst|hst|pst|imposto|impostos|tributos)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TaxLabel();

    private static decimal? FindTax(List<Row> rows)
    {
        var taxes = new List<(decimal Value, bool IsTotal)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var label = TaxLabel().Match(rows[i].Text);
            // "Total Due (GST Inc): 31.00" is the total, not the tax.
            if (!label.Success || IsTotalLine(rows[i].Text, out _) || Regex.IsMatch(rows[i].Text, @"excl|incl|before|sub\s*-?\s*tot|\bid\b|\bno\b|reg", RegexOptions.IgnoreCase)) continue;
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
        // A bare symbol away from any amount is often OCR noise (a smudge or a wide gap read as "#£="): it counts
        // only when no amount or currency word names another currency.
        var code = FirstMark(text, symbolsBesideAmountsOnly: true) ?? FirstMark(text, symbolsBesideAmountsOnly: false);
        if (code is null) return Malaysia().IsMatch(text) ? "MYR" : null;
        return code == "USD" && !Regex.IsMatch(text, @"US\$|\bUSD\b") && Malaysia().IsMatch(text) ? "MYR" : code;
    }

    /// <summary>The first mark in priority order wins: "R$" also contains "$", "S$" is not a US dollar.</summary>
    private static string? FirstMark(string text, bool symbolsBesideAmountsOnly)
    {
        foreach (var (pattern, code) in CurrencyMarks)
            foreach (Match mark in pattern.Matches(text))
                if (!symbolsBesideAmountsOnly || mark.Value.Any(char.IsLetter)
                    || DigitAfter().IsMatch(text.AsSpan(mark.Index + mark.Length)) || DigitBefore().IsMatch(text.AsSpan(0, mark.Index)))
                    return code;
        return null;
    }

    [GeneratedRegex(@"^[ \t]*\d")]
    private static partial Regex DigitAfter();

    [GeneratedRegex(@"\d[ \t]*$", RegexOptions.RightToLeft)]
    private static partial Regex DigitBefore();

    // ---- date ----

    private static readonly string[] MonthPrefixes =
        ["jan", "feb|fev", "mar", "apr|abr", "may|mai", "jun", "jul", "aug|ago", "sep|set", "oct|out", "nov", "dec|dez"];

    // 2018-03-15, 2018/03/15, 2018年3月15日
    [GeneratedRegex(@"(?<!\d)(\d{4})\s*[/.\-年]\s*(\d{1,2})\s*[/.\-月]\s*(\d{1,2})(?!\d)")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"(?<![\d/.\-])(\d{1,2})\s?[/.\-]\s?(\d{1,2})\s?[/.\-]\s?(\d{4}|\d{2})(?!\d|[/\-.:]\d)")]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]*(?:de\s+)?([A-Za-zç]{3,9})\.?[\s\-/.,]*(?:de\s+)?(\d{4}|\d{2})(?!\d)", RegexOptions.IgnoreCase)]
    private static partial Regex DayMonthYear();

    [GeneratedRegex(@"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}|\d{2})(?!\d)", RegexOptions.IgnoreCase)]
    private static partial Regex MonthDayYear();

    [GeneratedRegex(@"\b(date|data|dt|tarikh)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DateLabel();

    // "19/10/201820:49:59", "2018-10-1920:49": a time of day run into the year or day before it (PP-OCR reads a date and
    // its time as one word); the place between them, where a space goes.
    [GeneratedRegex(@"(?<=(?<![\d/.\-])(?:\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?(?:19|20)\d{2}|(?:19|20)\d{2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?\d{2}))(?=\d{1,2}:\d{2})")]
    private static partial Regex TimeRunIn();

    // A time of day after the date: the sale's own timestamp, not a printed expiry or a product code.
    [GeneratedRegex(@"^\W{0,3}\d{1,2}\s?[:.]\s?\d{2}")]
    private static partial Regex TimeAfter();

    // After a date label only, dates whose separators OCR dropped or read as digits: "1202/2018", "02/122017", "2540482017".
    [GeneratedRegex(@"(?<!\d)(\d{2})(?:[/.\-]?|\d)(\d{2})(?:[/.\-]?|\d)(\d{4})(?!\d)")]
    private static partial Regex RunTogetherDate();

    [GeneratedRegex(@"(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)")]
    private static partial Regex CompactDate();

    [GeneratedRegex(@"(?<![\d/.\-])(\d{2})[/.\-](\d{2})(\d{2})(?![\d/.\-])")]
    private static partial Regex ShortYearRunTogether();

    [GeneratedRegex(@"(?<![\d/.\-])(\d{2})(\d{2})[/.\-](20\d{2})(?![\d/.\-])")]
    private static partial Regex DayMonthRunTogether();

    // "25/Fe0/2017": day, a three-character month, year, the same separator both sides.
    [GeneratedRegex(@"(?<![\p{L}\d])(\d{1,2})([/\-])([\p{L}\d]{3})\2(\d{4}|\d{2})(?![\p{L}\d])")]
    private static partial Regex MisspeltMonthDate();

    // "Ol-Nov-2017", "t5/Apr/2017": a day read as letters before a month's name.
    [GeneratedRegex(@"(?<![\p{L}\d])[\dOolI|t]{1,2}(?=[\-/][A-Za-z]{3})")]
    private static partial Regex DayBeforeMonth();

    private static (DateOnly? Date, bool InDoubt) FindDate(List<Row> rows, string? currency, DateOnly? today)
    {
        // Day first, as most of the world prints it, unless a date on the receipt can only be month first,
        // or it is a US-dollar receipt and no date says otherwise.
        // Only a row's first date: "06/01/18 12.17.26" must not count the time as a month-first date.
        var texts = rows.Select(r => TimeRunIn().Replace(Digits(r.Text), " ")).ToList();
        var numeric = texts.Select(t => NumericDate().Match(t)).Where(m => m.Success).ToList();
        // "01/16/2017" on a ringgit receipt: a month 13–19 is a 10 whose 0 the OCR misread far more often than a date
        // printed month first, unless the receipt is in dollars or prints the same day unambiguously too.
        var isoDays = texts.SelectMany(t => IsoDate().Matches(t))
            .Select(iso => Make(Int(iso.Groups[1]), Int(iso.Groups[2]), Int(iso.Groups[3]))).ToHashSet();
        bool MisreadTen(Match n) => currency is not (null or "USD") && Int(n.Groups[2]) is > 12 and < 20 && Int(n.Groups[1]) <= 12
            && !isoDays.Contains(Make(Year(n.Groups[3].Value), Int(n.Groups[1]), Int(n.Groups[2])));
        // A month of 0 is no month: "Z=0. 23.60 .00", a tax summary's row, says nothing about the order.
        var dayFirst = numeric.Any(n => Int(n.Groups[1]) is > 12 and <= 31 && Int(n.Groups[2]) is >= 1 and <= 12)
            || !numeric.Any(n => Int(n.Groups[2]) is > 12 and <= 31 && Int(n.Groups[1]) is >= 1 and <= 12 && !MisreadTen(n)) && currency != "USD";

        // Every date printed is a candidate; the one on a "Date" row, with the time beside it, printed as dates
        // are (one separator throughout), wins; then the first printed.
        var candidates = new List<(DateOnly Date, double Score)>();
        // Dates pieced together by mending a day or month no calendar has: a guess at the misread digit.
        var guessed = new HashSet<DateOnly>();
        for (var i = 0; i < rows.Count; i++)
        {
            var text = texts[i];
            var labelScore = DateLabel().IsMatch(rows[i].Text) ? 3 : 0;
            void Add(DateOnly? date, Match at, double score, bool guess = false)
            {
                if (date is not { } d) return;
                // "18 May 2048", "02/05/2078": no receipt is dated in a year still to come; the year's decade digit was
                // misread (a faint 1 read as 4 or 7), and the latest year it can be is the likeliest.
                if (today is { } now && d.Year > now.Year)
                {
                    if (BeforeOrOn(d, now) is not { } earlier) return;
                    (d, score) = (earlier, score - 1);
                }
                var timed = TimeAfter().IsMatch(text[(at.Index + at.Length)..]) ? 2 : 0;
                candidates.Add((d, score + labelScore + timed - i * 0.01));
                if (guess) guessed.Add(d);
            }
            var found = candidates.Count;
            foreach (Match iso in IsoDate().Matches(text))
                Add(Make(Int(iso.Groups[1]), Int(iso.Groups[2]), Int(iso.Groups[3])), iso, 0);
            foreach (Match n in NumericDate().Matches(text))
            {
                int a = Int(n.Groups[1]), b = Int(n.Groups[2]), y = Year(n.Groups[3].Value);
                var mixed = Regex.Matches(n.Value, @"[/.\-]").Select(m => m.Value).Distinct().Count() > 1 ? -3 : 0;
                if ((dayFirst ? Make(y, b, a) ?? (MisreadTen(n) ? null : Make(y, a, b)) : Make(y, a, b) ?? Make(y, b, a)) is { } date) Add(date, n, mixed);
                // "04/99/2017", "85-05-18", "24/16/2017": a 0 the OCR took for a 9, 2, 8, 6 … gives a month or day no
                // calendar has; "46/06/2018": a faint 1 reads as 4.
                else if (dayFirst)
                {
                    var month = b is > 12 and < 20 ? 10 : b > 12 ? b % 10 : b;
                    Add(Make(y, month, MendedDay(a)), n, mixed - 2, guess: true);
                }
            }
            if (DayMonthYear().Match(DayBeforeMonth().Replace(rows[i].Text, m => AsDigits(m.Value.Any(char.IsAsciiDigit) ? m.Value.Replace('t', '1') : m.Value))) is { Success: true } dmy
                && Month(dmy.Groups[2].Value) is { } m1)
            {
                // "41 Apr2018": the day mended as in a date of digits.
                var day = Int(dmy.Groups[1]);
                Add(Make(Year(Digits(dmy.Groups[3].Value)), m1, MendedDay(day)), dmy, 0, guess: MendedDay(day) != day);
            }
            // "25/Fe0/2017", "25/Fen/2017": a month's name with one letter misread, between the separators of a date.
            else if (MisspeltMonthDate().Match(rows[i].Text) is { Success: true } misspelt && MisspeltMonth(misspelt.Groups[3].Value) is { } m3)
                Add(Make(Year(misspelt.Groups[4].Value), m3, Int(misspelt.Groups[1])), misspelt, -1);
            if (MonthDayYear().Match(rows[i].Text) is { Success: true } mdy && Month(mdy.Groups[1].Value) is { } m2)
                Add(Make(Year(mdy.Groups[3].Value), m2, Int(mdy.Groups[2])), mdy, 0);
            if (labelScore > 0 && candidates.Count == found)
            {
                foreach (Match run in RunTogetherDate().Matches(text, DateLabel().Match(rows[i].Text).Index))
                {
                    int a = Int(run.Groups[1]), b = Int(run.Groups[2]), y = Year(run.Groups[3].Value);
                    Add(dayFirst ? Make(y, b, a) : Make(y, a, b), run, -1);
                }
                // "Date/Time : 20180428/191204": year, month and day without separators.
                if (candidates.Count == found && CompactDate().Match(text, DateLabel().Match(rows[i].Text).Index) is { Success: true } compact)
                    Add(Make(Int(compact.Groups[1]), Int(compact.Groups[2]), Int(compact.Groups[3])), compact, -1);
                // "Date - 27/0618": a two-digit year whose separator the OCR lost.
                if (candidates.Count == found && ShortYearRunTogether().Match(text, DateLabel().Match(rows[i].Text).Index) is { Success: true } shortYear)
                {
                    int a = Int(shortYear.Groups[1]), b = Int(shortYear.Groups[2]), y = Year(shortYear.Groups[3].Value);
                    Add(dayFirst ? Make(y, b, a) : Make(y, a, b), shortYear, -1);
                }
            }
        }
        // Nothing else dated: "2703/2018", a date whose first separator the OCR lost, standing alone on its row.
        if (candidates.Count == 0)
            foreach (var run in texts.Select(t => DayMonthRunTogether().Match(t)).Where(m => m.Success))
                if (Make(Year(run.Groups[3].Value), Int(run.Groups[2]), Int(run.Groups[1])) is { } date && !(date.Year > today?.Year))
                    candidates.Add((date, -1));
        if (candidates.Count == 0) return (null, false);
        // A date printed twice (on the header and by the till) is surer than one printed once.
        var best = candidates.MaxBy(c => c.Score + candidates.Count(o => o.Date == c.Date) - 1).Date;
        // "18/03/2017" on the header, "13/03/2017" by the till: one of them is misread, and nothing here says which;
        // "19/64/2017" printed once says the month was misread, not that it was 04.
        return (best, candidates.Any(c => OneDigitApart(c.Date, best)) || guessed.Contains(best) && candidates.Count(c => c.Date == best) == 1);
    }

    private static DateOnly? BeforeOrOn(DateOnly date, DateOnly today) =>
        Enumerable.Range(0, 10).Select(decade => date.Year - date.Year % 100 + decade * 10 + date.Year % 10)
            .Where(year => year <= today.Year).Select(year => Make(year, date.Month, date.Day)).LastOrDefault(d => d <= today);

    /// <summary>Letters OCR puts for digits inside a date (O for 0, l or I for 1, t for a day's leading 1).</summary>
    private static string Digits(string text) =>
        Regex.Replace(text, @"(?<=[\d/.\-])[Oo]|[Oo](?=[\d/.\-]\d)|(?<=[\d/.\-])[lI|](?=[\d/.\-])|t(?=\d[/.\-]\d)", m => m.Value is "O" or "o" ? "0" : "1");

    /// <summary>A day no month has, as the OCR misreads a printed one: "85" for 05 (a 0 read as 8 or 9); "46" for 16 (a faint
    /// 1 read as 4). A day of 36 is as likely 30 as 06, and 63 as 03 or 13 (63/03/2017 printed 03/09/2017): left alone.</summary>
    private static int MendedDay(int day) => day >= 80 ? day % 10 : day is >= 40 and < 50 ? day - 30 : day;

    private static int Int(Group g) => int.Parse(g.Value, CultureInfo.InvariantCulture);

    private static int Year(string digits)
    {
        var y = int.Parse(digits, CultureInfo.InvariantCulture);
        // "15/07/0017", "12/03/2518", "28/08/7017": OCR reads the 0 or 2 of 2017 as another digit.
        if (digits.Length == 4 && y is < 2000 or >= 2100 && (y is >= 2100 and < 3000 || y % 1000 < 100)) y = 2000 + y % 100;
        return digits.Length == 2 ? (y < 80 ? 2000 + y : 1900 + y) : y;
    }

    /// <summary>The one month whose three-letter name matches <paramref name="word"/> in two of its three places ("Fe0", "Fen",
    /// "0ct"); none when two months do ("Mav": March or May) or the word is mostly digits.</summary>
    private static int? MisspeltMonth(string word)
    {
        if (word.Count(char.IsLetter) < 2) return null;
        var lower = word.ToLowerInvariant();
        var months = Enumerable.Range(0, MonthPrefixes.Length)
            .Where(i => MonthPrefixes[i].Split('|').Any(name => name.Zip(lower).Count(p => p.First == p.Second) >= 2))
            .ToList();
        return months is [var only] ? only + 1 : null;
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

    [GeneratedRegex(@"receipt|recibo|invoice|fatura|nota\s*fiscal|cupom|welcome|bem[\s-]*vindo|thank|obrigad|\btel\b|phone|fone|www\.|http|@|cnpj|cpf|\bgst\s*(id|reg|no)|\breg\b|\bno\.?\s*:|\bdate\b|\bdata\b|\btime\b|\bhora\b|street|\bst\.|\bave\b|\broad\b|\brua\b|\bav\.|\bjalan\b|\bjln\b|\btaman\b|\btmn\b|\bkawasan\b|\bkg\b|\blot\b|\blevel\b|\bfl(oo)?r\b|\bmall\b|\bplaza\b|\bindustrial\s*park|perindustrian|^\W*\d{5}\s+\p{L}|\bno\.?\s*\d|\bselangor\b|\bjohor\b|\bkuala\s*lumpur\b|copy|original|returnable|\bvisit\b|\bagain\b|campaign|voucher|\bpoints?\b|\bhours\b|\bprepay|\bcashier\b|\bserver\b|\btable\b|\border\b|\btip\b|total|\btax\b|amount|change|\bcash\b|troco", RegexOptions.IgnoreCase)]
    private static partial Regex NotAName();

    // Words that make a line look like a business name.
    [GeneratedRegex(@"\b(sdn\.?\s*bhd|s/b|bhd|berhad|ltda?|llc|inc|plc|gmbh|s\.?a\.?|me|eireli|enterprise|trading|restaurant|restoran|cafe|kedai|mart|market|supermercado|mercado|padaria|farmacia|pharmacy|hardware|stationery|bakery|bakeries|store|shop|station|hypermarket|minimarket|pasaraya|perniagaan|syarikat)\b", RegexOptions.IgnoreCase)]
    private static partial Regex BusinessWord();

    // Company registration numbers "(123456-X)", "Co-Reg: 860671-D" and GST ids add nothing to a name.
    [GeneratedRegex(@"\(?\b(co\.?\s*-?\s*(reg(\.|istration)?\s*)?(no)?\.?\s*:?\s*)?\d{4,}\s*-\s*[A-Z]\b\)?|\(?\b\d{5,}[\s\-]*[A-Z]?\)?\s*$|\(\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex RegistrationNumber();

    private static string? FindMerchant(List<Row> rows)
    {
        var top = rows.Take(8).Select((r, i) => (Row: r, Index: i, Name: CleanName(RegistrationNumber().Replace(r.Text, " "))))
            .Where(c => c.Name.Count(char.IsLetter) >= 3 && !LegalFormOnly().IsMatch(c.Name)
                        && c.Name.Count(char.IsLetter) >= c.Name.Count(char.IsDigit) * 2
                        // "Dion Realties Sdn Bhd (Co. No:20154-T)": the number's "No:" does not make the line an address.
                        && !NotAName().IsMatch(RegistrationNumber().Replace(c.Row.Text, " "))
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
        // A name broken over lines: "AIK HUAT HARDWARE ENTERPRISE" then "(SETIA ALAM) SDN BHD", "HOME MASTER
        // HARDWARE &" then "ELECTRICAL", "ENTERPRISE (SETIA" then "ALAM) SDN BHD" (a bracket left open).
        var open = RegistrationNumber().Replace(best.Row.Text, " ").Replace('{', '(').Replace('}', ')');
        for (var i = best.Index + 1; i < Math.Min(rows.Count, best.Index + 3); i++)
        {
            var raw = RegistrationNumber().Replace(rows[i].Text, " ");
            var below = CleanName(raw);
            var unfinished = name.EndsWith('&') || open.Count(c => c == '(') > open.Count(c => c == ')');
            if (below.Length == 0 || CompanyForm().IsMatch(name)
                || !unfinished && !new[] { raw, below }.Any(b => Regex.IsMatch(b, @"^\W*(\(.*\)\s*)?(sdn\.?\s*bhd|s/b|bhd|berhad|ltda?|enterprise|trading)\b", RegexOptions.IgnoreCase))
                    // "LEMON TREE RESTAURANT" over "JTJ FOODS SDN BHD": the shop, then the company that owns it.
                    && !(i == best.Index + 1 && CompanyForm().IsMatch(below) && !NotAName().IsMatch(rows[i].Text))
                    // "RESTAURANT JIAWEI" over "JIAWEI HOUSE": a name in capitals goes on in capitals right under it.
                    && !(i == best.Index + 1 && best.Index <= 1 && top.Any(c => c.Index == i) && IsCapitals(name) && IsCapitals(below) && !CompanyForm().IsMatch(below)))
                break;
            name += " " + below;
            open += raw.Replace('{', '(').Replace('}', ')');
        }
        // ... or the name's first half on the line above: "LIAN CHI PU TIAN VEGETARIAN" over "RESTAURANT SDN BHD",
        // "THE COFFEE BEAN" over "& TEA LEAF (M) SDN. BHD.". Printed in the same case; a customer's name
        // or a slogan above the company in another case is not part of it.
        if (top.FirstOrDefault(c => c.Index == best.Index - 1) is { Name: { } first } && first.Length > 0
            && (Regex.IsMatch(name, @"^(&|and\b)", RegexOptions.IgnoreCase) || BusinessWord().Match(name) is { Success: true, Index: 0 })
            && IsCapitals(first) == IsCapitals(name) && first.Split(' ').Count(w => w.Length <= 2) * 3 <= first.Split(' ').Length)
            name = first + " " + name;
        // "YONG CEN ENTERPRISE PU ado": lower-case scraps after a name printed in capitals are a stamp or smudge.
        if (IsCapitals(name))
            name = Regex.Replace(name, @"(\s+(\p{Ll}\S*|\p{L}{1,2}))+$", "");
        return name;
    }

    /// <summary>How much a name read as the merchant looks like one: a company form or shop word counts for it; digits,
    /// and letters neither English nor Portuguese print (Ñ, Ř, Š read by a network that knows every Latin script), against it.</summary>
    public static double NameLikeness(string? name) =>
        name is null ? double.MinValue
        : (BusinessWord().IsMatch(name) ? 2 : 0) - 0.5 * name.Count(char.IsDigit)
          - name.Count(c => char.IsLetter(c) && !char.IsAscii(c) && !"áàâãéêíóôõúç".Contains(char.ToLowerInvariant(c)));

    private const string LegalForms = @"(sdn\.?\s*bhd|s/b|bhd|berhad|ltda?)";

    [GeneratedRegex(@"\b" + LegalForms + @"\b", RegexOptions.IgnoreCase)]
    private static partial Regex CompanyForm();

    [GeneratedRegex(@"^\W*" + LegalForms + @"\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex LegalFormOnly();

    private static bool IsCapitals(string name) => name.Count(char.IsUpper) >= name.Count(char.IsLetter) * 0.8;

    private static string CleanName(string line)
    {
        // "SON BHD", "SDN BHO": the company form OCR misreads most.
        line = Regex.Replace(line, @"\bS[DO0][NM]\b\.?\s*(B[HIL1]{1,2}[DO0]|BED|HD|EH|HND|HO)\b|\bS[IL]N\.?\s*B[HI1][DO0]\b|\bS[DOL0]\.\s*BHD\b", "SDN BHD", RegexOptions.IgnoreCase);
        // "SDN. emo. Hoy", "SDN iv": what follows SDN is BHD however it was read.
        line = Regex.Replace(line, @"\bSD[NM]\b.*$", "SDN BHD", RegexOptions.IgnoreCase);
        // "(H)", "(M4)", "GM)": Malaysia's (M) before the company form, as OCR misreads it.
        line = Regex.Replace(line, @"[\(G]\s*[MHNW][\w]?\s*[\)j](?=\s*(SDN\s+)?BHD\b)", "(M)", RegexOptions.IgnoreCase);
        // "D.1.¥.": ¥ is a Y whose strokes OCR took for the yen sign.
        line = line.Replace('¥', 'Y');
        // "MR. D.1.Y.": a 1 between one-letter abbreviations is an I.
        line = Regex.Replace(line, @"(?<=\b\p{Lu}\.)1(?=\.)", "I");
        // "99 SPEED MART 5/8": S/B (sendirian berhad) as OCR reads it.
        line = Regex.Replace(line, @"(?<=\p{L}\s+)[S5$]\s*/\s*[B8]\b", "S/B");
        // The name ends with its legal form; what follows is a registration number or a stamp.
        if (Regex.Match(line, @"\b(SDN BHD|S/B|BHD|BERHAD)\b\.?", RegexOptions.IgnoreCase) is { Success: true } form)
            line = line[..(form.Index + form.Length)];
        // "#000002 BAIFU (M) Sdn Bhd": a running number printed before the name is not part of it.
        line = Regex.Replace(line, @"^\W*#?\d{5,}\b", "");
        var cleaned = Regex.Replace(line, @"[^\p{L}\p{N}&'./\- ]", " ");
        cleaned = Regex.Replace(cleaned, @"\s+", " ").Trim(' ', '.', '-', '\'', '/');
        return cleaned;
    }
}
