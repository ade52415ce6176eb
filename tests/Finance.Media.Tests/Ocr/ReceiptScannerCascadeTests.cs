using Finance.Media.Ocr;
using Finance.Understanding.Receipts;

namespace Finance.Media.Tests.Ocr;

/// <summary>The cascade: a quick reading first, a thorough one only when the reader is unsure, and the two combined.</summary>
public sealed class ReceiptScannerCascadeTests(RenderedReceipts receipts) : IClassFixture<RenderedReceipts>
{
    /// <summary>The real engine, noting which passes a scan asked for; <paramref name="refuse"/> stands for a reading of
    /// that pass that ran past its deadline.</summary>
    private sealed class PassLog(IOcrEngine engine, OcrPass? refuse = null) : IOcrEngine
    {
        public List<OcrPass> Passes { get; } = [];

        public Task<OcrResult> RecognizeAsync(byte[] image, OcrPass pass, CancellationToken cancellationToken)
        {
            Passes.Add(pass);
            return pass == refuse
                ? throw new MediaRejectedException(MediaRejection.Unreadable, "Reading the image took longer than 30 seconds.")
                : engine.RecognizeAsync(image, pass, cancellationToken);
        }

        public Task<OcrResult> RereadLinesAsync(byte[] image, OcrResult page, IReadOnlySet<int> lines, CancellationToken cancellationToken) =>
            engine.RereadLinesAsync(image, page, lines, cancellationToken);

        public Task<OcrResult> ReadRowsAsync(byte[] image, OcrResult page, IReadOnlyDictionary<int, RowField> lines, CancellationToken cancellationToken) =>
            engine.ReadRowsAsync(image, page, lines, cancellationToken);
    }

    /// <summary>A quick reading given as words, and a check that reads the lines it is asked for as
    /// <paramref name="checkReads"/> says (line → its words); the thorough reading is the quick one again.</summary>
    private sealed class Scripted(OcrWord[] quick, Func<int, OcrWord[]?> checkReads) : IOcrEngine
    {
        public List<string> Calls { get; } = [];

        public IReadOnlySet<int> Checked { get; private set; } = new HashSet<int>();

        private OcrResult Quick => new(SecondOpinionText(quick), 80, quick);

        public Task<OcrResult> RecognizeAsync(byte[] image, OcrPass pass, CancellationToken cancellationToken)
        {
            Calls.Add(pass.ToString());
            return Task.FromResult(Quick);
        }

        public Task<OcrResult> RereadLinesAsync(byte[] image, OcrResult page, IReadOnlySet<int> lines, CancellationToken cancellationToken)
        {
            Calls.Add("Check");
            Checked = lines;
            OcrWord[] words = [.. page.Words.GroupBy(w => w.Line).SelectMany(l => lines.Contains(l.Key) && checkReads(l.Key) is { } again ? again : [.. l])];
            return Task.FromResult(new OcrResult(SecondOpinionText(words), 80, words) { LinesReread = lines.Count(line => checkReads(line) is not null) });
        }

        public Task<OcrResult> ReadRowsAsync(byte[] image, OcrResult page, IReadOnlyDictionary<int, RowField> lines, CancellationToken cancellationToken)
        {
            Calls.Add("Rows");
            return Task.FromResult(page);
        }

        private static string SecondOpinionText(OcrWord[] words) =>
            string.Join('\n', words.GroupBy(w => w.Line).Select(l => string.Join(' ', l.Select(w => w.Text))));
    }

    private static OcrWord At(string text, int line, float confidence = 96) => new(text, 10 + text.Length, 20 + 30 * line, 12 * text.Length, 20, confidence, line);

    // A receipt the quick reading is unsure of: the total's digits read at 70 %, the date's at 62 %.
    private static readonly OcrWord[] Unsure =
    [
        At("KEDAI", 0), At("MAKAN", 0), At("SDN", 0), At("BHD", 0),
        At("Date:", 1), At("01/03/2018", 1, 62),
        At("Nasi", 2), At("lemak", 2), At("27.45", 2, 90),
        At("TOTAL", 3), At("27.45", 3, 70),
    ];

    private static readonly RenderedReceipts.Layout Grocery = RenderedReceipts.Layouts[0];

    // The same receipt without its date line: the reader cannot be sure of it from one reading.
    private static readonly RenderedReceipts.Layout Undated =
        Grocery with { Name = "us-grocery-undated", Lines = [.. Grocery.Lines.Where(l => !l.StartsWith("10/03/2016", StringComparison.Ordinal))] };

    [Fact]
    public async Task A_receipt_the_quick_reading_is_sure_of_is_read_once()
    {
        var ocr = new PassLog(ReceiptScannerTests.Engine.Value);

        var scan = await new ReceiptScanner(ocr).ScanReceiptAsync(await receipts.RenderAsync(Grocery, "clean"), default);

        Assert.Equal([OcrPass.Quick], ocr.Passes);
        Assert.False(scan.ReadTwice);
        Assert.Equal(Grocery.Total, scan.Fields.Total);
        Assert.True(scan.Fields.TotalConfident);
    }

    [Fact]
    public async Task A_receipt_without_a_date_is_read_by_all_three_passes_and_keeps_the_total_they_agree_on()
    {
        var ocr = new PassLog(ReceiptScannerTests.Engine.Value);

        var scan = await new ReceiptScanner(ocr).ScanReceiptAsync(await receipts.RenderAsync(Undated, "clean"), default);

        // Neither of the first two readings found a date, so the deciding reading is asked for one.
        Assert.Equal([OcrPass.Quick, OcrPass.Thorough, OcrPass.Deciding], ocr.Passes);
        Assert.True(scan.ReadTwice);
        Assert.True(scan.ReadThrice);
        Assert.Null(scan.Fields.Date);
        Assert.Equal(Grocery.Total, scan.Fields.Total);
        Assert.True(scan.Fields.TotalConfident);
        Assert.Equal(Grocery.Merchant, scan.Fields.Merchant, ignoreCase: true);
    }

    [Fact]
    public async Task A_deciding_reading_that_fails_leaves_the_first_two_readings_fields()
    {
        var ocr = new PassLog(ReceiptScannerTests.Engine.Value, refuse: OcrPass.Deciding);

        var scan = await new ReceiptScanner(ocr).ScanReceiptAsync(await receipts.RenderAsync(Undated, "clean"), default);

        Assert.Equal([OcrPass.Quick, OcrPass.Thorough, OcrPass.Deciding], ocr.Passes);
        Assert.False(scan.ReadThrice);
        Assert.Equal(Grocery.Total, scan.Fields.Total);
        Assert.True(scan.Fields.TotalConfident);
    }

    [Fact]
    public async Task A_thorough_reading_that_fails_leaves_the_quick_readings_fields()
    {
        var ocr = new PassLog(ReceiptScannerTests.Engine.Value, refuse: OcrPass.Thorough);

        var scan = await new ReceiptScanner(ocr).ScanReceiptAsync(await receipts.RenderAsync(Undated, "clean"), default);

        Assert.Equal([OcrPass.Quick, OcrPass.Thorough], ocr.Passes);
        Assert.Equal(Grocery.Total, scan.Fields.Total);
        Assert.Contains("TOTAL", scan.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_total_and_date_another_network_reads_alike_on_their_lines_are_not_read_thoroughly()
    {
        var ocr = new Scripted(Unsure, line => line switch
        {
            1 => [At("Date", 1, 88), At("01/03/2018", 1, 91)],
            3 => [At("TOTAL", 3, 93), At("27.45", 3, 89)],
            _ => null,
        });

        var scan = await new ReceiptScanner(ocr).ScanReceiptAsync([1], default);

        Assert.Equal(["Quick", "Check"], ocr.Calls);
        // The date's line and the least sure copy of the total, not the item line that also prints 27.45.
        Assert.Equal([1, 3], ocr.Checked.Order());
        Assert.True(scan.LinesChecked);
        Assert.False(scan.ReadTwice);
        Assert.Equal(27.45m, scan.Fields.Total);
        Assert.Equal(new DateOnly(2018, 3, 1), scan.Fields.Date);
    }

    [Fact]
    public async Task A_check_that_reads_other_digits_on_the_totals_line_has_the_page_read_thoroughly()
    {
        var ocr = new Scripted(Unsure, line => line == 3 ? [At("TOTAL", 3, 93), At("21.45", 3, 89)] : null);

        var scan = await new ReceiptScanner(ocr).ScanReceiptAsync([1], default);

        // The thorough reading follows the check (a third may follow it: that is the deciding pass's affair).
        Assert.Equal(["Quick", "Check", "Thorough"], ocr.Calls.Take(3));
        Assert.True(scan.ReadTwice);
        Assert.False(scan.LinesChecked);
    }

    [Fact]
    public async Task A_check_that_read_no_line_again_checks_nothing()
    {
        // The engine's thorough reader reads no single lines (PP-OCR), or found no words on them: the page comes back as it was.
        var ocr = new Scripted(Unsure, _ => null);

        var scan = await new ReceiptScanner(ocr).ScanReceiptAsync([1], default);

        Assert.Equal(["Quick", "Check", "Thorough"], ocr.Calls.Take(3));
        Assert.False(scan.LinesChecked);
    }

    [Fact]
    public async Task A_check_that_reads_another_date_has_the_page_read_thoroughly()
    {
        var ocr = new Scripted(Unsure, line => line == 1 ? [At("Date:", 1, 90), At("07/03/2018", 1, 91)] : null);

        await new ReceiptScanner(ocr).ScanReceiptAsync([1], default);

        Assert.Equal(["Quick", "Check", "Thorough"], ocr.Calls.Take(3));
    }

    [Fact]
    public async Task A_total_guessed_from_the_largest_amount_is_not_checked()
    {
        // No total line: two networks agreeing on the largest amount say nothing about whether it is the total.
        OcrWord[] untitled = [.. Unsure.Where(w => w.Line != 3)];
        var ocr = new Scripted(untitled, _ => null);

        await new ReceiptScanner(ocr).ScanReceiptAsync([1], default);

        Assert.Equal(["Quick", "Thorough"], ocr.Calls.Take(2));
    }

    [Theory]
    [InlineData("Date: 01/03/2018 10:42", true)]
    [InlineData("2018-03-01 10:42:17", true)]
    [InlineData("13 MAR 2018", true)]
    [InlineData("Ol-Nov-2017", true)] // O and l read for 0 and 1
    [InlineData("Tarikh 20180301", true)]
    [InlineData("TOTAL 27.45", false)]
    [InlineData("Tel: 03-7845 8155", false)]
    public void Lines_that_may_print_a_date_are_told_from_the_rest(string line, bool dated)
    {
        OcrWord[] words = [.. line.Split(' ').Select(w => At(w, 0))];

        Assert.Equal(dated, ReceiptScanner.DateLines(words).Contains(0));
    }

    [Theory]
    [InlineData("RECEIPT C800010751 DATE: 20/03/207", true)] // a year cut short: still the date's label
    [InlineData("SALESPERSON TIME: 12:42:00", true)] // the till prints the date beside its time
    [InlineData("2TAH2OE 16:54;04", true)]
    [InlineData("O9:23PM 559412", true)] // O read for 0
    [InlineData("TOTAL 27.45", false)]
    [InlineData("Ratio 1:2.50", false)]
    public void Rows_a_date_may_be_printed_on_include_the_time_of_day(string line, bool dated)
    {
        OcrWord[] words = [.. line.Split(' ').Select(w => At(w, 0))];

        Assert.Equal(dated, ReceiptScanner.DateRows(words).Contains(0));
    }

    private static ReceiptFields Fields(decimal? total, bool confident = false, bool confirmed = false, DateOnly? date = null, string? merchant = null,
        decimal[]? candidates = null) =>
        new(total, "MYR", date, merchant, null, confident)
        {
            TotalConfirmed = confirmed,
            TotalCandidates = candidates ?? (total is { } t ? [t] : []),
        };

    private static OcrWord Word(string text, float confidence) => new(text, 0, 0, 40, 12, confidence, 0);

    [Fact]
    public void A_total_the_arithmetic_backs_and_a_surely_read_date_are_not_read_again()
    {
        var fields = Fields(27.45m, confirmed: true, date: new DateOnly(2018, 3, 1)) with { TotalConfidence = 60 };

        Assert.True(ReceiptScanner.IsSure(fields, [Word("Date:", 96), Word("01/03/2018", 95)]));
        Assert.False(ReceiptScanner.IsSure(fields, [Word("Date:", 96), Word("01/03/2018", 71)]));
    }

    [Fact]
    public void A_total_whose_digits_were_read_surely_counts_as_backed_and_a_guessed_one_does_not()
    {
        var date = new DateOnly(2018, 3, 1);
        OcrWord[] words = [Word("01-03-18", 93)];

        Assert.True(ReceiptScanner.IsSure(Fields(27.45m, date: date) with { TotalConfidence = 91 }, words));
        Assert.False(ReceiptScanner.IsSure(Fields(27.45m, date: date) with { TotalConfidence = 70 }, words));
        // No total line: the largest amount is a guess (confidence 0).
        Assert.False(ReceiptScanner.IsSure(Fields(27.45m, date: date) with { TotalConfidence = 0 }, words));
        Assert.False(ReceiptScanner.IsSure(Fields(null, date: date), words));
    }

    [Fact]
    public void A_receipt_without_a_date_is_never_sure()
    {
        Assert.False(ReceiptScanner.IsSure(Fields(27.45m, confident: true, confirmed: true), [Word("TOTAL", 96), Word("27.45", 96)]));
    }

    [Theory]
    [InlineData("01/03/2018", 94f)]
    [InlineData("2018-03-01", 94f)]
    [InlineData("1/3/18", 94f)]
    [InlineData("O1.03.2O18", 94f)] // O read for 0, as the reader takes it
    [InlineData("01/03/2017", 0f)] // another year's day
    [InlineData("15/03/2018", 0f)]
    [InlineData("2018", 0f)]
    public void The_dates_confidence_is_the_ocrs_confidence_in_the_word_printing_it(string printed, float expected)
    {
        Assert.Equal(expected, ReceiptScanner.DateConfidence(new DateOnly(2018, 3, 1), [Word("Date", 99), Word(printed, 94)]));
    }

    [Fact]
    public void A_date_printed_in_words_has_no_confidence_of_its_own_and_is_read_again()
    {
        OcrWord[] words = [Word("01", 97), Word("MAR", 97), Word("2018", 97)];

        Assert.Equal(0, ReceiptScanner.DateConfidence(new DateOnly(2018, 3, 1), words));
        Assert.False(ReceiptScanner.IsSure(Fields(27.45m, confirmed: true, date: new DateOnly(2018, 3, 1)), words));
    }

    [Fact]
    public void A_sure_total_with_a_date_another_date_contradicts_is_read_again()
    {
        var sure = Fields(27.45m, confident: true, date: new DateOnly(2017, 3, 18));

        Assert.True(ReceiptScanner.IsSure(sure, []));
        Assert.False(ReceiptScanner.IsSure(sure with { DateInDoubt = true }, []));
    }

    [Fact]
    public void A_total_both_readings_agree_on_is_booked_when_either_reading_was_sure_of_it()
    {
        var combined = ReceiptScanner.Combine(Fields(27.45m, confident: true), Fields(27.45m, candidates: [27.45m, 50m]));

        Assert.Equal(27.45m, combined.Total);
        Assert.True(combined.TotalConfident);
        Assert.Equal([27.45m, 50m], combined.TotalCandidates);
    }

    [Theory]
    [InlineData("UNIHAKKA INTERNATIONAL SDN BHD", "UNIHAKKAINTERNATIONALSDN BHD", "UNIHAKKA INTERNATIONAL SDN BHD")]
    [InlineData("KEDAIMAKANSRIMELAKA", "KEDAI MAKAN SRI MELAKA", "KEDAI MAKAN SRI MELAKA")]
    [InlineData("SHALL ALAM", "RESTORAN HASSANBISTRO", "RESTORAN HASSANBISTRO")]
    public void Of_one_name_read_twice_the_copy_with_its_spaces_is_kept(string quick, string thorough, string kept) =>
        Assert.Equal(kept, ReceiptScanner.Combine(Fields(1m, merchant: quick), Fields(1m, merchant: thorough)).Merchant);

    [Fact]
    public void A_total_the_receipts_arithmetic_backs_beats_a_sure_one_it_does_not()
    {
        var quick = Fields(27.45m, confirmed: true, candidates: [27.45m, 22.55m]);
        var thorough = Fields(21.45m, confident: true, candidates: [21.45m]);

        var combined = ReceiptScanner.Combine(quick, thorough);

        Assert.Equal(27.45m, combined.Total);
        Assert.True(combined.TotalConfirmed);
        Assert.False(combined.TotalConfident);
        // The other reading's total stays a button.
        Assert.Equal([27.45m, 22.55m, 21.45m], combined.TotalCandidates);
    }

    [Fact]
    public void A_sure_total_beats_an_unsure_one_whichever_reading_made_it()
    {
        Assert.Equal(19.21m, ReceiptScanner.Combine(Fields(19.21m, confident: true), Fields(18.21m)).Total);
        Assert.Equal(19.21m, ReceiptScanner.Combine(Fields(18.21m), Fields(19.21m, confident: true)).Total);
    }

    [Fact]
    public void Between_two_unsure_totals_the_one_whose_digits_the_ocr_was_surer_of_wins()
    {
        var quick = Fields(118.35m) with { TotalConfidence = 96 };
        var thorough = Fields(118.25m) with { TotalConfidence = 69 };

        Assert.Equal(118.35m, ReceiptScanner.Combine(quick, thorough).Total);
        // Equally unsure: the thorough reading's.
        Assert.Equal(118.25m, ReceiptScanner.Combine(quick with { TotalConfidence = 50 }, thorough with { TotalConfidence = 50 }).Total);
    }

    [Fact]
    public void Between_two_unsure_totals_the_one_the_other_reading_also_names_wins()
    {
        // "NET TOTAL 14,05" beside "Cash 14.85", read again as "NET TOTAL 14.85" beside "Cash 14.66".
        var quick = Fields(14.05m, candidates: [14.05m, 14.85m]) with { TotalConfidence = 84, NamedTotals = [14.05m, 14.85m] };
        var thorough = Fields(14.85m, candidates: [14.85m, 14.66m]) with { TotalConfidence = 69, NamedTotals = [14.85m, 14.66m] };

        Assert.Equal(14.85m, ReceiptScanner.Combine(quick, thorough).Total);
        // An amount offered only as one of the largest printed seconds nothing: the surer digits decide again.
        Assert.Equal(14.05m, ReceiptScanner.Combine(quick with { NamedTotals = [14.05m] }, thorough with { NamedTotals = [14.85m] }).Total);
    }

    [Fact]
    public void The_merchant_that_looks_more_like_a_name_is_kept()
    {
        Assert.Equal("AMAN MALAYSIA SDN BHD", ReceiptScanner.Combine(Fields(4m, merchant: "AMAN MALAYSIA SDN BHD"), Fields(4m, merchant: "AMANO MALAYSIA SON 8-D")).Merchant);
        // Letters neither English nor Portuguese print are a misreading; Portuguese's own are not.
        Assert.Equal("GARDENIA BAKERIES KL SDN BHD",
            ReceiptScanner.Combine(Fields(4m, merchant: "GARDENIA BAKERIES KL SDN BHD"), Fields(4m, merchant: "GARDENIA BAKEÑŘTES IKL SDN BHD")).Merchant);
        Assert.Equal("PADARIA SÃO JOÃO", ReceiptScanner.Combine(Fields(4m, merchant: "PADARIA SAO JOAO"), Fields(4m, merchant: "PADARIA SÃO JOÃO")).Merchant);
    }

    [Fact]
    public void A_field_one_reading_missed_comes_from_the_other()
    {
        var date = new DateOnly(2017, 8, 5);

        var combined = ReceiptScanner.Combine(Fields(null, date: date, merchant: "KEDAI MAKAN"), Fields(27.45m));

        Assert.Equal(27.45m, combined.Total);
        Assert.Equal(date, combined.Date);
        Assert.Equal("KEDAI MAKAN", combined.Merchant);
    }

    [Fact]
    public void A_deciding_reading_settles_which_of_two_dates_the_thorough_reading_doubts()
    {
        // "Date: 08/10/2014" above "DD: 08/10/2017" in the thorough reading; the deciding reading reads 2017 alone.
        var doubted = Fields(3.20m, date: new DateOnly(2014, 10, 8)) with { DateInDoubt = true };
        var settled = Fields(3.20m, date: new DateOnly(2017, 10, 8));

        Assert.Equal(new DateOnly(2017, 10, 8), ReceiptScanner.Combine(Fields(3.20m), doubted, settled).Date);
        // A date the thorough reading does not doubt, or one the deciding reading doubts too, or a date not one of the two, stays.
        Assert.Equal(new DateOnly(2014, 10, 8), ReceiptScanner.Combine(Fields(3.20m), doubted with { DateInDoubt = false }, settled).Date);
        Assert.Equal(new DateOnly(2014, 10, 8), ReceiptScanner.Combine(Fields(3.20m), doubted, settled with { DateInDoubt = true }).Date);
        Assert.Equal(new DateOnly(2014, 10, 8), ReceiptScanner.Combine(Fields(3.20m), doubted, Fields(3.20m, date: new DateOnly(2017, 11, 9))).Date);
    }

    [Fact]
    public void Readings_that_agree_on_a_backed_total_and_found_a_date_are_not_read_a_third_time()
    {
        var date = new DateOnly(2018, 3, 1);

        Assert.False(ReceiptScanner.InDoubt(Fields(27.45m, confirmed: true, date: date), Fields(27.45m, date: date)));
        Assert.False(ReceiptScanner.InDoubt(Fields(27.45m, date: date), Fields(27.45m, confident: true)));
    }

    [Fact]
    public void Readings_that_name_different_totals_find_no_date_or_trust_no_total_are_read_a_third_time()
    {
        var date = new DateOnly(2018, 3, 1);

        Assert.True(ReceiptScanner.InDoubt(Fields(27.45m, confirmed: true, date: date), Fields(21.45m, confident: true, date: date)));
        Assert.True(ReceiptScanner.InDoubt(Fields(27.45m, confirmed: true), Fields(27.45m, confident: true)));
        Assert.True(ReceiptScanner.InDoubt(Fields(27.45m, date: date), Fields(27.45m, date: date)));
        Assert.True(ReceiptScanner.InDoubt(Fields(null, date: date), Fields(null, date: date)));
    }

    [Fact]
    public void A_deciding_reading_sure_of_one_of_two_totals_settles_it_against_the_combination_rules()
    {
        // The quick total is backed by paid − change and would win between the two; the deciding reading is sure of the other.
        var quick = Fields(45.70m, confirmed: true);
        var thorough = Fields(6.70m) with { TotalConfidence = 86 };

        Assert.Equal(45.70m, ReceiptScanner.Combine(quick, thorough).Total);
        var combined = ReceiptScanner.Combine(quick, thorough, Fields(6.70m, confident: true, confirmed: true));

        Assert.Equal(6.70m, combined.Total);
        Assert.True(combined.TotalConfident);
        Assert.Contains(45.70m, combined.TotalCandidates);
    }

    [Fact]
    public void An_unsure_deciding_reading_decides_nothing()
    {
        var quick = Fields(45.70m, confirmed: true);
        var thorough = Fields(6.70m);

        var combined = ReceiptScanner.Combine(quick, thorough, Fields(6.70m));

        Assert.Equal(45.70m, combined.Total);
        Assert.False(combined.TotalConfident);
    }

    [Fact]
    public void A_total_neither_reading_trusted_gives_way_to_one_the_deciding_reading_is_sure_of_and_is_asked_about()
    {
        // Both guessed the largest amount; the deciding reading found the total line and the arithmetic confirms it.
        var guess = Fields(45.70m) with { TotalConfidence = 0 };

        var combined = ReceiptScanner.Combine(guess, guess, Fields(30.90m, confident: true, confirmed: true));

        Assert.Equal(30.90m, combined.Total);
        // One reading against two: the user is asked, with the others' total as a button.
        Assert.False(combined.TotalConfident);
        Assert.Contains(45.70m, combined.TotalCandidates);
    }

    [Fact]
    public void A_deciding_reading_sure_of_a_total_an_earlier_reading_named_settles_it_against_the_arithmetic_of_a_misreading()
    {
        // SROIE 525: the quick reading took 127.96 and named 127.35 on another total line; PP-OCR misread the items into a sum of
        // 104.70; the deciding reading is sure of 127.35, the line check read it so too.
        var quick = Fields(127.96m) with { TotalConfidence = 70, NamedTotals = [127.96m, 127.35m] };
        var thorough = Fields(104.70m, confirmed: true) with { NamedTotals = [104.70m] };
        var deciding = Fields(127.35m, confident: true, confirmed: true) with { NamedTotals = [127.35m] };

        Assert.Equal(104.70m, ReceiptScanner.Combine(quick, thorough).Total);
        var combined = ReceiptScanner.Combine(quick, thorough, deciding);

        Assert.Equal(127.35m, combined.Total);
        // Neither earlier reading took it: asked about, with the others as buttons.
        Assert.False(combined.TotalConfident);
        Assert.Contains(104.70m, combined.TotalCandidates);
        // A total no earlier reading named at all does not overrule one the arithmetic backs.
        Assert.Equal(104.70m, ReceiptScanner.Combine(quick with { NamedTotals = [127.96m] }, thorough, deciding).Total);
    }

    [Fact]
    public void Two_readings_of_one_total_line_alike_are_not_outvoted_by_a_deciding_reading()
    {
        // SROIE 339: "7.97" on the total line read by Tesseract and PP-OCR alike, neither sure; the deciding reading sure of "9.36".
        var quick = Fields(7.97m) with { TotalConfidence = 1, NamedTotals = [7.97m, 9.36m] };
        var thorough = Fields(7.97m) with { TotalConfidence = 99, NamedTotals = [7.97m, 9.36m] };
        var deciding = Fields(9.36m, confident: true) with { NamedTotals = [9.36m] };

        var combined = ReceiptScanner.Combine(quick, thorough, deciding);

        Assert.Equal(7.97m, combined.Total);
        Assert.False(combined.TotalConfident);
        Assert.Contains(9.36m, combined.TotalCandidates);
        // The same amount guessed twice (no total line in either reading) is no such pair: the deciding reading's total is taken.
        Assert.Equal(9.36m, ReceiptScanner.Combine(quick with { NamedTotals = [] }, thorough with { NamedTotals = [] }, deciding).Total);
    }

    [Fact]
    public void A_total_two_readings_share_is_booked_without_asking_only_when_the_arithmetic_backs_the_deciding_one()
    {
        // "7.97" read quickly, "9.36" by the thorough and the deciding reading: one misreading made twice looks like a vote.
        var quick = Fields(7.97m) with { TotalConfidence = 1 };
        var thorough = Fields(9.36m) with { TotalConfidence = 67 };

        var unconfirmed = ReceiptScanner.Combine(quick, thorough, Fields(9.36m, confident: true));
        var confirmed = ReceiptScanner.Combine(quick, thorough, Fields(9.36m, confident: true, confirmed: true));

        Assert.Equal(9.36m, unconfirmed.Total);
        Assert.False(unconfirmed.TotalConfident);
        Assert.Equal(9.36m, confirmed.Total);
        Assert.True(confirmed.TotalConfident);
    }

    [Fact]
    public void A_total_all_three_readings_name_is_booked_when_the_deciding_reading_is_sure_of_it()
    {
        var unsure = Fields(41.44m) with { TotalConfidence = 70 };

        Assert.False(ReceiptScanner.Combine(unsure, unsure).TotalConfident);
        Assert.True(ReceiptScanner.Combine(unsure, unsure, Fields(41.44m, confident: true)).TotalConfident);
    }

    [Fact]
    public void The_deciding_reading_gives_the_date_only_when_neither_reading_found_one()
    {
        var (printed, misread) = (new DateOnly(2018, 3, 5), new DateOnly(2018, 3, 6));

        Assert.Equal(printed, ReceiptScanner.Combine(Fields(8.20m), Fields(8.20m), Fields(8.20m, date: printed)).Date);
        // Two readings that disagree on the date are not outvoted: a third network that errs as the quick one did would pick its error.
        Assert.Equal(printed, ReceiptScanner.Combine(Fields(8.20m, date: misread), Fields(8.20m, date: printed), Fields(8.20m, date: misread)).Date);
    }
}
