using System.ComponentModel.DataAnnotations;

namespace Finance.Media.Speech;

/// <summary>Speech-to-text settings (section "Finance:Speech"; env <c>Finance__Speech__Endpoint</c> …).</summary>
public sealed class SpeechOptions
{
    public const string Section = "Finance:Speech";

    /// <summary>Base address of an OpenAI-compatible server (e.g. http://127.0.0.1:8080); the client posts to
    /// <c>{Endpoint}/v1/audio/transcriptions</c>. Unset: only the embedded English engine runs.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The model name sent with each request ("whisper-1" for OpenAI; whisper.cpp ignores it).</summary>
    [Required, MinLength(1)]
    public string Model { get; set; } = "whisper-1";

    /// <summary>Sent as a bearer token when set.</summary>
    public string? ApiKey { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Where the domain language model (finance.lm.bin, finance.dict) lives; relative paths are
    /// resolved against the application directory.</summary>
    [Required]
    public string ModelDirectory { get; set; } = "models/speech";

    /// <summary>A ggml Whisper model (ggml-base.bin …) for in-process transcription with Whisper.net. Unset: the first
    /// ggml-*.bin in <see cref="ModelDirectory"/>, if any (`finance models fetch whisper-base` puts one there).</summary>
    public string? WhisperModelPath { get; set; }

    /// <summary>pocketsphinx's acoustic model (Debian's pocketsphinx-en-us).</summary>
    [Required]
    public string AcousticModel { get; set; } = "/usr/share/pocketsphinx/model/en-us/en-us";

    /// <summary>False falls back to the general English language model and cmudict (slower, worse on amounts).</summary>
    public bool UseDomainModel { get; set; } = true;

    /// <summary>The model directory as an absolute path.</summary>
    public string ModelDirectoryPath => Path.IsPathRooted(ModelDirectory) ? ModelDirectory : Path.Combine(AppContext.BaseDirectory, ModelDirectory);

    /// <summary>The Whisper model file to load, or null when there is none (then Whisper.net is not used).</summary>
    public string? FindWhisperModel()
    {
        if (!string.IsNullOrWhiteSpace(WhisperModelPath))
            return File.Exists(WhisperModelPath) ? Path.GetFullPath(WhisperModelPath)
                : throw new FileNotFoundException($"Finance:Speech:WhisperModelPath points at a missing file: {WhisperModelPath}", WhisperModelPath);
        return Directory.Exists(ModelDirectoryPath)
            ? Directory.EnumerateFiles(ModelDirectoryPath, "ggml-*.bin").Order(StringComparer.Ordinal).FirstOrDefault()
            : null;
    }

    /// <summary>False decodes 8 kHz (telephone) audio with the wideband acoustic model too, instead of the one adapted to
    /// 8 kHz speech in models/speech/narrowband.</summary>
    public bool UseNarrowbandModel { get; set; } = true;

    /// <summary>The least posterior probability (0–1) the offline engine needs for each word of a number it heard among
    /// other words; a number below it is left out of the transcript, so the reply asks for the amount instead of booking one
    /// the language model made up. 0 keeps every number. 0.15 was chosen on the coffee orders' tuning voices, AN4's
    /// training speakers and flite expense notes (docs/decisions.md, voice).</summary>
    [Range(0.0, 1.0)]
    public double MinNumberPosterior { get; set; } = 0.15;

    /// <summary>How far (natural log per 10 ms frame) the audio under a number heard among other words may fall below the best
    /// senone of each frame before the number is left out like an unsure one: a number the audio supports scores near the
    /// best any phone could, one the language model put where other words were said ("a double shot mocha" → "oh one seven
    /// oh") far below. 0 turns it off (and with it -compallsen, which costs about half as much CPU again at 16 kHz). Chosen on the
    /// coffee orders' tuning voices, AN4's training speakers and flite expense notes (docs/decisions.md, voice).</summary>
    [Range(0.0, 100.0)]
    public double MaxNumberAcousticGap { get; set; } = 6.5;

    /// <summary>Decoders kept ready (each ~40 MB with the domain model); 0 means one per core.</summary>
    [Range(0, 64)]
    public int MaxConcurrentDecoders { get; set; }
}
