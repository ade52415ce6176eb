using System.Globalization;
using System.Runtime.InteropServices;
using Finance.Media.Native;
using Finance.Media.Ocr;
using Finance.Understanding.Receipts;
using Microsoft.Extensions.Options;
using static Finance.Media.Native.Leptonica;
using static Finance.Media.Native.Tesseract;

namespace Finance.Media.Tests.Ocr;

/// <summary>What libtesseract calls is pointed at cheaper equivalents (row images kept raw, OpenMP regions run on the reading
/// thread), and its words are walked word by word: each reading must stay the same, word for word.</summary>
public sealed class TesseractImportsTests(RenderedReceipts receipts) : IClassFixture<RenderedReceipts>
{
    private static readonly MediaLimits Patient = new() { RecognitionTimeout = TimeSpan.FromMinutes(10) };

    private static TesseractOcrEngine PageOnly(int engines = 1) =>
        new(Options.Create(new OcrOptions { SecondOpinionLanguages = "", MaxConcurrentEngines = engines }), Options.Create(Patient));

    [Fact]
    public async Task Tesseract_keeps_its_row_images_raw_and_reads_the_same_words_it_read_from_PNG()
    {
        PageOnly().Dispose(); // the first engine a process makes redirects the imports
        Assert.True(RawRowImages.Installed, "libtesseract's import of pixWriteMem was not found");
        var written = RawRowImages.Written;

        var (fromPng, raw) = await ReadOffAndOnAsync("noisy", on => RawRowImages.Enabled = on);

        Assert.True(RawRowImages.Written > written, "libtesseract wrote no row image through the raw store");
        Assert.Equal(fromPng.Words, raw.Words);
        Assert.Equal(fromPng.Text, raw.Text);
    }

    [Fact]
    public async Task Tesseract_runs_its_OpenMP_regions_on_the_reading_thread_and_reads_the_same_words_as_with_libgomp()
    {
        PageOnly().Dispose(); // the first engine a process makes redirects the imports
        Assert.True(SerialOpenMp.Installed, "libtesseract's imports of libgomp were not found");
        var regions = SerialOpenMp.Regions;

        var (withLibgomp, serial) = await ReadOffAndOnAsync("rotated", on => SerialOpenMp.Enabled = on);

        // The LSTM opens a region at every time step of every row.
        Assert.True(SerialOpenMp.Regions - regions > 1000, $"{SerialOpenMp.Regions - regions} regions ran on the reading thread");
        Assert.Equal(withLibgomp.Words, serial.Words);
        Assert.Equal(withLibgomp.Text, serial.Text);
    }

    /// <summary>A rendered receipt read with a shortcut off, then on; the second reading gets another array, so its page is
    /// prepared again rather than taken from the first.</summary>
    private async Task<(OcrResult Off, OcrResult On)> ReadOffAndOnAsync(string variant, Action<bool> enable)
    {
        var layout = RenderedReceipts.Layouts[1];
        var image = await receipts.RenderAsync(layout, variant);
        using var engine = PageOnly();
        OcrResult off;
        enable(false);
        try
        {
            off = await engine.RecognizeAsync(image, OcrPass.Quick, default);
        }
        finally
        {
            enable(true);
        }
        var on = await engine.RecognizeAsync(image.ToArray(), OcrPass.Quick, default);
        Assert.Contains(layout.Total.ToString(CultureInfo.InvariantCulture), on.Text, StringComparison.Ordinal);
        return (off, on);
    }

    [Fact]
    public async Task Two_receipts_read_at_once_are_read_as_each_is_read_alone()
    {
        var (first, second) = (await receipts.RenderAsync(RenderedReceipts.Layouts[0], "noisy"), await receipts.RenderAsync(RenderedReceipts.Layouts[1], "noisy"));
        using var engine = PageOnly(engines: 2);
        var alone = (await engine.RecognizeAsync(first, OcrPass.Quick, default), await engine.RecognizeAsync(second, OcrPass.Quick, default));

        // Each thread's regions and sections are its own: two readings interleaved must not take each other's sections.
        var together = await Task.WhenAll(
            Task.Run(() => engine.RecognizeAsync(first.ToArray(), OcrPass.Quick, default)),
            Task.Run(() => engine.RecognizeAsync(second.ToArray(), OcrPass.Quick, default)));

        Assert.Equal(alone.Item1.Words, together[0].Words);
        Assert.Equal(alone.Item2.Words, together[1].Words);
    }

    [Fact]
    public void A_library_that_does_not_call_a_function_has_no_slot_for_it()
    {
        var tesseract = NativeLibrary.Load("libtesseract.so.5");

        Assert.Equal(0, ImportSlots.Count(tesseract, "pixNoSuchFunction"));
        Assert.Equal(0, ImportSlots.Redirect(tesseract, "pixNoSuchFunction", IntPtr.Zero));
        Assert.Equal(1, ImportSlots.Count(tesseract, "pixWriteMem"));
    }

    [Theory]
    [InlineData("clean")]
    [InlineData("rotated")]
    [InlineData("noisy")]
    public async Task The_words_are_those_Tesseract_prints_in_its_TSV(string variant)
    {
        var image = await receipts.RenderAsync(RenderedReceipts.Layouts[1], variant);
        var engine = TessBaseAPICreate();
        var pix = IntPtr.Zero;
        try
        {
            Assert.Equal(0, TessBaseAPIInit3(engine, new OcrOptions().TessdataPath, "eng"));
            TessBaseAPISetPageSegMode(engine, 6);
            pix = TesseractOcrEngine.Decode(image, 1000).Pix;
            TessBaseAPISetImage2(engine, pix);
            TessBaseAPISetSourceResolution(engine, 300);
            Assert.Equal(0, TessBaseAPIRecognize(engine, IntPtr.Zero));

            var words = TesseractOcrEngine.Words(engine);

            Assert.True(words.Select(w => w.Line).Distinct().Count() > 5, "too few lines to tell the numbering");
            Assert.Equal(FromTsv(TakeText(TessBaseAPIGetTsvText(engine, 0))), words);
        }
        finally
        {
            if (pix != IntPtr.Zero) pixDestroy(ref pix);
            TessBaseAPIDelete(engine);
        }
    }

    [DllImport("libtesseract.so.5")]
    private static extern IntPtr TessBaseAPIGetTsvText(IntPtr handle, int pageNumber);

    /// <summary>Tesseract's TSV (level page block paragraph line word left top width height confidence text), read as the
    /// engine read it before: level-5 rows with text are words, numbered by their (block, paragraph, line).</summary>
    private static List<OcrWord> FromTsv(string tsv)
    {
        var words = new List<OcrWord>();
        var line = -1;
        (string, string, string) current = default;
        foreach (var row in tsv.Split('\n'))
        {
            var c = row.Split('\t');
            if (c.Length < 12 || c[0] != "5" || string.IsNullOrWhiteSpace(c[11])) continue;
            if ((c[2], c[3], c[4]) != current) (current, line) = ((c[2], c[3], c[4]), line + 1);
            words.Add(new OcrWord(c[11].Trim(), Int(c[6]), Int(c[7]), Int(c[8]), Int(c[9]), float.Parse(c[10], CultureInfo.InvariantCulture), line));
        }
        return words;
    }

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);
}
