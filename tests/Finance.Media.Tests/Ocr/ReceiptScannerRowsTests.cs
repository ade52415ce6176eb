using Finance.Media.Ocr;
using Finance.Understanding.Receipts;

namespace Finance.Media.Tests.Ocr;

/// <summary>The rows printing the total read again when the readings name different totals and none is sure of its own; the
/// rows printing the date when the readings leave it unsettled.</summary>
public sealed class ReceiptScannerRowsTests
{
    /// <summary>Each pass reads the words given for it (the thorough and deciding passes the quick ones when none are given);
    /// the rows read again are the page with the lines <paramref name="rows"/> gives replaced.</summary>
    private sealed class Scripted(Dictionary<OcrPass, OcrWord[]> passes, Func<int, OcrWord[]?> rows) : IOcrEngine
    {
        public List<string> Calls { get; } = [];

        public IReadOnlyDictionary<int, RowField> RowsAskedFor { get; private set; } = new Dictionary<int, RowField>();

        public Task<OcrResult> RecognizeAsync(byte[] image, OcrPass pass, CancellationToken cancellationToken)
        {
            Calls.Add(pass.ToString());
            return Task.FromResult(Result(passes.GetValueOrDefault(pass) ?? passes[OcrPass.Quick]));
        }

        /// <summary>An undated receipt is not checked; a dated one's check reads nothing on the lines it asks for, so it fails.</summary>
        public Task<OcrResult> RereadLinesAsync(byte[] image, OcrResult page, IReadOnlySet<int> lines, CancellationToken cancellationToken)
        {
            Calls.Add("Check");
            return Task.FromResult(Result([.. page.Words.Where(w => !lines.Contains(w.Line))]));
        }

        public Task<OcrResult> ReadRowsAsync(byte[] image, OcrResult page, IReadOnlyDictionary<int, RowField> lines, CancellationToken cancellationToken)
        {
            Calls.Add("Rows");
            RowsAskedFor = lines;
            return Task.FromResult(Result([.. page.Words.GroupBy(w => w.Line).SelectMany(l => lines.ContainsKey(l.Key) && rows(l.Key) is { } again ? again : [.. l])]));
        }

        private static OcrResult Result(OcrWord[] words) =>
            new(string.Join('\n', words.GroupBy(w => w.Line).Select(l => string.Join(' ', l.Select(w => w.Text)))), 80, words);
    }

    private static OcrWord At(string text, int line, float confidence = 96) => new(text, 10 + text.Length, 20 + 30 * line, 12 * text.Length, 20, confidence, line);

    // An undated receipt whose total each reading reads unsurely (digits at 60 %), and differently.
    private static OcrWord[] Receipt(string total, float confidence = 60) =>
    [
        At("KEDAI", 0), At("MAKAN", 0), At("SDN", 0), At("BHD", 0),
        At("Nasi", 1), At("lemak", 1),
        At("TOTAL", 2), At(total, 2, confidence),
        At("Thank", 3), At("you", 3),
    ];

    private static Dictionary<OcrPass, OcrWord[]> Readings(string quick, string thorough, string deciding) => new()
    {
        [OcrPass.Quick] = Receipt(quick),
        [OcrPass.Thorough] = Receipt(thorough),
        [OcrPass.Deciding] = Receipt(deciding),
    };

    [Fact]
    public async Task Readings_naming_different_totals_unsurely_take_the_one_the_total_row_read_again_names_surely_and_still_ask()
    {
        var ocr = new Scripted(Readings("27.45", "21.45", "21.40"), line => line == 2 ? [At("TOTAL", 2), At("27.45", 2, 95)] : null);

        var scan = await new ReceiptScanner(ocr).ScanReceiptAsync([1], default);

        Assert.Equal(["Quick", "Thorough", "Deciding", "Rows"], ocr.Calls);
        Assert.Equal(RowField.Total, ocr.RowsAskedFor[2]);
        Assert.False(ocr.RowsAskedFor.ContainsKey(1));
        Assert.True(scan.RowsRead);
        Assert.Equal(27.45m, scan.Fields.Total);
        Assert.Equal(27.45m, scan.Fields.TotalCandidates[0]);
        Assert.Contains(21.45m, scan.Fields.TotalCandidates);
        // Two networks agreeing on a row is not the receipt's arithmetic: the user is still asked, the row's total first.
        Assert.False(scan.Fields.TotalConfident);
    }

    [Fact]
    public async Task A_total_only_the_row_read_again_names_is_not_taken()
    {
        var ocr = new Scripted(Readings("27.45", "21.45", "21.40"), line => line == 2 ? [At("TOTAL", 2), At("97.45", 2, 95)] : null);

        var scan = await new ReceiptScanner(ocr).ScanReceiptAsync([1], default);

        Assert.True(scan.RowsRead);
        Assert.NotEqual(97.45m, scan.Fields.Total);
        Assert.Contains(scan.Fields.Total, new decimal?[] { 27.45m, 21.45m, 21.40m });
    }

    [Fact]
    public async Task A_row_read_again_as_unsurely_as_before_settles_nothing()
    {
        var readings = Readings("27.45", "21.45", "21.40");
        var before = await new ReceiptScanner(new Scripted(readings, _ => null)).ScanReceiptAsync([1], default);
        var ocr = new Scripted(readings, line => line == 2 ? [At("TOTAL", 2), At("27.45", 2, 60)] : null);

        var scan = await new ReceiptScanner(ocr).ScanReceiptAsync([1], default);

        Assert.True(scan.RowsRead);
        Assert.Equal(before.Fields.Total, scan.Fields.Total);
    }

    [Fact]
    public async Task Readings_that_agree_on_the_total_have_no_rows_read_again()
    {
        var ocr = new Scripted(Readings("27.45", "27.45", "27.45"), _ => throw new InvalidOperationException("not asked"));

        var scan = await new ReceiptScanner(ocr).ScanReceiptAsync([1], default);

        Assert.DoesNotContain("Rows", ocr.Calls);
        Assert.False(scan.RowsRead);
        Assert.Equal(27.45m, scan.Fields.Total);
    }

    [Fact]
    public async Task A_reading_sure_of_its_total_has_no_rows_read_again()
    {
        // The thorough reading reads its total surely: the combination already trusts it.
        var readings = Readings("27.45", "21.45", "21.40");
        readings[OcrPass.Thorough] = Receipt("21.45", confidence: 97);
        var ocr = new Scripted(readings, _ => throw new InvalidOperationException("not asked"));

        var scan = await new ReceiptScanner(ocr).ScanReceiptAsync([1], default);

        Assert.DoesNotContain("Rows", ocr.Calls);
        Assert.Equal(21.45m, scan.Fields.Total);
    }

    // A dated receipt whose total is read unsurely (digits at 60 %), so that it is read three times; only its date is in
    // question unless the readings' totals differ.
    private static OcrWord[] Dated(string date, string? second = null, string total = "12.50") =>
    [
        At("KEDAI", 0), At("MAKAN", 0), At("SDN", 0), At("BHD", 0),
        At("Date:", 1), At(date, 1), At("13:18", 1),
        At("Nasi", 2), At("lemak", 2),
        At("TOTAL", 3), At(total, 3, 60),
        .. second is null ? Array.Empty<OcrWord>() : [At(second, 4), At("13:21", 4)],
        At("Thank", 5), At("you", 5),
    ];

    // The date's row as the rows' reading reads it: its own words, not the quick reading's.
    private static OcrWord[] DateRow(string date) => [At("Date:", 1, 93), At(date, 1, 91), At("13:18", 1, 94)];

    private static Dictionary<OcrPass, OcrWord[]> DatedReadings(OcrWord[] quick, OcrWord[] thorough, OcrWord[] deciding) => new()
    {
        [OcrPass.Quick] = quick,
        [OcrPass.Thorough] = thorough,
        [OcrPass.Deciding] = deciding,
    };

    [Fact]
    public async Task Readings_that_find_different_dates_none_in_doubt_have_no_date_rows_read_again()
    {
        // Quick 24/01/2016; thorough and deciding 24/01/2014, each sure of its own: the thorough one's is taken as before.
        var readings = DatedReadings(Dated("24/01/2016"), Dated("24/01/2014"), Dated("24/01/2014"));
        var ocr = new Scripted(readings, _ => throw new InvalidOperationException("not asked"));

        var scan = await new ReceiptScanner(ocr).ScanReceiptAsync([1], default);

        Assert.DoesNotContain("Rows", ocr.Calls);
        Assert.Equal(new DateOnly(2014, 1, 24), scan.Fields.Date);
    }

    [Fact]
    public async Task A_date_in_doubt_is_not_replaced_by_a_row_date_more_than_one_digit_from_it()
    {
        var doubted = Dated("16/03/2018", second: "18/03/2018");
        var ocr = new Scripted(DatedReadings(doubted, doubted, doubted), line => line == 1 ? DateRow("19/08/2018") : null);

        var scan = await new ReceiptScanner(ocr).ScanReceiptAsync([1], default);

        Assert.True(scan.RowsRead);
        Assert.Equal(new DateOnly(2018, 3, 16), scan.Fields.Date);
    }

    [Fact]
    public async Task A_date_row_the_engine_read_nothing_on_is_no_second_voice_for_the_quick_readings_date()
    {
        // The thorough and deciding readings doubt 16/03 (18/03 below it); the quick one read 18/03 alone. A row the engine
        // read nothing on keeps the quick reading's words: that is the quick reading again, not the rows' voice.
        var doubted = Dated("16/03/2018", second: "18/03/2018");
        var ocr = new Scripted(DatedReadings(Dated("18/03/2018"), doubted, doubted), _ => null);

        var scan = await new ReceiptScanner(ocr).ScanReceiptAsync([1], default);

        Assert.Contains("Rows", ocr.Calls);
        Assert.Equal(new DateOnly(2018, 3, 16), scan.Fields.Date);
    }

    [Fact]
    public async Task A_date_in_doubt_takes_the_one_digit_apart_date_the_row_read_again_gives_without_doubt()
    {
        // "Date: 16/03/2018" above the till's "18/03/2018" in every reading: in doubt, the labelled one taken.
        var doubted = Dated("16/03/2018", second: "18/03/2018");
        var ocr = new Scripted(DatedReadings(doubted, doubted, doubted), line => line == 1 ? DateRow("18/03/2018") : null);

        var scan = await new ReceiptScanner(ocr).ScanReceiptAsync([1], default);

        Assert.Equal(RowField.Date, ocr.RowsAskedFor[1]);
        Assert.Equal(RowField.Date, ocr.RowsAskedFor[4]);
        Assert.Equal(new DateOnly(2018, 3, 18), scan.Fields.Date);
        Assert.False(scan.Fields.DateInDoubt);
    }

    [Fact]
    public async Task A_date_no_reading_found_is_taken_from_the_rows_read_again()
    {
        var undated = Dated("2O/03/2O7");
        var ocr = new Scripted(DatedReadings(undated, undated, undated), line => line == 1 ? DateRow("20/03/2018") : null);

        var scan = await new ReceiptScanner(ocr).ScanReceiptAsync([1], default);

        Assert.Equal(RowField.Date, ocr.RowsAskedFor[1]);
        Assert.Equal(new DateOnly(2018, 3, 20), scan.Fields.Date);
    }

    [Fact]
    public async Task Readings_that_agree_on_a_date_no_other_contradicts_have_no_date_rows_read_again()
    {
        // The totals differ, unsurely: only the total's rows are read again.
        var readings = DatedReadings(Dated("24/01/2016", total: "12.90"), Dated("24/01/2016"), Dated("24/01/2016", total: "12.30"));
        var ocr = new Scripted(readings, _ => null);

        var scan = await new ReceiptScanner(ocr).ScanReceiptAsync([1], default);

        Assert.True(scan.RowsRead);
        Assert.DoesNotContain(RowField.Date, ocr.RowsAskedFor.Values);
        Assert.Equal(new DateOnly(2016, 1, 24), scan.Fields.Date);
    }
}
