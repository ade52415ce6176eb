using Finance.Media.Audio;
using Finance.Media.Speech;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Finance.Media.Tests.Speech;

/// <summary>
/// The wiring of in-process Whisper with the real Whisper.net runtime. No Whisper weights can be downloaded
/// here, so the model is whisper.cpp's own test file (for-tests-ggml-tiny.bin: the tiny model's header,
/// mel filters and vocabulary without trained weights; MIT, from the whisper.cpp repository): it loads and
/// runs, but hears nothing. What Whisper makes of speech is not tested here.
/// </summary>
public sealed class WhisperNetSpeechToTextTests(SpokenExpenses speech) : IClassFixture<SpokenExpenses>, IDisposable
{
    internal static readonly string TestModel = Path.Combine(AppContext.BaseDirectory, "Speech", "for-tests-ggml-tiny.bin");
    private readonly string _models = Directory.CreateTempSubdirectory("finance-whisper-").FullName;

    private ServiceProvider Services(string modelDirectory) =>
        new ServiceCollection().AddLogging()
            .AddMedia(new ConfigurationBuilder().AddInMemoryCollection([
                new("Finance:Speech:ModelDirectory", modelDirectory),
                // Past the recognition timeout Whisper gives the note up to pocketsphinx: on a loaded machine the untrained test
                // model can take longer than the default, and which engine answered must not depend on the machine's load.
                new("Finance:Media:RecognitionTimeout", "00:10:00")]).Build())
            .BuildServiceProvider();

    [Fact]
    public async Task A_ggml_model_in_the_speech_model_directory_makes_whisper_the_first_engine()
    {
        // The domain model files must be there too: pocketsphinx stays as the fallback.
        foreach (var file in Directory.GetFiles(RepositoryPaths.SpeechModels, "finance.*")) File.Copy(file, Path.Combine(_models, Path.GetFileName(file)));
        File.Copy(TestModel, Path.Combine(_models, "ggml-tiny.bin"));
        await using var services = Services(_models);

        var engines = services.GetRequiredService<IEnumerable<ISpeechToText>>().Select(e => e.Name).ToList();
        Assert.Equal(["whisper.net", "pocketsphinx"], engines);

        var transcriber = services.GetRequiredService<SpeechTranscriber>();
        Assert.True(transcriber.SupportsLanguage("pt-BR")); // multilingual model: Portuguese notes are no longer refused
        var transcript = await transcriber.TranscribeAsync(await speech.VoiceNoteAsync("netflix fifteen dollars", "slt"), null, default);
        Assert.Equal("whisper.net", transcript.Engine);
        Assert.True(transcript.Duration > TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Without_a_model_file_pocketsphinx_alone_transcribes()
    {
        await using var services = Services(RepositoryPaths.SpeechModels);
        Assert.Equal(["pocketsphinx"], services.GetRequiredService<IEnumerable<ISpeechToText>>().Select(e => e.Name));
    }

    [Fact]
    public async Task An_english_only_model_leaves_portuguese_to_no_one()
    {
        File.Copy(TestModel, Path.Combine(_models, "ggml-base.en.bin"));
        using var engine = new WhisperNetSpeechToText(Options.Create(new SpeechOptions { ModelDirectory = _models }), NullLogger<WhisperNetSpeechToText>.Instance);
        Assert.True(engine.SupportsLanguage("en-US"));
        Assert.False(engine.SupportsLanguage("pt"));
        var silence = new DecodedAudio(new short[DecodedAudio.SampleRate]);
        Assert.Equal("", await engine.TranscribeAsync(silence, "en", default));
    }

    [WhisperLoadsFact]
    public async Task Disposing_the_engine_mid_transcription_leaves_the_model_to_that_note_and_frees_it_after()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var engine = new WhisperNetSpeechToText(Options.Create(new SpeechOptions { WhisperModelPath = TestModel }), NullLogger<WhisperNetSpeechToText>.Instance)
        {
            // The note holds its processor here, whisper.cpp not yet run, until the test lets it go.
            ProcessorBuilt = () => { entered.TrySetResult(); return release.Task; },
        };
        var silence = new DecodedAudio(new short[DecodedAudio.SampleRate]);
        var transcription = engine.TranscribeAsync(silence, "en", default);
        await entered.Task;

        // The host shuts down while the note is transcribed: the model must not be freed under it.
        engine.Dispose();
        Assert.False(engine.Freed.IsCompleted);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => engine.TranscribeAsync(silence, "en", default));

        release.SetResult();
        Assert.Equal("", await transcription); // whisper.cpp ran on a live model (the weightless test model hears nothing)
        await engine.Freed;
    }

    [WhisperLoadsFact]
    public async Task A_note_whisper_works_on_past_the_recognition_timeout_is_refused_as_unreadable_and_the_engine_goes_on()
    {
        var clock = new FakeTimeProvider();
        var timeout = TimeSpan.FromSeconds(30);
        var workedOn = TimeSpan.Zero;
        using var engine = new WhisperNetSpeechToText(Options.Create(new SpeechOptions { WhisperModelPath = TestModel }),
            NullLogger<WhisperNetSpeechToText>.Instance, Options.Create(new MediaLimits { RecognitionTimeout = timeout }), clock)
        {
            // The note's time passes with its processor built, before whisper.cpp is done: moved, not waited for.
            ProcessorBuilt = () => { clock.Advance(workedOn); return Task.CompletedTask; },
        };
        var silence = new DecodedAudio(new short[DecodedAudio.SampleRate]);

        workedOn = timeout - TimeSpan.FromSeconds(1);
        Assert.Equal("", await engine.TranscribeAsync(silence, "en", default));

        workedOn = timeout + TimeSpan.FromSeconds(1);
        var refused = await Assert.ThrowsAsync<MediaRejectedException>(() => engine.TranscribeAsync(silence, "en", default));
        Assert.Equal(MediaRejection.Unreadable, refused.Reason);
        Assert.Contains("longer than 30 seconds", refused.Message);

        // Its slot and the model are free for the next note; the caller's own cancellation is not a timeout.
        workedOn = TimeSpan.Zero;
        Assert.Equal("", await engine.TranscribeAsync(silence, "en", default));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.TranscribeAsync(silence, "en", new CancellationToken(canceled: true)));
    }

    [WhisperLoadsFact]
    public async Task A_note_whisper_is_still_working_on_at_its_deadline_is_stopped_there_and_pocketsphinx_answers()
    {
        var clock = new FakeTimeProvider();
        var windows = 0;
        using var whisper = new WhisperNetSpeechToText(Options.Create(new SpeechOptions { WhisperModelPath = TestModel }),
            NullLogger<WhisperNetSpeechToText>.Instance, Options.Create(new MediaLimits { RecognitionTimeout = TimeSpan.FromSeconds(30) }), clock)
        {
            // The deadline passes from inside whisper.cpp's run, as it begins the note's first window: moved, not waited for.
            WindowBegins = () => { if (Interlocked.Increment(ref windows) == 1) clock.Advance(TimeSpan.FromSeconds(31)); },
        };
        // Decoding and pocketsphinx on the real clock, with all the time a loaded machine may need.
        var patient = Options.Create(new MediaLimits { DecodeTimeout = TimeSpan.FromMinutes(10), RecognitionTimeout = TimeSpan.FromMinutes(10) });
        using var pocketsphinx = new PocketSphinxSpeechToText(Options.Create(new SpeechOptions { MaxConcurrentDecoders = 1 }), patient);
        var transcriber = new SpeechTranscriber(new AudioDecoder(patient), [whisper, pocketsphinx], NullLogger<SpeechTranscriber>.Instance);

        // Three of whisper.cpp's 30-second windows: the expense, then a minute of silence.
        var note = await speech.VoiceNoteAsync("netflix fifteen dollars", "slt", silenceAfter: 60);
        var transcript = await transcriber.TranscribeAsync(note, "en", default);

        Assert.Equal("pocketsphinx", transcript.Engine);
        Assert.True(SpokenExpenses.HasAmount(transcript.Text, "15"), transcript.Text);
        Assert.True(transcript.Duration > TimeSpan.FromSeconds(60));
        Assert.Equal(1, windows); // whisper.cpp began no window past its deadline: the note's token reached it and stopped it
        // Its slot and model are free again: a note within its time is Whisper's.
        Assert.Equal("", await whisper.TranscribeAsync(new DecodedAudio(new short[DecodedAudio.SampleRate]), "en", default));
    }

    [WhisperLoadsFact]
    public async Task A_disposed_idle_engine_frees_its_model_at_once_and_refuses_new_notes()
    {
        var engine = new WhisperNetSpeechToText(Options.Create(new SpeechOptions { WhisperModelPath = TestModel }), NullLogger<WhisperNetSpeechToText>.Instance);
        var silence = new DecodedAudio(new short[DecodedAudio.SampleRate]);
        Assert.Equal("", await engine.TranscribeAsync(silence, "en", default));

        engine.Dispose();
        engine.Dispose();

        Assert.True(engine.Freed.IsCompleted);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => engine.TranscribeAsync(silence, "en", default));
    }

    [Fact]
    public void A_file_that_is_not_a_whisper_model_stops_the_start_naming_the_file()
    {
        var broken = Path.Combine(_models, "ggml-base.bin");
        File.WriteAllBytes(broken, new byte[4096]); // what an interrupted copy leaves
        var error = Assert.Throws<InvalidOperationException>(() =>
            new WhisperNetSpeechToText(Options.Create(new SpeechOptions { WhisperModelPath = broken }), NullLogger<WhisperNetSpeechToText>.Instance));
        Assert.Contains(broken, error.Message);
        Assert.Contains("finance models fetch", error.Message);
        // whisper.cpp itself refused the file: the native runtime loaded (a missing library would say DllNotFound).
        Assert.IsNotType<DllNotFoundException>(error.InnerException);
    }

    [Fact]
    public void A_configured_model_path_that_does_not_exist_is_reported_at_start()
    {
        var options = new SpeechOptions { WhisperModelPath = Path.Combine(_models, "missing.bin") };
        Assert.Throws<FileNotFoundException>(options.FindWhisperModel);
    }

    public void Dispose() => Directory.Delete(_models, recursive: true);
}

/// <summary>Runs where whisper.cpp loads the test model (its native runtime for this machine is in the package); says why when not.</summary>
public sealed class WhisperLoadsFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> WhyNot = new(() =>
    {
        try
        {
            new WhisperNetSpeechToText(Options.Create(new SpeechOptions { WhisperModelPath = WhisperNetSpeechToTextTests.TestModel }),
                NullLogger<WhisperNetSpeechToText>.Instance).Dispose();
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or DllNotFoundException or FileNotFoundException)
        {
            return e.Message;
        }
    });

    public WhisperLoadsFactAttribute()
    {
        if (WhyNot.Value is { } reason) Skip = $"No Whisper model loads here: {reason}";
    }
}
