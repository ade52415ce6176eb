using System.ComponentModel.DataAnnotations;

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
}
