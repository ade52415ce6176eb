using Finance.Media.Audio;

namespace Finance.Media.Speech;

/// <summary>
/// The speech-to-text seam: the embedded pocketsphinx engine (English, offline) and any
/// OpenAI-compatible transcription endpoint (whisper.cpp, faster-whisper, OpenAI). Whisper.net
/// would be a third implementation where it is available.
/// </summary>
public interface ISpeechToText
{
    /// <summary>A short name for logs and transcripts ("pocketsphinx", "openai").</summary>
    string Name { get; }

    /// <summary>Whether this engine can transcribe speech in the language (ISO 639-1 "en", "pt", or a tag such as "pt-BR"); null means unknown.</summary>
    bool SupportsLanguage(string? language);

    Task<string> TranscribeAsync(DecodedAudio audio, string? language, CancellationToken cancellationToken);
}
