using System.ComponentModel.DataAnnotations;
using Finance.Core;

namespace Finance.Media;

/// <summary>What the bot accepts, checked before any decoder sees the bytes (section "Finance:Media").</summary>
public sealed class MediaLimits
{
    public const string Section = "Finance:Media";

    [Range(1, long.MaxValue)]
    public long MaxAudioBytes { get; set; } = 10 * 1024 * 1024;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxAudioDuration { get; set; } = TimeSpan.FromMinutes(3);

    [Range(1, long.MaxValue)]
    public long MaxImageBytes { get; set; } = 20 * 1024 * 1024;

    [Range(1, long.MaxValue)]
    public long MaxImagePixels { get; set; } = 40_000_000;

    /// <summary>How long ffmpeg may take for one file before it is stopped.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan DecodeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Refuses an attachment from what the channel says about it (size, duration, dimensions),
    /// before it is downloaded. The bytes are checked again after download: channels may omit or misstate these.</summary>
    public void Admit(MediaAttachment media)
    {
        var isAudio = media.Kind is MediaKind.Voice or MediaKind.Audio;
        var maxBytes = isAudio ? MaxAudioBytes : MaxImageBytes;
        if (media.SizeBytes == 0) throw new MediaRejectedException(MediaRejection.Empty, "The file is empty.");
        if (media.SizeBytes > maxBytes)
            throw new MediaRejectedException(MediaRejection.TooLarge,
                $"The file is {media.SizeBytes / 1048576.0:0.#} MB; the limit is {maxBytes / 1048576.0:0.#} MB.");
        if (isAudio && media.DurationSeconds > MaxAudioDuration.TotalSeconds)
            throw new MediaRejectedException(MediaRejection.TooLong,
                $"The voice note is longer than {MaxAudioDuration.TotalMinutes:0.#} minutes.");
        if (media.Kind == MediaKind.Photo && (long?)media.Width * media.Height > MaxImagePixels)
            throw new MediaRejectedException(MediaRejection.TooManyPixels,
                $"The image is {media.Width} × {media.Height} pixels; the limit is {MaxImagePixels / 1e6:0.#} megapixels.");
    }
}
