using System.ComponentModel.DataAnnotations;
using Finance.Media.Ocr;
using Finance.Understanding.Receipts;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Finance.Media.Tests.Ocr;

/// <summary>The thorough pass as Tesseract reads it, without PP-OCR: the page read again with Tesseract's Latin-script model (Debian's tesseract-ocr-script-latn);
/// the deciding pass: the same model on a larger page.</summary>
public sealed class ThoroughReadingTests(RenderedReceipts receipts, ITestOutputHelper log) : IClassFixture<RenderedReceipts>
{
    // Tesseract's thorough pass, also where PP-OCR's models would read it (PaddleOcrThoroughTests).
    internal static readonly Lazy<TesseractOcrEngine> Engine = new(() =>
        new(Options.Create(new OcrOptions { UsePaddleOcr = false }), Options.Create(new MediaLimits { RecognitionTimeout = TimeSpan.FromMinutes(10) })));

    public static TheoryData<OcrPass, int> Layouts()
    {
        var data = new TheoryData<OcrPass, int>();
        foreach (var pass in new[] { OcrPass.Thorough, OcrPass.Deciding })
            for (var layout = 0; layout < RenderedReceipts.Layouts.Length; layout++) data.Add(pass, layout);
        return data;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Thorough_and_deciding_passes_read_the_receipts_total_date_and_merchant(OcrPass pass, int layoutIndex)
    {
        var layout = RenderedReceipts.Layouts[layoutIndex];

        var page = await Engine.Value.RecognizeAsync(await receipts.RenderAsync(layout, "rotated"), pass, default);
        var fields = ReceiptReader.Read(page.Text, page.Words);
        log.WriteLine($"{layout.Name}, {pass}: {fields}\n{page.Text}");

        Assert.Equal(layout.Total, fields.Total);
        Assert.True(fields.TotalConfident);
        Assert.Equal(layout.Date, fields.Date);
        Assert.Equal(layout.Merchant, fields.Merchant, ignoreCase: true);
    }

    [Fact]
    public void A_model_that_is_not_installed_stops_the_engine_at_start_naming_it()
    {
        var options = new OcrOptions { ThoroughLanguages = "Fraktur_missing" };

        var error = Assert.Throws<FileNotFoundException>(() => new TesseractOcrEngine(Options.Create(options), Options.Create(new MediaLimits())));

        Assert.Contains("Fraktur_missing", error.Message);
    }

    [Fact]
    public void A_deciding_model_that_is_not_installed_stops_the_engine_at_start_naming_it()
    {
        var options = new OcrOptions { DecidingLanguages = "Fraktur_missing" };

        var error = Assert.Throws<FileNotFoundException>(() => new TesseractOcrEngine(Options.Create(options), Options.Create(new MediaLimits())));

        Assert.Contains("Fraktur_missing", error.Message);
    }

    [Theory]
    [InlineData("Latin", true)]
    [InlineData("eng+Latin", true)]
    [InlineData("eng+", false)]
    [InlineData("../eng", false)]
    public void Model_lists_take_capitalised_script_names_and_refuse_paths(string languages, bool valid)
    {
        var options = new OcrOptions { ThoroughLanguages = languages };

        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true));
    }
}
