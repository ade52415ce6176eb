using Finance.Media.Ocr;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Finance.Media.Tests.Ocr;

/// <summary>Rendered receipts → real leptonica + Tesseract → receipt fields.</summary>
public sealed class ReceiptScannerTests(RenderedReceipts receipts, ITestOutputHelper log) : IClassFixture<RenderedReceipts>
{
    // What is read decides these tests, not how fast: a loaded machine took ~15 s of wall time for a rendered receipt,
    // half the product's 30 s deadline.
    private static readonly MediaLimits Patient = new() { RecognitionTimeout = TimeSpan.FromMinutes(10) };

    internal static readonly Lazy<TesseractOcrEngine> Engine = new(() => new(Options.Create(new OcrOptions()), Options.Create(Patient)));

    private static ReceiptScanner Scanner() => new(Engine.Value);

    public static TheoryData<int, string> Cases()
    {
        var data = new TheoryData<int, string>();
        for (var i = 0; i < RenderedReceipts.Layouts.Length; i++)
            foreach (var variant in RenderedReceipts.Variants) data.Add(i, variant);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Rendered_receipt_yields_total_date_and_merchant(int layoutIndex, string variant)
    {
        var layout = RenderedReceipts.Layouts[layoutIndex];
        var scan = await Scanner().ScanReceiptAsync(await receipts.RenderAsync(layout, variant), default);
        log.WriteLine($"{layout.Name}/{variant} conf {scan.Confidence}: {scan.Fields}\n{scan.Text}");

        Assert.Equal(layout.Total, scan.Fields.Total);
        Assert.True(scan.Fields.TotalConfident);
        Assert.Equal(layout.Currency, scan.Fields.Currency);
        Assert.Equal(layout.Date, scan.Fields.Date);
        Assert.Equal(layout.Merchant, scan.Fields.Merchant, ignoreCase: true);
        // Grey images (no binarisation) read real scans far better (SROIE tuning part: totals 62 % → 78 %), at the
        // cost of a small amount in heavy synthetic noise ("1.55" read as "1359"): tax is checked on the others.
        if (layout.Tax is { } tax && variant != "noisy") Assert.Equal(tax, scan.Fields.Tax);
        Assert.InRange(scan.Confidence, 50, 100);
    }

    [Theory]
    [InlineData("jpg")]
    [InlineData("webp")]
    [InlineData("gif")]
    [InlineData("tiff")]
    public async Task Photos_in_other_formats_are_read(string format)
    {
        var layout = RenderedReceipts.Layouts[0];
        var scan = await Scanner().ScanReceiptAsync(await receipts.RenderAsync(layout, "clean", format), default);
        Assert.Equal(layout.Total, scan.Fields.Total);
    }

    [Fact]
    public async Task Lines_read_again_with_the_wider_language_set_keep_the_receipts_fields()
    {
        // Every line with a digit is unsure below 100: the strip of cut-out lines is read and merged back.
        using var engine = new TesseractOcrEngine(Options.Create(new OcrOptions { QuickSecondOpinion = true, SecondOpinionBelowConfidence = 100 }), Options.Create(Patient));
        var layout = RenderedReceipts.Layouts[1];

        var page = await engine.RecognizeAsync(await receipts.RenderAsync(layout, "clean"), OcrPass.Quick, default);
        var fields = Finance.Understanding.Receipts.ReceiptReader.Read(page.Text, page.Words);
        log.WriteLine($"{page.LinesReread} lines read again\n{page.Text}");

        Assert.True(page.LinesReread >= 5, $"{page.LinesReread} lines read again");
        Assert.Equal(layout.Total, fields.Total);
        Assert.Equal(layout.Date, fields.Date);
        Assert.Equal(layout.Merchant, fields.Merchant, ignoreCase: true);
    }

    public enum LineRead { Checked, RowsEnlarged }

    /// <summary>The total's line read again by the thorough network in a strip (the check, Tesseract's thorough network: with
    /// PP-OCR's there is no check) or on its own, enlarged (the rows): either way at its place on the page, the other lines as they were.</summary>
    [Theory]
    [InlineData(LineRead.Checked)]
    [InlineData(LineRead.RowsEnlarged)]
    public async Task The_totals_line_read_again_is_read_in_place_and_the_rest_kept(LineRead how)
    {
        var layout = RenderedReceipts.Layouts[1];
        var image = await receipts.RenderAsync(layout, "clean");
        var engine = how == LineRead.Checked ? ThoroughReadingTests.Engine.Value : Engine.Value;
        var page = await engine.RecognizeAsync(image, OcrPass.Quick, default);
        var total = layout.Total.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        var totalLine = page.Words.Last(w => w.Text.Contains(total, StringComparison.Ordinal)).Line;

        var lines = new HashSet<int> { totalLine };
        var again = how == LineRead.Checked
            ? await engine.RereadLinesAsync(image, page, lines, default)
            : await engine.ReadRowsAsync(image, page, lines.ToDictionary(line => line, _ => RowField.Total), default);
        log.WriteLine(again.Text);

        Assert.Equal(1, again.LinesReread);
        Assert.Equal(page.Words.Where(w => w.Line != totalLine), again.Words.Where(w => w.Line != totalLine));
        var reread = again.Words.Where(w => w.Line == totalLine).ToList();
        Assert.Contains(reread, w => w.Text.Contains(total, StringComparison.Ordinal));
        // Moved back to where the line is on the page (at the page's scale), not left where it sat in the strip or the cut.
        var original = page.Words.Where(w => w.Line == totalLine).ToList();
        Assert.InRange(reread.Min(w => w.Top), original.Min(w => w.Top) - 10, original.Min(w => w.Top) + 10);
        Assert.InRange(reread.Max(w => w.Left + w.Width), original.Max(w => w.Left + w.Width) - 15, original.Max(w => w.Left + w.Width) + 15);
        Assert.Equal(layout.Total, Finance.Understanding.Receipts.ReceiptReader.Read(again.Text, again.Words).Total);
    }

    /// <summary>The date's row read again enlarged for the date (<see cref="OcrOptions.DateRowScale"/>), the total's beside it
    /// at the total's scale: each read in place, the date read from its row.</summary>
    [Fact]
    public async Task The_dates_row_is_read_again_beside_the_totals_and_both_are_read_in_place()
    {
        var layout = RenderedReceipts.Layouts[1];
        var image = await receipts.RenderAsync(layout, "clean");
        var page = await Engine.Value.RecognizeAsync(image, OcrPass.Quick, default);
        var total = layout.Total.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        var totalLine = page.Words.Last(w => w.Text.Contains(total, StringComparison.Ordinal)).Line;
        var dateLine = Assert.Single(ReceiptScanner.DateRows(page.Words));

        var again = await Engine.Value.ReadRowsAsync(image, page, new Dictionary<int, RowField> { [dateLine] = RowField.Date, [totalLine] = RowField.Total }, default);
        log.WriteLine(again.Text);

        Assert.Equal(2, again.LinesReread);
        Assert.Equal(page.Words.Where(w => w.Line != totalLine && w.Line != dateLine), again.Words.Where(w => w.Line != totalLine && w.Line != dateLine));
        var original = page.Words.Where(w => w.Line == dateLine).ToList();
        var reread = again.Words.Where(w => w.Line == dateLine).ToList();
        Assert.InRange(reread.Min(w => w.Top), original.Min(w => w.Top) - 10, original.Min(w => w.Top) + 10);
        var fields = Finance.Understanding.Receipts.ReceiptReader.Read(again.Text, again.Words);
        Assert.Equal(layout.Date, fields.Date);
        Assert.Equal(layout.Total, fields.Total);
    }
}
