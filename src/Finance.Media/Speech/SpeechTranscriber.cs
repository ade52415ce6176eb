using Finance.Media.Audio;
using Microsoft.Extensions.Logging;

namespace Finance.Media.Speech;

/// <summary>
/// Voice note → text: checks the limits, decodes with ffmpeg, and asks the first engine that speaks
/// the language (Whisper in-process, a Whisper endpoint, then the offline English engine). When one
/// fails and a later one can take the language, it answers instead.
/// </summary>
public sealed class SpeechTranscriber(AudioDecoder decoder, IEnumerable<ISpeechToText> engines, ILogger<SpeechTranscriber> logger)
{
    private readonly ISpeechToText[] _engines = [.. engines];

    /// <summary>Whether a voice note in this language (null = unknown) can be transcribed at all; a
    /// Portuguese note without a Whisper endpoint cannot, and the reply should say so before downloading it.</summary>
    public bool SupportsLanguage(string? language) => _engines.Any(e => e.SupportsLanguage(language));

    /// <exception cref="MediaRejectedException">Empty, too large, too long, undecodable, or a language no engine speaks.</exception>
    public async Task<Transcript> TranscribeAsync(byte[] audio, string? language, CancellationToken cancellationToken)
    {
        var able = _engines.Where(e => e.SupportsLanguage(language)).ToArray();
        if (able.Length == 0)
            throw new MediaRejectedException(MediaRejection.LanguageNotSupported,
                $"Voice notes in '{language}' need a Whisper endpoint (Finance:Speech:Endpoint); the offline engine understands English only.");

        var decoded = await decoder.DecodeAsync(audio, cancellationToken);
        for (var i = 0; ; i++)
        {
            try
            {
                var text = await able[i].TranscribeAsync(decoded, language, cancellationToken);
                return new Transcript(text, able[i].Name, decoded.Duration);
            }
            // Any engine failure (endpoint down, Whisper out of memory …) hands the note to the next engine;
            // only the caller's cancellation and the last engine's failure end it.
            catch (Exception e) when (i + 1 < able.Length && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Speech engine {Engine} failed; trying {Next}", able[i].Name, able[i + 1].Name);
            }
        }
    }
}
