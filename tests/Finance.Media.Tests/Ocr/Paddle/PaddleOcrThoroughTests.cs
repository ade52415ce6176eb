using Finance.Media.Ocr;
using Finance.Testing;
using Finance.Media.Ocr.Paddle;
using Finance.Understanding.Receipts;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Finance.Media.Tests.Ocr.Paddle;

/// <summary>The thorough pass read by PP-OCR (models fetched by scripts/fetch-ocr-models.sh, which the test command runs).</summary>
public sealed class PaddleOcrThoroughTests(RenderedReceipts receipts, ITestOutputHelper log) : IClassFixture<RenderedReceipts>
{
    private static readonly string Models = Path.Combine(RepositoryPaths.Root, "models", "ocr");

    private static readonly string? ModelsMissing =
        File.Exists(Path.Combine(Models, PaddleOcrModels.Recogniser)) ? null : $"PP-OCR models not in {Models}: run scripts/fetch-ocr-models.sh";

    private sealed class PaddleFactAttribute : FactAttribute
    {
        public PaddleFactAttribute() => Skip = ModelsMissing;
    }

    private sealed class PaddleTheoryAttribute : TheoryAttribute
    {
        public PaddleTheoryAttribute() => Skip = ModelsMissing;
    }

    private static readonly Lazy<TesseractOcrEngine> Engine = new(() => Make(new MediaLimits { RecognitionTimeout = TimeSpan.FromMinutes(10) }));

    private static TesseractOcrEngine Make(MediaLimits limits, bool usePaddleOcr = true) =>
        new(Options.Create(new OcrOptions { PaddleModelDirectory = Models, UsePaddleOcr = usePaddleOcr }), Options.Create(limits));

    public static TheoryData<int> Layouts() => [.. Enumerable.Range(0, RenderedReceipts.Layouts.Length)];

    [PaddleTheory]
    [MemberData(nameof(Layouts))]
    public async Task The_thorough_pass_reads_the_receipts_total_date_and_merchant(int layoutIndex)
    {
        var layout = RenderedReceipts.Layouts[layoutIndex];
        Assert.True(Engine.Value.ThoroughByPaddleOcr);

        var page = await Engine.Value.RecognizeAsync(await receipts.RenderAsync(layout, "rotated"), OcrPass.Thorough, default);
        var fields = ReceiptReader.Read(page.Text, page.Words);
        log.WriteLine($"{layout.Name}: {fields}\n{page.Text}");

        Assert.Equal(layout.Total, fields.Total);
        Assert.Equal(layout.Date, fields.Date);
        // The Chinese model reads most spaces between English words as nothing; the scanner keeps the quick reading's
        // copy of a name both read (ReceiptScannerCascadeTests).
        Assert.Equal(Letters(layout.Merchant), Letters(fields.Merchant!));
    }

    private static string Letters(string name) => new([.. name.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant)]);

    [PaddleFact]
    public async Task A_word_sits_on_the_page_where_it_is_printed()
    {
        var layout = RenderedReceipts.Layouts[0];
        var image = await receipts.RenderAsync(layout, "rotated");

        var paddle = await Engine.Value.RecognizeAsync(image, OcrPass.Thorough, default);
        var tesseract = await Engine.Value.RecognizeAsync(image, OcrPass.Quick, default);

        // The same prepared page: both readers place the total's amount at the same spot, right of the TOTAL label on its line.
        OcrWord Amount(OcrResult r) => r.Words.Single(w => w.Text.Contains("19.21", StringComparison.Ordinal));
        var (a, b) = (Amount(paddle), Amount(tesseract));
        log.WriteLine($"PP-OCR {a}\nTesseract {b}");
        Assert.InRange(a.Left + a.Width / 2, b.Left, b.Left + b.Width);
        Assert.InRange(a.Top + a.Height / 2, b.Top, b.Top + b.Height);
        var label = paddle.Words.Single(w => w.Line == a.Line && w.Text.StartsWith("TOTAL", StringComparison.Ordinal));
        Assert.True(label.Left + label.Width < a.Left);
    }

    [PaddleFact]
    public async Task No_line_is_checked_by_Tesseract_when_PP_OCR_reads_the_thorough_pass()
    {
        var image = await receipts.RenderAsync(RenderedReceipts.Layouts[1], "clean");
        var page = await Engine.Value.RecognizeAsync(image, OcrPass.Quick, default);

        // Tesseract's Latin agreeing on the total's line would say nothing of what PP-OCR reads on the page.
        var check = await Engine.Value.RereadLinesAsync(image, page, page.Words.Select(w => w.Line).ToHashSet(), default);

        Assert.Equal(0, check.LinesReread);
        Assert.Equal(page.Words, check.Words);
        Assert.Equal(TimeSpan.Zero, check.Cpu);
    }

    [PaddleFact]
    public async Task A_receipt_longer_than_the_detector_takes_is_read_smaller_and_whole()
    {
        // 120 rows in parts of 20 stacked (ImageMagick renders no longer label): at the reading width the page is about
        // 8,000 px long, which the detector sees at 4,096.
        string[] Items(int first, int count) => [.. Enumerable.Range(first, count).Select(i => $"ITEM {i,3}              1.00")];
        RenderedReceipts.Layout Part(int index, string[] lines) => new($"long-{index}", lines, 0m, "USD", default, "", null);
        var parts = new List<RenderedReceipts.Layout> { Part(0, ["LONG ROLL MART", "", .. Items(1, 18)]) };
        for (var first = 19; first < 119; first += 20) parts.Add(Part(parts.Count, Items(first, 20)));
        parts.Add(Part(parts.Count, [.. Items(119, 2), "", "SUBTOTAL           120.00", "TOTAL              120.00",
            "CASH               150.00", "CHANGE              30.00", "", "21/11/2018  09:41"]));
        var files = new List<string>();
        foreach (var part in parts)
        {
            var file = Path.Combine(Path.GetTempPath(), $"finance-{part.Name}-{Guid.NewGuid():N}.png");
            await File.WriteAllBytesAsync(file, await receipts.RenderAsync(part, "clean"));
            files.Add(file);
        }
        var roll = Path.Combine(Path.GetTempPath(), $"finance-long-roll-{Guid.NewGuid():N}.png");
        try
        {
            await Tool.RunAsync(RenderedReceipts.Convert, [.. files, "-append", roll]);

            var page = await Engine.Value.RecognizeAsync(await File.ReadAllBytesAsync(roll), OcrPass.Thorough, default);
            var fields = ReceiptReader.Read(page.Text, page.Words);
            log.WriteLine($"{fields}\n{page.Text}");

            Assert.Equal(120.00m, fields.Total);
            Assert.Equal(new DateOnly(2018, 11, 21), fields.Date);
            // The last rows' words sit at the bottom of the page, where they are printed: the boxes were mapped back at scale.
            Assert.True(page.Words.Max(w => w.Top) > 6000, $"lowest word at {page.Words.Max(w => w.Top)} px");
        }
        finally
        {
            foreach (var file in files.Append(roll)) File.Delete(file);
        }
    }

    [PaddleFact]
    public async Task A_thorough_reading_past_its_deadline_is_refused_not_hung()
    {
        using var engine = Make(new MediaLimits { RecognitionTimeout = TimeSpan.Zero });
        var image = await receipts.RenderAsync(RenderedReceipts.Layouts[0], "rotated");

        var error = await Assert.ThrowsAsync<MediaRejectedException>(() => engine.RecognizeAsync(image, OcrPass.Thorough, default));

        Assert.Equal(MediaRejection.Unreadable, error.Reason);
    }

    [PaddleFact]
    public async Task A_disposed_engine_refuses_a_thorough_reading()
    {
        var engine = Make(new MediaLimits());
        var image = await receipts.RenderAsync(RenderedReceipts.Layouts[0], "rotated");

        engine.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => engine.RecognizeAsync(image, OcrPass.Thorough, default));
    }

    [PaddleFact]
    public void Turned_off_the_thorough_pass_is_tesseracts_even_with_the_models_there()
    {
        using var engine = Make(new MediaLimits(), usePaddleOcr: false);

        Assert.False(engine.ThoroughByPaddleOcr);
    }

    [Fact]
    public void Without_the_models_the_thorough_pass_is_tesseracts()
    {
        var empty = Directory.CreateTempSubdirectory("finance-no-ppocr");
        try
        {
            using var engine = new TesseractOcrEngine(Options.Create(new OcrOptions { PaddleModelDirectory = empty.FullName }), Options.Create(new MediaLimits()));

            Assert.False(engine.ThoroughByPaddleOcr);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [PaddleFact]
    public void A_key_file_that_does_not_fit_the_recogniser_is_refused_when_the_models_load()
    {
        var keys = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(keys, File.ReadLines(Path.Combine(Models, PaddleOcrModels.Characters)).Skip(1));
            var files = new PaddleOcrModels.Files(Path.Combine(Models, PaddleOcrModels.Detector), Path.Combine(Models, PaddleOcrModels.Recogniser), keys);

            var error = Assert.Throws<InvalidDataException>(() => new PaddleOcrReader(files));

            Assert.Contains("6625 classes", error.Message);
        }
        finally
        {
            File.Delete(keys);
        }
    }

    [Fact]
    public void The_fetch_script_checks_the_hashes_the_engine_checks()
    {
        var script = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "scripts", "fetch-ocr-models.sh"));

        foreach (var (name, sha256) in PaddleOcrModels.Sha256) Assert.Contains($"{sha256}  {name}", script);
    }

    [Fact]
    public void An_altered_or_incomplete_model_is_refused_at_start_naming_it()
    {
        var dir = Directory.CreateTempSubdirectory("finance-bad-ppocr");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, PaddleOcrModels.Detector), "not a model");
            var incomplete = Assert.Throws<InvalidDataException>(() => PaddleOcrModels.Find(dir.FullName));
            Assert.Contains(PaddleOcrModels.Recogniser, incomplete.Message);

            File.WriteAllText(Path.Combine(dir.FullName, PaddleOcrModels.Recogniser), "not a model");
            File.WriteAllText(Path.Combine(dir.FullName, PaddleOcrModels.Characters), "T\n1\n");
            var altered = Assert.Throws<InvalidDataException>(() => PaddleOcrModels.Find(dir.FullName));
            Assert.Contains("SHA-256", altered.Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
