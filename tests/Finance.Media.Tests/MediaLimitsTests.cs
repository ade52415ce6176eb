using Finance.Core;

namespace Finance.Media.Tests;

public sealed class MediaLimitsTests
{
    [Theory]
    [InlineData(MediaKind.Voice, 11L * 1024 * 1024, 10, null, null, MediaRejection.TooLarge)]
    [InlineData(MediaKind.Voice, 50_000L, 181, null, null, MediaRejection.TooLong)]
    [InlineData(MediaKind.Photo, 50_000L, null, 30_000, 30_000, MediaRejection.TooManyPixels)]
    [InlineData(MediaKind.Photo, 0L, null, 100, 100, MediaRejection.Empty)]
    public void Attachment_is_refused_before_download_from_what_the_channel_reports(
        MediaKind kind, long size, int? seconds, int? width, int? height, MediaRejection reason)
    {
        var media = new Finance.Core.MediaAttachment(kind, "file-1", SizeBytes: size, DurationSeconds: seconds, Width: width, Height: height);
        Assert.Equal(reason, Assert.Throws<MediaRejectedException>(() => new MediaLimits().Admit(media)).Reason);
    }

    [Fact]
    public void Attachment_within_limits_or_without_metadata_passes() =>
        new MediaLimits().Admit(new Finance.Core.MediaAttachment(Finance.Core.MediaKind.Voice, "file-2", SizeBytes: 30_000, DurationSeconds: 8));
}
