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

    /// <summary>How long ffmpeg may take for one file before it is killed (a 3-minute note decodes in well under a second).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan DecodeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The address space ffmpeg may map (RLIMIT_AS, set with prlimit): a file crafted to make the decoder
    /// allocate without end fails instead of taking the machine's memory. ffmpeg needs ~100 MB for a voice note.</summary>
    [Range(16L * 1024 * 1024, long.MaxValue)]
    public long DecoderMemoryBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>The ffmpeg program (a path, or a name found on PATH).</summary>
    [Required, MinLength(1)]
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>How long Tesseract or pocketsphinx may work on one file; past it the user is told and the engine stops
    /// (Tesseract at once, through its monitor) or, for pocketsphinx, finishes in the background within its slot.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RecognitionTimeout { get; set; } = TimeSpan.FromSeconds(30);

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
