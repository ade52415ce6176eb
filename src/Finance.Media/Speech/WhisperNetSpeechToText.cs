using Finance.Media.Audio;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Whisper.net;

namespace Finance.Media.Speech;

/// <summary>
/// Whisper in-process (Whisper.net over whisper.cpp, CPU runtime) when a ggml model file is present: any
/// language the model knows, detected per note unless the channel told us, no endpoint to run.
/// The model loads once; each note gets its own processor (a processor is not thread-safe), at most
/// MaxConcurrentDecoders at a time because each one holds its own working memory. The model is freed only when no
/// transcription holds it: disposing the engine (host shutdown, a test's `using`) while a note is transcribed leaves
/// the model to that note, and the last one out frees it; a disposed engine refuses new notes.
/// Like Tesseract and pocketsphinx, a note gets <see cref="MediaLimits.RecognitionTimeout"/> from when it has a slot:
/// past it whisper.cpp is told to stop (Whisper.net's abort callback reads the token) and the note is refused as
/// unreadable, which hands it to the next engine.
/// </summary>
public sealed class WhisperNetSpeechToText : ISpeechToText, IDisposable
{
    private readonly WhisperFactory _factory;
    private readonly SemaphoreSlim _slots;
    private readonly bool _englishOnly;
    private readonly ILogger<WhisperNetSpeechToText> _logger;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _freed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _transcribing;
    private bool _disposed;

    public WhisperNetSpeechToText(IOptions<SpeechOptions> options, ILogger<WhisperNetSpeechToText> logger,
        IOptions<MediaLimits>? limits = null, TimeProvider? time = null)
    {
        _timeout = (limits?.Value ?? new MediaLimits()).RecognitionTimeout;
        _time = time ?? TimeProvider.System;
        var o = options.Value;
        ModelPath = o.FindWhisperModel() ?? throw new InvalidOperationException(
            "No Whisper model: set Finance:Speech:WhisperModelPath or put a ggml-*.bin in the speech model directory.");
        try
        {
            _factory = WhisperFactory.FromPath(ModelPath);
            // The factory loads the model lazily; building one processor now makes a bad file fail the start.
            _factory.CreateBuilder().Build().Dispose();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A half-downloaded or foreign file must stop the start with its name, not fail every voice note later.
            throw new InvalidOperationException($"The Whisper model {ModelPath} could not be loaded ({e.Message}). " +
                "Fetch a complete one with `finance models fetch whisper-base`, or remove the file to use the offline engine.", e);
        }
        // ggml-base.en.bin and the like know English only.
        _englishOnly = Path.GetFileName(ModelPath).Contains(".en.", StringComparison.OrdinalIgnoreCase);
        _slots = new SemaphoreSlim(o.MaxConcurrentDecoders > 0 ? o.MaxConcurrentDecoders : Environment.ProcessorCount);
        _logger = logger;
    }

    public string ModelPath { get; }

    public string Name => "whisper.net";

    public bool SupportsLanguage(string? language) => !_englishOnly || language is null || LanguageTag.Primary(language) == "en";

    public async Task<string> TranscribeAsync(DecodedAudio audio, string? language, CancellationToken cancellationToken)
    {
        var samples = new float[audio.Samples.Length];
        for (var i = 0; i < samples.Length; i++) samples[i] = audio.Samples[i] / 32768f;

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _transcribing++; // held before waiting for a slot, so Dispose meanwhile leaves the model to this note
        }
        try
        {
            await _slots.WaitAsync(cancellationToken);
            try
            {
                using var deadline = new CancellationTokenSource(_timeout, _time);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
                try
                {
                    return await HearAsync(samples, language, audio.Duration, either.Token);
                }
                catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new MediaRejectedException(MediaRejection.Unreadable,
                        $"Transcribing the voice note took longer than {_timeout.TotalSeconds:0} seconds.", e);
                }
            }
            finally
            {
                _slots.Release();
            }
        }
        finally
        {
            bool last;
            lock (_gate) last = --_transcribing == 0 && _disposed;
            if (last) Free();
        }
    }

    private async Task<string> HearAsync(float[] samples, string? language, TimeSpan duration, CancellationToken cancellationToken)
    {
        var builder = _factory.CreateBuilder().WithThreads(1);
        builder = language is null ? builder.WithLanguageDetection() : builder.WithLanguage(LanguageTag.Primary(language));
        if (WindowBegins is { } begins) builder = builder.WithEncoderBeginHandler(_ => { begins(); return true; });
        // Disposing the processor waits for whisper.cpp to finish with it, cancelled or not.
        await using var processor = builder.Build();
        if (ProcessorBuilt is { } hook) await hook().WaitAsync(cancellationToken);
        var text = new List<string>();
        string? heard = null;
        await foreach (var segment in processor.ProcessAsync(samples, cancellationToken))
        {
            text.Add(segment.Text.Trim());
            heard ??= segment.Language;
        }
        _logger.LogDebug("Whisper heard {Language} in {Seconds:0.0} s of audio", heard, duration.TotalSeconds);
        return string.Join(' ', text.Where(t => t.Length > 0));
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            if (_transcribing > 0) return; // the last transcription frees the model
        }
        Free();
    }

    private void Free()
    {
        _factory.Dispose();
        _slots.Dispose();
        _freed.TrySetResult();
    }

    /// <summary>Completes once the engine is disposed and no transcription holds the model any more.</summary>
    internal Task Freed => _freed.Task;

    /// <summary>Awaited with a processor built, before whisper.cpp runs, within the note's deadline: lets a test hold a
    /// transcription there while the engine is disposed, or move its clock past the deadline.</summary>
    internal Func<Task>? ProcessorBuilt { get; init; }

    /// <summary>Called on whisper.cpp's own thread as it begins each 30-second window of a note (Whisper.net's encoder-begin
    /// callback, which it skips once the note's token is cancelled): lets a test move its clock past the deadline while
    /// whisper.cpp is under way, and count the windows it began.</summary>
    internal Action? WindowBegins { get; init; }
}
