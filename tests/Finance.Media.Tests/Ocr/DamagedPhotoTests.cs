using Finance.Media.Ocr;
using Finance.Testing;

namespace Finance.Media.Tests.Ocr;

/// <summary>Receipt JPEGs damaged on their way (<see cref="DamagedJpeg"/>) → real leptonica + Tesseract: what decodes is read and
/// the scan says it was damaged; a JPEG nothing of which decodes is refused as unreadable.</summary>
public sealed class DamagedPhotoTests(RenderedReceipts receipts) : IClassFixture<RenderedReceipts>
{
    private static ReceiptScanner Scanner() => new(ReceiptScannerTests.Engine.Value);

    [Theory]
    [InlineData("clean")] // grey, one channel
    [InlineData("colour")]
    public async Task A_photo_damaged_near_the_bottom_is_read_from_what_decodes_and_said_to_be_damaged(string variant)
    {
        var layout = RenderedReceipts.Layouts[0];
        var photo = await receipts.RenderAsync(layout, variant, "jpg");

        var damaged = await Scanner().ScanReceiptAsync(DamagedJpeg.StrayRestartMarker(photo, at: 0.97), default);
        var intact = await Scanner().ScanReceiptAsync(photo, default);

        Assert.True(damaged.Damaged);
        Assert.Equal(layout.Total, damaged.Fields.Total);
        Assert.Equal(layout.Merchant, damaged.Fields.Merchant, ignoreCase: true);
        Assert.False(intact.Damaged);
        Assert.Equal(layout.Total, intact.Fields.Total);
    }

    [Fact]
    public async Task A_photo_cut_off_in_transfer_is_read_from_the_rows_that_arrived()
    {
        var layout = RenderedReceipts.Layouts[0];
        var photo = await receipts.RenderAsync(layout, "clean", "jpg");

        var scan = await Scanner().ScanReceiptAsync(DamagedJpeg.Cut(photo, 0.9), default);

        Assert.True(scan.Damaged);
        Assert.Equal(layout.Total, scan.Fields.Total);
        // The last line was in the tenth that never arrived.
        Assert.DoesNotContain("THANK YOU", scan.Text);
    }

    [Fact]
    public async Task A_photo_damaged_so_that_nothing_decodes_is_refused_as_unreadable()
    {
        var photo = await receipts.RenderAsync(RenderedReceipts.Layouts[0], "clean", "jpg");

        // libjpeg errors out (not a warning) on a table marker in the middle of the data, and a file cut inside its header
        // has no image at all.
        foreach (var broken in new[] { DamagedJpeg.StrayTableMarker(photo, at: 0.5), DamagedJpeg.Cut(photo, 0.002) })
        {
            var refused = await Assert.ThrowsAsync<MediaRejectedException>(() => Scanner().ScanReceiptAsync(broken, default));
            Assert.Equal(MediaRejection.Unreadable, refused.Reason);
        }
    }
}
