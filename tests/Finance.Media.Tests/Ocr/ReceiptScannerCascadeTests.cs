using Finance.Media.Ocr;
using Finance.Understanding.Receipts;

namespace Finance.Media.Tests.Ocr;

/// <summary>The cascade: a quick reading first, a thorough one only when the reader is unsure, and the two combined.</summary>
public sealed class ReceiptScannerCascadeTests(RenderedReceipts receipts) : IClassFixture<RenderedReceipts>
{
    /// <summary>The real engine, noting which passes a scan asked for; <paramref name="refuseThorough"/> stands for a
    /// thorough reading that ran past its deadline.</summary>
    private sealed class PassLog(IOcrEngine engine, bool refuseThorough = false) : IOcrEngine
    {
        public List<OcrPass> Passes { get; } = [];

        public Task<OcrResult> RecognizeAsync(byte[] image, OcrPass pass, CancellationToken cancellationToken)
        {
            Passes.Add(pass);
            return refuseThorough && pass == OcrPass.Thorough
                ? throw new MediaRejectedException(MediaRejection.Unreadable, "Reading the image took longer than 30 seconds.")
                : engine.RecognizeAsync(image, pass, cancellationToken);
        }
    }

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
    public async Task A_receipt_without_a_date_is_read_thoroughly_too_and_keeps_the_total_both_readings_agree_on()
    {
        var ocr = new PassLog(ReceiptScannerTests.Engine.Value);

        var scan = await new ReceiptScanner(ocr).ScanReceiptAsync(await receipts.RenderAsync(Undated, "clean"), default);

        Assert.Equal([OcrPass.Quick, OcrPass.Thorough], ocr.Passes);
        Assert.True(scan.ReadTwice);
        Assert.Null(scan.Fields.Date);
        Assert.Equal(Grocery.Total, scan.Fields.Total);
        Assert.True(scan.Fields.TotalConfident);
        Assert.Equal(Grocery.Merchant, scan.Fields.Merchant, ignoreCase: true);
    }

    [Fact]
    public async Task A_thorough_reading_that_fails_leaves_the_quick_readings_fields()
    {
        var ocr = new PassLog(ReceiptScannerTests.Engine.Value, refuseThorough: true);

        var scan = await new ReceiptScanner(ocr).ScanReceiptAsync(await receipts.RenderAsync(Undated, "clean"), default);

        Assert.Equal([OcrPass.Quick, OcrPass.Thorough], ocr.Passes);
        Assert.Equal(Grocery.Total, scan.Fields.Total);
        Assert.Contains("TOTAL", scan.Text, StringComparison.OrdinalIgnoreCase);
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
    public void A_total_both_readings_agree_on_is_booked_when_either_reading_was_sure_of_it()
    {
        var combined = ReceiptScanner.Combine(Fields(27.45m, confident: true), Fields(27.45m, candidates: [27.45m, 50m]));

        Assert.Equal(27.45m, combined.Total);
        Assert.True(combined.TotalConfident);
        Assert.Equal([27.45m, 50m], combined.TotalCandidates);
    }

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
    public void A_field_one_reading_missed_comes_from_the_other()
    {
        var date = new DateOnly(2017, 8, 5);

        var combined = ReceiptScanner.Combine(Fields(null, date: date, merchant: "KEDAI MAKAN"), Fields(27.45m));

        Assert.Equal(27.45m, combined.Total);
        Assert.Equal(date, combined.Date);
        Assert.Equal("KEDAI MAKAN", combined.Merchant);
    }
}
