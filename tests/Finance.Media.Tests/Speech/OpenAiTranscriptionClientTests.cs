using Finance.Media.Audio;
using Finance.Media.Speech;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Finance.Media.Tests.Speech;

public sealed class OpenAiTranscriptionClientTests(SpokenExpenses speech) : IClassFixture<SpokenExpenses>
{
    private static SpeechTranscriber Transcriber(Uri endpoint, bool withOfflineEngine = false)
    {
        var options = Options.Create(new SpeechOptions { Endpoint = endpoint, Model = "whisper-large-v3", ApiKey = "sk-loopback" });
        ISpeechToText[] engines = withOfflineEngine
            ? [new OpenAiTranscriptionClient(new HttpClient(), options), new PocketSphinxSpeechToText(Options.Create(new SpeechOptions()))]
            : [new OpenAiTranscriptionClient(new HttpClient(), options)];
        return new SpeechTranscriber(new AudioDecoder(Options.Create(new MediaLimits())), engines, NullLogger<SpeechTranscriber>.Instance);
    }

    [Fact]
    public async Task Voice_note_is_posted_as_multipart_with_model_file_and_key()
    {
        await using var server = await LoopbackTranscriptionServer.StartAsync();
        var transcript = await Transcriber(server.Endpoint).TranscribeAsync(await speech.VoiceNoteAsync("twelve fifty at starbucks", "slt"), "en", default);

        Assert.Equal("Spent $12.50 at Starbucks.", transcript.Text);
        Assert.Equal("openai", transcript.Engine);
        var request = Assert.Single(server.Requests);
        Assert.Equal("whisper-large-v3", request.Model);
        Assert.Equal("en", request.Language);
        Assert.Equal("Bearer sk-loopback", request.Authorization);
        Assert.Equal("voice.wav", request.FileName);
        Assert.Equal("audio/wav", request.ContentType);
        Assert.Equal("RIFF"u8.ToArray(), request.File[..4]);
        Assert.True(request.File.Length > 16_000, "a second or more of 16 kHz PCM");
    }

    [Fact]
    public async Task Portuguese_voice_note_goes_to_the_whisper_endpoint()
    {
        await using var server = await LoopbackTranscriptionServer.StartAsync();
        server.Answer = "gastei 45,90 no mercado";
        var transcriber = Transcriber(server.Endpoint, withOfflineEngine: true);
        Assert.True(transcriber.SupportsLanguage("pt-BR"));

        var transcript = await transcriber.TranscribeAsync(await speech.VoiceNoteAsync("gastei quarenta e cinco", "slt"), "pt-BR", default);

        Assert.Equal("gastei 45,90 no mercado", transcript.Text);
        Assert.Equal("pt", Assert.Single(server.Requests).Language);
    }

    [Fact]
    public async Task English_voice_note_falls_back_to_the_offline_engine_when_the_endpoint_fails()
    {
        await using var server = await LoopbackTranscriptionServer.StartAsync();
        server.Status = 503;
        var transcript = await Transcriber(server.Endpoint, withOfflineEngine: true)
            .TranscribeAsync(await speech.VoiceNoteAsync("I spent forty five dollars at walmart", "slt"), "en", default);

        Assert.Equal("pocketsphinx", transcript.Engine);
        Assert.Contains("45", transcript.Text);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080/v1/audio/transcriptions")]
    [InlineData("http://127.0.0.1:8080/v1/", "http://127.0.0.1:8080/v1/audio/transcriptions")]
    [InlineData("https://example.invalid/openai/v1", "https://example.invalid/openai/v1/audio/transcriptions")]
    public void Endpoint_with_or_without_v1_reaches_the_transcriptions_path(string endpoint, string expected) =>
        Assert.Equal(expected, OpenAiTranscriptionClient.TranscriptionsUri(new Uri(endpoint)).ToString());
}
