using System.Globalization;
using System.Text.RegularExpressions;
using Finance.Understanding.Receipts;

namespace Finance.Media.Ocr;

/// <summary>What a receipt photo said: the OCR text, its mean confidence (0–100) and the fields read from it.</summary>
/// <param name="ReadTwice">The quick reading left the reader unsure, so the page was read thoroughly too.</param>
public sealed record ReceiptScan(string Text, float Confidence, ReceiptFields Fields, bool ReadTwice = false)
{
    /// <summary>The quick reading's total and date were checked by reading their lines again with another network, and held:
    /// the page was not read thoroughly.</summary>
    public bool LinesChecked { get; init; }

    /// <summary>The two readings left the receipt in doubt (<see cref="ReceiptScanner.InDoubt"/>), so a third was read.</summary>
    public bool ReadThrice { get; init; }

    /// <summary>The readings named different totals, none surely, or left the date unsettled, so the rows printing them were
    /// read again (<see cref="IOcrEngine.ReadRowsAsync"/>).</summary>
    public bool RowsRead { get; init; }

    /// <summary>The photo's data was corrupt part-way and it was read from what decoded (<see cref="OcrResult.Damaged"/>):
    /// what was printed past the damage is missing or garbled, and the reply says so.</summary>
    public bool Damaged { get; init; }
}

/// <summary>
/// Receipt photo → text → fields (total, currency, date, merchant, tax). Most receipts need one quick reading; of those
/// the reader is unsure of, the lines printing the total and the date are checked by a second network first, and only those
/// it reads otherwise pay for a thorough reading, whose fields are combined with the quick one's
/// (<see cref="Combine"/>; measured on real receipts: docs/receipts.md, fifth and seventh rounds); the few those two leave
/// in doubt pay for a deciding third (<see cref="InDoubt"/>, seventh round).
/// </summary>
/// <param name="clock">Today's date tells a misread year (2048 for 2018): no receipt is dated in a year still to come.</param>
public sealed partial class ReceiptScanner(IOcrEngine ocr, TimeProvider? clock = null)
{
    /// <summary>The most recognitions one receipt gets (quick, line check, thorough, deciding, the total's and date's rows), each within
    /// <see cref="MediaLimits.RecognitionTimeout"/>: the host checks at start that its inbox lease outlasts them.</summary>
    public const int MostRecognitions = 5;

    // A day ahead of UTC: the shop's own date may already be tomorrow's.
    private DateOnly Today => DateOnly.FromDateTime((clock ?? TimeProvider.System).GetUtcNow().UtcDateTime.AddDays(1));

    /// <exception cref="MediaRejectedException">Empty, too large, not an image (a PDF …), too many pixels, or undecodable.</exception>
    public async Task<ReceiptScan> ScanReceiptAsync(byte[] image, CancellationToken cancellationToken)
    {
        var quick = await ocr.RecognizeAsync(image, OcrPass.Quick, cancellationToken);
        return await ReadAsync(image, quick, cancellationToken) with { Damaged = quick.Damaged };
    }

    private async Task<ReceiptScan> ReadAsync(byte[] image, OcrResult quick, CancellationToken cancellationToken)
    {
        var first = ReceiptReader.Read(quick.Text, quick.Words, Today);
        if (IsSure(first, quick.Words)) return new ReceiptScan(quick.Text, quick.Confidence, first);
        if (await ChecksOutAsync(image, quick, first, cancellationToken))
            return new ReceiptScan(quick.Text, quick.Confidence, first) { LinesChecked = true };

        OcrResult thorough;
        try
        {
            thorough = await ocr.RecognizeAsync(image, OcrPass.Thorough, cancellationToken);
        }
        catch (MediaRejectedException)
        {
            // The page was read once already (the thorough pass ran out of time): its fields are asked about as they are.
            return new ReceiptScan(quick.Text, quick.Confidence, first, ReadTwice: true);
        }
        var second = ReceiptReader.Read(thorough.Text, thorough.Words, Today);
        var (deciding, third) = InDoubt(first, second) ? await DecideAsync(image, cancellationToken) : (null, null);
        var fields = Combine(first, second, third);
        (fields, var rowsRead) = await SettleByRowsAsync(image, quick, fields, [.. new[] { first, second, third }.OfType<ReceiptFields>()], cancellationToken);
        // The text goes with the reading the total came from: an LLM reading it checks the total against it.
        var source = fields.Total == second.Total ? thorough : fields.Total == first.Total ? quick : deciding ?? thorough;
        return new ReceiptScan(source.Text, source.Confidence, fields, ReadTwice: true) { ReadThrice = deciding is not null, RowsRead = rowsRead };
    }

    /// <summary>
    /// The readings leave the total or the date unsettled, so the rows they hang on are read once more, one at a time,
    /// enlarged, by a network other than the quick pass's (<see cref="IOcrEngine.ReadRowsAsync"/>): one more voice for each
    /// field in dispute (<see cref="SettleTotal"/>, <see cref="SettleDate"/>). Only receipts read twice get here, so the
    /// median receipt pays nothing for it.
    /// </summary>
    private async Task<(ReceiptFields Fields, bool RowsRead)> SettleByRowsAsync(byte[] image, OcrResult quick, ReceiptFields fields,
        IReadOnlyList<ReceiptFields> readings, CancellationToken cancellationToken)
    {
        var totals = readings.Select(r => r.Total).OfType<decimal>().Distinct().ToList();
        var totalLines = !fields.TotalConfident && totals.Count >= 2 && !readings.Any(Backed) ? TotalRows(quick.Words, totals) : new HashSet<int>();
        var dateLines = DateUnsettled(fields) ? DateRows(quick.Words) : new HashSet<int>();
        // A row that is both is read as a total's, at the scale the ninth round measured the total's rows at.
        var lines = dateLines.ToDictionary(line => line, _ => RowField.Date);
        foreach (var line in totalLines) lines[line] = RowField.Total;
        if (lines.Count == 0) return (fields, false);
        OcrResult rows;
        try
        {
            rows = await ocr.ReadRowsAsync(image, quick, lines, cancellationToken);
        }
        catch (MediaRejectedException)
        {
            return (fields, false);
        }
        if (totalLines.Count > 0) fields = SettleTotal(fields, totals, ReceiptReader.Read(rows.Text, rows.Words, Today), rows.Words, totalLines);
        // A date row the engine read nothing on keeps the quick reading's words: its date is no second voice, so it is left out.
        var unread = dateLines.Where(line => rows.Words.Where(w => w.Line == line).SequenceEqual(quick.Words.Where(w => w.Line == line))).ToHashSet();
        if (unread.Count < dateLines.Count)
            fields = SettleDate(fields, ReceiptReader.Read(rows.Text, [.. rows.Words.Where(w => !unread.Contains(w.Line))], Today));
        return (fields, true);
    }

    /// <summary>
    /// The readings named different totals and none of them is sure of its own (no total line the reader trusts, no
    /// arithmetic backing it): when the rows' reading names one of the totals already named, surely (its digits read at
    /// <see cref="ReceiptReader.MinTotalConfidence"/> or more, or backed), it goes first; it is still asked about. A total no
    /// earlier reading named is not taken: on the SROIE tuning part the row reading alone read fewer totals right than the
    /// quick page (docs/receipts.md, ninth round).
    /// </summary>
    private static ReceiptFields SettleTotal(ReceiptFields fields, IReadOnlyList<decimal> totals, ReceiptFields read,
        IReadOnlyList<OcrWord> rows, IReadOnlySet<int> totalLines)
    {
        // The rows' reading must have read the total's digits itself: elsewhere on the page it is the quick reading's.
        if (read.Total is not { } total || total == fields.Total || !totals.Contains(total)
            || !(Backed(read) || read.TotalConfidence >= ReceiptReader.MinTotalConfidence)
            || AmountDigits(total) is var digits && !rows.Any(w => totalLines.Contains(w.Line) && Digits(w.Text) == digits))
            return fields;
        return fields with
        {
            Total = total,
            Currency = fields.Currency ?? read.Currency,
            TotalCandidates = [total, .. fields.TotalCandidates.Where(c => c != total)],
            TotalConfidence = read.TotalConfidence,
            TotalConfirmed = read.TotalConfirmed,
        };
    }

    /// <summary>No reading found a date, or the one taken is in doubt (another date one digit from it, or pieced together from
    /// a month or day no calendar has).</summary>
    internal static bool DateUnsettled(ReceiptFields fields) => fields.Date is null || fields.DateInDoubt;

    /// <summary>
    /// The date the rows' reading gives, not in doubt there itself, when no reading found one, or when the date taken is in
    /// doubt and it is one digit from it (as the deciding reading settles the thorough one's, <see cref="Settles"/>). Where
    /// the readings found different dates surely, the rows' reading is no vote: on the SROIE tuning part such a vote mended one
    /// date at 3× and broke two at 3.5× and at 4× — which reading it sides with depends on the enlargement (docs/receipts.md,
    /// tenth round).
    /// </summary>
    private static ReceiptFields SettleDate(ReceiptFields fields, ReceiptFields rows)
    {
        if (rows is not { Date: { } date, DateInDoubt: false } || date == fields.Date) return fields;
        var settles = fields.Date is not { } taken || (fields.DateInDoubt && ReceiptReader.OneDigitApart(date, taken));
        return settles ? fields with { Date = date, DateInDoubt = false } : fields;
    }

    /// <summary>
    /// The line printing the quick reading's total and the lines that may print a date, read again by the thorough pass's
    /// network (a few rows, not the page): when that network reads the total's digits on that line too, and the reader finds
    /// the same total and date in the page so mended, two networks back them and the whole page is not read again. A total
    /// the reader guessed (no total line) is not checked: two readings of the largest amount agreeing say nothing about
    /// whether it is the total. On the SROIE tuning part this saved the thorough reading of a third of the receipts checked
    /// and changed no total or date, also with the deciding reading after it (docs/receipts.md, seventh and eighth rounds).
    /// </summary>
    private async Task<bool> ChecksOutAsync(byte[] image, OcrResult quick, ReceiptFields first, CancellationToken cancellationToken)
    {
        if (first.Total is not { } total || first.Date is null || first.TotalConfidence <= 0) return false;
        var digits = AmountDigits(total);
        // The copy of the total read least surely: the one a misread digit is likeliest in.
        if (quick.Words.Where(w => Digits(w.Text) == digits).MinBy(w => w.Confidence) is not { } totalWord) return false;
        var lines = DateLines(quick.Words).Append(totalWord.Line).ToHashSet();
        OcrResult check;
        try
        {
            check = await ocr.RereadLinesAsync(image, quick, lines, cancellationToken);
        }
        catch (MediaRejectedException)
        {
            return false;
        }
        // No line read again (the engine's thorough reader reads no single lines, or found no words there): nothing was checked.
        if (check.LinesReread == 0) return false;
        var fields = ReceiptReader.Read(check.Text, check.Words, Today);
        return check.Words.Any(w => w.Line == totalWord.Line && Digits(w.Text) == digits)
            && fields.Total == total && fields.Date == first.Date && !fields.DateInDoubt;
    }

    /// <summary>The rows the total hangs on in a reading: those with a total word (as OCR misreads them, `TOTA1`, `Tota i`;
    /// not the payment rows, which changed no total on the SROIE tuning part and cost a sixth more), the row under such a
    /// label that prints no amount itself, and the rows printing one of <paramref name="totals"/>.</summary>
    internal static IReadOnlySet<int> TotalRows(IReadOnlyList<OcrWord> words, IEnumerable<decimal> totals)
    {
        var candidates = totals.Select(AmountDigits).ToHashSet();
        var rows = new HashSet<int>();
        var lines = words.GroupBy(w => w.Line).OrderBy(g => g.Key).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            var text = string.Join(' ', lines[i].Select(w => w.Text));
            var labelled = TotalShaped().IsMatch(text);
            if (labelled || lines[i].Any(w => candidates.Contains(Digits(w.Text)))) rows.Add(lines[i].Key);
            if (labelled && !text.Any(char.IsAsciiDigit) && i + 1 < lines.Count) rows.Add(lines[i + 1].Key);
        }
        return rows;
    }

    [GeneratedRegex(@"[tplj][o0a]t[a4e]|\bjumlah|amount|\bnett?\b|\bdue\b|payable", RegexOptions.IgnoreCase)]
    private static partial Regex TotalShaped();

    /// <summary>The lines that may print the date: three groups of digits (`01/03/18`, `2018-03-01`), a month's name between
    /// digits (`13 MAR 2018`, `Ol-Nov-2017`), eight digits run together starting 20, or a date label; O and l read as digits.</summary>
    internal static IReadOnlySet<int> DateLines(IReadOnlyList<OcrWord> words) => DatedLines(words, withTimeOfDay: false);

    /// <summary>The rows a date may be printed on, for reading them again: those <see cref="DateLines"/> finds, and those
    /// with a time of day (the till prints the date beside it: `13:18`, `1:05PM`).</summary>
    internal static IReadOnlySet<int> DateRows(IReadOnlyList<OcrWord> words) => DatedLines(words, withTimeOfDay: true);

    private static IReadOnlySet<int> DatedLines(IReadOnlyList<OcrWord> words, bool withTimeOfDay) =>
        words.GroupBy(w => w.Line)
            .Where(line => string.Join(' ', line.Select(w => w.Text)) is var text && ReceiptReader.AsDigits(text) is var digits
                && (DateShaped().IsMatch(text) || DateShaped().IsMatch(digits) || withTimeOfDay && TimeShaped().IsMatch(digits)))
            .Select(line => line.Key)
            .ToHashSet();

    [GeneratedRegex(@"(?<![\d.,])\d{1,2}\s?:\s?\d{2}(?![\d.,])")]
    private static partial Regex TimeShaped();

    [GeneratedRegex(@"(?<!\d)\d{1,4}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?\d{2,4}(?!\d)|\b(date|data|tarikh)\b|[\dOolI]{1,2}[\s\-/.]*(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\s\-/.,]*\d{2,4}|(?<!\d)20\d{6}(?!\d)", RegexOptions.IgnoreCase)]
    private static partial Regex DateShaped();

    /// <summary>The deciding reading and its fields, or nulls when it could not be read (past its deadline): the two
    /// readings are then combined as they are.</summary>
    private async Task<(OcrResult?, ReceiptFields?)> DecideAsync(byte[] image, CancellationToken cancellationToken)
    {
        try
        {
            var page = await ocr.RecognizeAsync(image, OcrPass.Deciding, cancellationToken);
            return (page, ReceiptReader.Read(page.Text, page.Words, Today));
        }
        catch (MediaRejectedException)
        {
            return (null, null);
        }
    }

    /// <summary>
    /// After two readings the receipt is still in doubt: they name different totals, neither found a date, or neither is
    /// sure of its total (no total line the reader trusts, no arithmetic backing it). Only such receipts pay for the
    /// deciding reading (on the SROIE tuning part 82 of 303; docs/receipts.md, seventh round).
    /// </summary>
    internal static bool InDoubt(ReceiptFields quick, ReceiptFields thorough) =>
        quick.Total != thorough.Total || (quick.Date is null && thorough.Date is null) || (!Backed(quick) && !Backed(thorough));

    /// <summary>The reader trusts the total's line, or the receipt's own arithmetic gives the same total.</summary>
    private static bool Backed(ReceiptFields fields) => fields.Total is not null && (fields.TotalConfident || fields.TotalConfirmed);

    /// <summary>The OCR's confidence (0–100) in the word printing the date above which a second reading is not asked for
    /// it: on the SROIE tuning part 2 of 135 dates read at 90 or more were wrong (a thorough reading mended none of them),
    /// 25 of 140 below (it mended 8).</summary>
    internal const float MinDateConfidence = 90;

    /// <summary>
    /// A second reading would not change the booking: a date was found that no other date on the receipt contradicts, and
    /// the reader would book the total without asking; or the total is backed — the receipt's arithmetic confirms it, or the OCR read its digits surely — and so is the
    /// date's word. On the SROIE tuning part a thorough reading changed such backed totals for the worse as often as for
    /// the better (docs/receipts.md, sixth round); what it mends is unsure digits and missing fields.
    /// </summary>
    internal static bool IsSure(ReceiptFields fields, IReadOnlyList<OcrWord> words)
    {
        // "18/03/2017" above "13/03/2017": a date another one contradicts is read again.
        if (fields.Date is not { } date || fields.DateInDoubt) return false;
        if (fields.TotalConfident) return true;
        var totalBacked = fields.Total is not null && (fields.TotalConfirmed || fields.TotalConfidence >= ReceiptReader.MinTotalConfidence);
        return totalBacked && DateConfidence(date, words) >= MinDateConfidence;
    }

    /// <summary>How sure the OCR was of the word printing <paramref name="date"/>: the surest word whose digits hold its day
    /// and month (either order, with or without a leading 0) and, in a word of six digits or more, its year's last two;
    /// 0 when no word does (a date in words, "15 MAR 2018", or pieced from several).</summary>
    internal static float DateConfidence(DateOnly date, IReadOnlyList<OcrWord> words)
    {
        var (day, month, year) = (date.Day.ToString("00", CultureInfo.InvariantCulture), date.Month.ToString("00", CultureInfo.InvariantCulture),
            (date.Year % 100).ToString("00", CultureInfo.InvariantCulture));
        string[] dayMonth = [day + month, month + day, day.TrimStart('0') + month.TrimStart('0'), month.TrimStart('0') + day.TrimStart('0')];
        var best = 0f;
        foreach (var word in words)
        {
            var digits = Digits(word.Text);
            if (digits.Length < 4 || !dayMonth.Any(d => digits.Contains(d, StringComparison.Ordinal))) continue;
            if (digits.Length >= 6 && !digits.Contains(year, StringComparison.Ordinal)) continue;
            best = Math.Max(best, word.Confidence);
        }
        return best;
    }

    /// <summary>A word's digits, with O and l read as 0 and 1 as the reader reads them.</summary>
    private static string Digits(string word) => new([.. ReceiptReader.AsDigits(word).Where(char.IsAsciiDigit)]);

    /// <summary>An amount's digits as a word printing it holds them (14.90 → "1490").</summary>
    private static string AmountDigits(decimal amount) => Digits(amount.ToString("0.00", CultureInfo.InvariantCulture));

    /// <summary>
    /// Two readings of one receipt made one (three when the first two left it in doubt): per field, what both read wins; a
    /// total the receipt's arithmetic backs beats one it does not, a sure total an unsure one, then one the other reading
    /// also names, then the one whose digits the OCR was surer of; the merchant that looks more like a name; the other
    /// fields are the thorough reading's, or the quick one's when the thorough reading found none. A deciding reading
    /// sure of its total settles a total the two named differently, or that neither was sure of; it gives the date when
    /// neither found one, or settles the thorough reading's date in doubt.
    /// </summary>
    internal static ReceiptFields Combine(ReceiptFields quick, ReceiptFields thorough, ReceiptFields? deciding = null)
    {
        var totalFrom = deciding is not null && Decides(quick, thorough, deciding) ? deciding : TotalReading(quick, thorough);
        ReceiptFields[] others = [.. new[] { quick, thorough, deciding }.OfType<ReceiptFields>().Where(r => !ReferenceEquals(r, totalFrom))];
        var agreeing = others.Where(o => o.Total is not null && o.Total == totalFrom.Total).ToList();
        var dateFrom = thorough.Date is null ? (quick.Date is not null || deciding is null ? quick : deciding)
            : deciding is not null && Settles(deciding, thorough) ? deciding : thorough;
        return new ReceiptFields(
            totalFrom.Total,
            totalFrom.Currency ?? others.Select(o => o.Currency).FirstOrDefault(c => c is not null),
            dateFrom.Date,
            Merchant(quick.Merchant, thorough.Merchant),
            totalFrom.Tax ?? others.Select(o => o.Tax).FirstOrDefault(t => t is not null),
            new[] { quick, thorough }.Any(r => r.TotalConfident && r.Total == totalFrom.Total) || DecidingBooks(quick, thorough, deciding, totalFrom.Total))
        {
            TotalCandidates = [.. totalFrom.TotalCandidates.Concat(others.SelectMany(o => o.TotalCandidates)).Distinct().Take(Math.Max(3, totalFrom.TotalCandidates.Count))],
            TotalConfidence = agreeing.Select(o => o.TotalConfidence).Append(totalFrom.TotalConfidence).Max(),
            TotalConfirmed = totalFrom.TotalConfirmed || agreeing.Any(o => o.TotalConfirmed),
            DateInDoubt = dateFrom.DateInDoubt,
            NamedTotals = [.. totalFrom.NamedTotals.Union(others.SelectMany(o => o.NamedTotals))],
        };
    }

    /// <summary>The merchant that looks more like a name; of one name both readings read alike, the copy with more spaces:
    /// PP-OCR's model, reading the thorough pass, runs words together ("UNIHAKKAINTERNATIONALSDN BHD").</summary>
    private static string? Merchant(string? quick, string? thorough)
    {
        if (quick is not null && thorough is not null && Letters(quick) == Letters(thorough))
            return quick.Count(char.IsWhiteSpace) > thorough.Count(char.IsWhiteSpace) ? quick : thorough;
        return ReceiptReader.NameLikeness(quick) > ReceiptReader.NameLikeness(thorough) ? quick : thorough ?? quick;

        static string Letters(string name) => new([.. name.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant)]);
    }

    /// <summary>The thorough reading's date is in doubt ("Date: 08/10/2014" above "DD: 08/10/2017") and the deciding reading,
    /// at its larger scale, reads one of the two without doubt: it says which was misread.</summary>
    private static bool Settles(ReceiptFields deciding, ReceiptFields thorough) =>
        thorough is { DateInDoubt: true, Date: { } doubted } && deciding is { DateInDoubt: false, Date: { } settled }
        && ReceiptReader.OneDigitApart(settled, doubted);

    /// <summary>The deciding reading's total is taken when the reader is sure of it there and it is one of the two totals the
    /// first readings took (two of three); or, unless those two read one total line alike (<see cref="ReadAlike"/>), when an
    /// earlier reading named it on a total line too, or neither earlier reading was sure of its own. An unsure deciding
    /// reading decides nothing: a third network that errs as one of the others did would only outvote the better one (on the
    /// SROIE tuning part a plain two-of-three vote broke more totals than it mended, and again on the German receipts with
    /// PP-OCR: docs/receipts.md, fourteenth round).</summary>
    private static bool Decides(ReceiptFields quick, ReceiptFields thorough, ReceiptFields deciding) =>
        deciding.Total is { } vote && Backed(deciding)
        && (vote == quick.Total || vote == thorough.Total
            || !ReadAlike(quick, thorough) && (quick.NamedTotals.Contains(vote) || thorough.NamedTotals.Contains(vote) || !Backed(quick) && !Backed(thorough)));

    /// <summary>Both readings found the same total on a total line: Tesseract and PP-OCR reading one line alike outvote a
    /// third reading ("7.97" on the total line in both, "9.36" in the deciding one: docs/receipts.md, fourteenth round). Two
    /// guesses of the largest amount agreeing say nothing.</summary>
    private static bool ReadAlike(ReceiptFields quick, ReceiptFields thorough) =>
        quick.Total is { } total && thorough.Total == total && quick.NamedTotals.Contains(total) && thorough.NamedTotals.Contains(total);

    /// <summary>The deciding reading's trust in <paramref name="total"/> books it without asking when the first two readings
    /// named it too, or one of them did and the receipt's arithmetic confirms it. Against both of them, or against one
    /// without the arithmetic, it is asked about ("7.97" read quickly, "9.36" in the thorough and the deciding reading
    /// alike: one misreading made twice).</summary>
    private static bool DecidingBooks(ReceiptFields quick, ReceiptFields thorough, ReceiptFields? deciding, decimal? total) =>
        deciding is { TotalConfident: true } && deciding.Total == total
        && ((quick.Total == total && thorough.Total == total) || (deciding.TotalConfirmed && (quick.Total == total || thorough.Total == total)));

    /// <summary>The reading whose total is taken between the first two.</summary>
    private static ReceiptFields TotalReading(ReceiptFields quick, ReceiptFields thorough)
    {
        if (thorough.Total is null) return quick;
        if (quick.Total is null || quick.Total == thorough.Total) return thorough;
        if (quick.TotalConfirmed != thorough.TotalConfirmed) return quick.TotalConfirmed ? quick : thorough;
        if (quick.TotalConfident != thorough.TotalConfident) return quick.TotalConfident ? quick : thorough;
        // Neither sure: a total the other reading also found (as a payment, a subtotal …) was read twice over, a misread
        // digit seldom is ("NET TOTAL 14,05" beside "Cash 14.85", read again as "NET TOTAL 14.85").
        var quickSeconded = thorough.NamedTotals.Contains(quick.Total.Value);
        var thoroughSeconded = quick.NamedTotals.Contains(thorough.Total.Value);
        if (quickSeconded != thoroughSeconded) return quickSeconded ? quick : thorough;
        // Then the reading surer of the total's digits (on the SROIE tuning part the quick reading's total was
        // right more often than the thorough one's when the two differed and neither was sure).
        return quick.TotalConfidence > thorough.TotalConfidence ? quick : thorough;
    }
}
