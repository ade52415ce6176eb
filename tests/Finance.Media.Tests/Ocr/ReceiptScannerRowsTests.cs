using Finance.Media.Ocr;
using Finance.Understanding.Receipts;

namespace Finance.Media.Tests.Ocr;

/// <summary>The rows printing the total read again when the readings name different totals and none is sure of its own.</summary>
public sealed class ReceiptScannerRowsTests
{
    /// <summary>Each pass reads the words given for it (the thorough and deciding passes the quick ones when none are given);
    /// the rows read again are the page with the lines <paramref name="rows"/> gives replaced.</summary>
    private sealed class Scripted(Dictionary<OcrPass, OcrWord[]> passes, Func<int, OcrWord[]?> rows) : IOcrEngine
    {
        public List<string> Calls { get; } = [];

        public IReadOnlySet<int> RowsAskedFor { get; private set; } = new HashSet<int>();

        public Task<OcrResult> RecognizeAsync(byte[] image, OcrPass pass, CancellationToken cancellationToken)
        {
            Calls.Add(pass.ToString());
            return Task.FromResult(Result(passes.GetValueOrDefault(pass) ?? passes[OcrPass.Quick]));
        }

        public Task<OcrResult> RereadLinesAsync(byte[] image, OcrResult page, IReadOnlySet<int> lines, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("an undated receipt is not checked");

        public Task<OcrResult> ReadRowsAsync(byte[] image, OcrResult page, IReadOnlySet<int> lines, CancellationToken cancellationToken)
        {
            Calls.Add("Rows");
            RowsAskedFor = lines;
            return Task.FromResult(Result([.. page.Words.GroupBy(w => w.Line).SelectMany(l => lines.Contains(l.Key) && rows(l.Key) is { } again ? again : [.. l])]));
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
        Assert.Contains(2, ocr.RowsAskedFor);
        Assert.DoesNotContain(1, ocr.RowsAskedFor);
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
}
