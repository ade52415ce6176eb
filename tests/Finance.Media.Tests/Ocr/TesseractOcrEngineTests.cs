using Finance.Media.Ocr;
using Finance.Testing;
using Microsoft.Extensions.Options;

namespace Finance.Media.Tests.Ocr;

/// <summary>The engine's pool of Tesseract engines: one is freed only when no scan holds it.</summary>
public sealed class TesseractOcrEngineTests(RenderedReceipts receipts) : IClassFixture<RenderedReceipts>
{
    private static readonly MediaLimits Patient = new() { RecognitionTimeout = TimeSpan.FromMinutes(10) };

    // One Tesseract engine per scan (no second opinion), so the scan held below holds the only engine it uses.
    // Tesseract's engines alone: the thorough pass too (PP-OCR's has its own tests, PaddleOcrThoroughTests).
    private static OcrOptions PageOnly() => new() { SecondOpinionLanguages = "", MaxConcurrentEngines = 1, UsePaddleOcr = false };

    [Fact]
    public async Task A_scan_still_reading_keeps_its_engine_when_the_ocr_engine_is_disposed()
    {
        var layout = RenderedReceipts.Layouts[0];
        var image = await receipts.RenderAsync(layout, "clean");
        var borrowed = new ManualResetEventSlim();
        var release = new ManualResetEventSlim();
        var engine = new TesseractOcrEngine(Options.Create(PageOnly()), Options.Create(Patient))
        {
            // The scan holds its engine here, before Tesseract reads, until the test lets it go.
            EngineBorrowed = () => { borrowed.Set(); release.Wait(); },
        };

        Task<OcrResult> scan;
        try
        {
            scan = engine.RecognizeAsync(image, OcrPass.Quick, default);
            Assert.True(borrowed.Wait(TimeSpan.FromMinutes(5)), "the scan never borrowed an engine");

            // The host shuts down while the scan holds its engine: it must not be freed under it.
            engine.Dispose();
            Assert.Equal(1, engine.EnginesAlive);
            Assert.False(engine.Freed.IsCompleted);
        }
        finally
        {
            release.Set();
        }

        // Let go, Tesseract reads the page with the engine it holds (a freed one would crash or read nothing), then frees it.
        Assert.Contains("TOTAL", (await scan).Text, StringComparison.OrdinalIgnoreCase);
        await engine.Freed.WaitAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(0, engine.EnginesAlive);
    }

    [Fact]
    public async Task A_disposed_ocr_engine_frees_its_idle_engines_and_refuses_new_scans()
    {
        var image = await receipts.RenderAsync(RenderedReceipts.Layouts[0], "clean");
        var engine = new TesseractOcrEngine(Options.Create(PageOnly()), Options.Create(Patient));
        await engine.RecognizeAsync(image, OcrPass.Quick, default);
        await engine.RecognizeAsync(image, OcrPass.Thorough, default);
        Assert.Equal(2, engine.EnginesAlive);

        engine.Dispose();
        engine.Dispose();

        Assert.True(engine.Freed.IsCompleted);
        Assert.Equal(0, engine.EnginesAlive);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => engine.RecognizeAsync(image, OcrPass.Quick, default));
    }

    [Fact]
    public async Task Each_reading_says_how_much_CPU_its_own_thread_spent_on_it()
    {
        var image = await receipts.RenderAsync(RenderedReceipts.Layouts[0], "clean");
        using var engine = new TesseractOcrEngine(Options.Create(PageOnly()), Options.Create(Patient));

        var page = await engine.RecognizeAsync(image, OcrPass.Quick, default);
        var check = await engine.RereadLinesAsync(image, page, new HashSet<int> { 0 }, default);

        // Decoding, preparing and recognising take CPU; the check's reading is measured afresh, not the page's carried over.
        Assert.True(page.Cpu > TimeSpan.Zero, $"page: {page.Cpu}");
        Assert.True(check.Cpu > TimeSpan.Zero, $"check: {check.Cpu}");
        Assert.NotEqual(page.Cpu, check.Cpu);
    }

    [Theory]
    [InlineData("Latin", 2)] // the thorough pass's model: its engines read the larger page too
    [InlineData("eng", 3)]
    public async Task The_deciding_pass_borrows_the_thorough_engines_when_it_reads_with_the_same_model(string decidingModel, int engines)
    {
        var image = await receipts.RenderAsync(RenderedReceipts.Layouts[0], "clean");
        var options = PageOnly();
        options.DecidingLanguages = decidingModel;
        var engine = new TesseractOcrEngine(Options.Create(options), Options.Create(Patient));
        foreach (var pass in Enum.GetValues<OcrPass>()) await engine.RecognizeAsync(image, pass, default);

        Assert.Equal(engines, engine.EnginesAlive);
        engine.Dispose();
        Assert.Equal(0, engine.EnginesAlive);
    }

    [Fact]
    public async Task A_receipt_read_again_is_prepared_once_and_read_as_from_a_fresh_decode()
    {
        var image = await receipts.RenderAsync(RenderedReceipts.Layouts[0], "rotated");
        var prepared = 0;
        using var engine = new TesseractOcrEngine(Options.Create(PageOnly()), Options.Create(Patient)) { PagePrepared = () => Interlocked.Increment(ref prepared) };

        var quick = await engine.RecognizeAsync(image, OcrPass.Quick, default);
        var thorough = await engine.RecognizeAsync(image, OcrPass.Thorough, default);
        await engine.RereadLinesAsync(image, quick, new HashSet<int> { 0 }, default);
        Assert.Equal(1, prepared);
        await engine.RecognizeAsync(image, OcrPass.Deciding, default); // a larger page is a page of its own
        Assert.Equal(2, prepared);

        // Another array is another image to the engine (it cannot know the bytes are the same): prepared again, and the
        // page kept from the first preparation is the same page pixel for pixel, so Tesseract reads the same words.
        using var fresh = new TesseractOcrEngine(Options.Create(PageOnly()), Options.Create(Patient));
        var again = await fresh.RecognizeAsync(image.ToArray(), OcrPass.Thorough, default);
        await engine.RecognizeAsync(image.ToArray(), OcrPass.Quick, default);
        Assert.Equal(3, prepared);
        Assert.Equal(again.Words, thorough.Words);
        Assert.Equal(again.Text, thorough.Text);
    }

    [Theory]
    [InlineData("grey-in-colour", true)] // a scanner's grey page saved as a colour JPEG
    [InlineData("colour", false)]
    [InlineData("cmyk", false)] // libjpeg has no luminance of CMYK
    [InlineData("clean", false)] // a grey JPEG of one channel is decoded grey anyway
    public async Task Only_a_colour_JPEG_whose_pixels_are_all_grey_is_decoded_from_its_luminance(string variant, bool luminance)
    {
        var image = await receipts.RenderAsync(RenderedReceipts.Layouts[1], variant, "jpg");

        Assert.Equal(luminance, TesseractOcrEngine.IsGreyJpeg(image));
    }

    [Fact]
    public async Task A_large_photo_is_decoded_at_half_its_size_when_the_page_it_is_read_at_is_far_smaller()
    {
        var layout = RenderedReceipts.Layouts[1];
        var directory = Directory.CreateTempSubdirectory("finance-jpeg-").FullName;
        try
        {
            var (pngFile, jpegFile) = (Path.Combine(directory, "receipt.png"), Path.Combine(directory, "receipt.jpg"));
            await File.WriteAllBytesAsync(pngFile, await receipts.RenderAsync(layout, "clean"));
            // A 12-megapixel phone's width.
            await Tool.RunAsync(RenderedReceipts.Convert, pngFile, "-resize", "3000x", "-quality", "90", jpegFile);
            var jpeg = await File.ReadAllBytesAsync(jpegFile);

            // Halved, 1,500 px is still well over the 1,000-px page, which is then scaled down as from the whole photo.
            Assert.Equal(1500, Width(TesseractOcrEngine.Decode(jpeg, 1000).Pix));
            // Halved, it would be too close to the 1,400-px page of the deciding reading: decoded whole.
            Assert.Equal(3000, Width(TesseractOcrEngine.Decode(jpeg, 1400).Pix));
            using var engine = new TesseractOcrEngine(Options.Create(PageOnly()), Options.Create(Patient));
            Assert.Contains(layout.Total.ToString(System.Globalization.CultureInfo.InvariantCulture),
                (await engine.RecognizeAsync(jpeg, OcrPass.Quick, default)).Text);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        static int Width(IntPtr pix)
        {
            try
            {
                return Finance.Media.Native.Leptonica.pixGetWidth(pix);
            }
            finally
            {
                Finance.Media.Native.Leptonica.pixDestroy(ref pix);
            }
        }
    }

    [Theory]
    [InlineData("grey-in-colour")]
    [InlineData("cmyk")]
    public async Task A_JPEG_is_read_as_the_same_pixels_in_a_PNG_are(string variant)
    {
        var layout = RenderedReceipts.Layouts[1];
        var jpeg = await receipts.RenderAsync(layout, variant, "jpg");
        // The JPEG's pixels as ImageMagick decodes them, in a PNG, which leptonica decodes whole and makes grey itself.
        var directory = Directory.CreateTempSubdirectory("finance-jpeg-").FullName;
        try
        {
            var (jpegFile, pngFile) = (Path.Combine(directory, "receipt.jpg"), Path.Combine(directory, "receipt.png"));
            await File.WriteAllBytesAsync(jpegFile, jpeg);
            await Tool.RunAsync(RenderedReceipts.Convert, jpegFile, "-colorspace", "sRGB", "-type", "TrueColor", pngFile);
            using var engine = new TesseractOcrEngine(Options.Create(PageOnly()), Options.Create(Patient));

            var fromJpeg = await engine.RecognizeAsync(jpeg, OcrPass.Quick, default);
            var fromPng = await engine.RecognizeAsync(await File.ReadAllBytesAsync(pngFile), OcrPass.Quick, default);

            Assert.Contains(layout.Total.ToString(System.Globalization.CultureInfo.InvariantCulture), fromJpeg.Text);
            Assert.Equal(fromPng.Words, fromJpeg.Words);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
