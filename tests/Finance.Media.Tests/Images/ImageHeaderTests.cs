using Finance.Testing;
using Finance.Media.Images;
using Finance.Media.Ocr;
using Finance.Media.Tests.Ocr;

namespace Finance.Media.Tests.Images;

public sealed class ImageHeaderTests(RenderedReceipts receipts) : IClassFixture<RenderedReceipts>
{
    [Fact]
    public async Task Decompression_bomb_png_is_refused_from_its_header()
    {
        var bomb = TestFiles.BombPng(30_000, 30_000);
        Assert.True(bomb.Length < 1_000_000, $"the bomb is small on the wire ({bomb.Length} bytes)");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<MediaRejectedException>(() => new ReceiptScanner(ReceiptScannerTests.Engine.Value).ScanReceiptAsync(bomb, default));
        Assert.Equal(MediaRejection.TooManyPixels, error.Reason);
        Assert.Contains("30000 × 30000", error.Message);
        Assert.True(started.ElapsedMilliseconds < 500, "refused without decoding");
    }

    [Fact]
    public async Task Pdf_sent_as_a_photo_is_not_an_image()
    {
        var error = await Assert.ThrowsAsync<MediaRejectedException>(() => ReceiptScannerTests.Engine.Value.RecognizeAsync(TestFiles.Pdf, OcrPass.Quick, default));
        Assert.Equal(MediaRejection.NotAnImage, error.Reason);
        Assert.Contains("PDF", error.Message);
    }

    [Fact]
    public async Task Zero_byte_photo_is_empty()
    {
        var error = await Assert.ThrowsAsync<MediaRejectedException>(() => ReceiptScannerTests.Engine.Value.RecognizeAsync([], OcrPass.Quick, default));
        Assert.Equal(MediaRejection.Empty, error.Reason);
    }

    [Fact]
    public async Task Truncated_jpeg_is_unreadable_or_read_as_damaged_not_a_crash()
    {
        var jpeg = await receipts.RenderAsync(RenderedReceipts.Layouts[0], "clean", "jpg");

        // Cut inside its header: no image at all.
        var error = await Assert.ThrowsAsync<MediaRejectedException>(() => ReceiptScannerTests.Engine.Value.RecognizeAsync(jpeg[..100], OcrPass.Quick, default));
        Assert.Equal(MediaRejection.Unreadable, error.Reason);
        // Cut a few bytes into its rows: a grey page, said to be damaged (what such a page gets: DamagedPhotoTests).
        var grey = await ReceiptScannerTests.Engine.Value.RecognizeAsync(jpeg[..400], OcrPass.Quick, default);
        Assert.True(grey.Damaged);
        Assert.Empty(grey.Words);
    }

    [Fact]
    public void Photo_over_the_byte_limit_is_too_large()
    {
        var error = Assert.Throws<MediaRejectedException>(() => ImageAdmission.Admit(new byte[2000], new MediaLimits { MaxImageBytes = 1000 }));
        Assert.Equal(MediaRejection.TooLarge, error.Reason);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpg")]
    [InlineData("gif")]
    [InlineData("webp")]
    [InlineData("tiff")]
    [InlineData("bmp")]
    public async Task Dimensions_are_read_from_every_format_header(string format)
    {
        var png = ImageHeader.Read(await receipts.RenderAsync(RenderedReceipts.Layouts[3], "clean"));
        var other = ImageHeader.Read(await receipts.RenderAsync(RenderedReceipts.Layouts[3], "clean", format));
        Assert.Equal((png.Width, png.Height), (other.Width, other.Height));
        Assert.Equal(format, other.Format.ToString().ToLowerInvariant() switch { "jpeg" => "jpg", var f => f });
    }
}
