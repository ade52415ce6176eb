using Finance.Media.Audio;
using Finance.Media.Ocr;
using Finance.Media.Speech;
using Finance.Media.Tests.Ocr;
using Finance.Media.Tests.Speech;
using Finance.Testing;
using Microsoft.Extensions.Options;

namespace Finance.Media.Tests;

/// <summary>Each decoder has a time and a memory limit: ffmpeg runs under prlimit and a kill timer, Tesseract
/// stops at its monitor's deadline, pocketsphinx answers by its deadline.</summary>
public sealed class EngineLimitsTests(SpokenExpenses speech, RenderedReceipts receipts) : IClassFixture<SpokenExpenses>, IClassFixture<RenderedReceipts>, IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("finance-limits-").FullName;

    private static AudioDecoder Decoder(MediaLimits limits) => new(Options.Create(limits));

    [Fact]
    public async Task A_decoder_that_hangs_is_killed_at_the_timeout_and_the_note_is_unreadable()
    {
        var ffmpeg = TestFiles.HangingDecoder(directory);
        var limits = new MediaLimits { FfmpegPath = ffmpeg, DecodeTimeout = TimeSpan.FromSeconds(1) };

        var note = await speech.VoiceNoteAsync("netflix fifteen dollars", "slt");

        var error = await Assert.ThrowsAsync<MediaRejectedException>(() => Decoder(limits).DecodeAsync(note, default));

        Assert.Equal(MediaRejection.Unreadable, error.Reason);
        Assert.Contains("longer than 1 seconds", error.Message);
        var pid = int.Parse(await File.ReadAllTextAsync(ffmpeg + ".pid"));
        Assert.True(SpinWait.SpinUntil(() => TestFiles.ProcessEnded(pid), TimeSpan.FromSeconds(10)), $"the hanging decoder {pid} still runs");
    }

    [Fact]
    public async Task Ffmpeg_runs_inside_its_address_space_limit()
    {
        var note = await speech.VoiceNoteAsync("netflix fifteen dollars", "slt");

        // The same note decodes under the default limit and cannot even load ffmpeg's libraries under 16 MB.
        Assert.True((await Decoder(new MediaLimits()).DecodeAsync(note, default)).Duration > TimeSpan.Zero);
        var error = await Assert.ThrowsAsync<MediaRejectedException>(() =>
            Decoder(new MediaLimits { DecoderMemoryBytes = 16L * 1024 * 1024 }).DecodeAsync(note, default));
        Assert.Equal(MediaRejection.Unreadable, error.Reason);
    }

    [Fact]
    public async Task Hours_of_silence_in_a_small_file_are_too_long_and_decoding_stops_at_the_limit()
    {
        var silence = await TestFiles.HoursOfSilenceAsync(directory);
        Assert.True(silence.Length < new MediaLimits().MaxAudioBytes);

        var error = await Assert.ThrowsAsync<MediaRejectedException>(() => Decoder(new MediaLimits()).DecodeAsync(silence, default));

        Assert.Equal(MediaRejection.TooLong, error.Reason);
    }

    [Fact]
    public async Task Ocr_past_its_deadline_stops_and_the_image_is_unreadable()
    {
        var image = await receipts.RenderAsync(RenderedReceipts.Layouts[0], RenderedReceipts.Variants[0]);
        using var engine = new TesseractOcrEngine(Options.Create(new OcrOptions()), Options.Create(new MediaLimits { RecognitionTimeout = TimeSpan.Zero }));

        var error = await Assert.ThrowsAsync<MediaRejectedException>(() => engine.RecognizeAsync(image, OcrPass.Quick, default));

        Assert.Equal(MediaRejection.Unreadable, error.Reason);
        Assert.Contains("took longer", error.Message);
        // The engine went back to its pool in working order: a scan with time to spare reads the same image.
        using var patient = new TesseractOcrEngine(Options.Create(new OcrOptions()), Options.Create(new MediaLimits()));
        Assert.Contains("TOTAL", (await patient.RecognizeAsync(image, OcrPass.Quick, default)).Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Transcription_past_its_deadline_is_unreadable_and_its_decoder_is_freed_only_when_the_decode_ends()
    {
        var audio = await Decoder(new MediaLimits()).DecodeAsync(await speech.VoiceNoteAsync("netflix fifteen dollars", "slt"), default);
        // Not disposed: the decoding thread may still be leaving Wait when the test ends.
        var decoding = new ManualResetEventSlim();
        var release = new ManualResetEventSlim();
        var engine = new PocketSphinxSpeechToText(Options.Create(new SpeechOptions { MaxConcurrentDecoders = 1 }),
            Options.Create(new MediaLimits { RecognitionTimeout = TimeSpan.Zero }))
        {
            // The decode holds its decoder here until the test lets it go, so it is still running at the deadline.
            DecoderBorrowed = () => { decoding.Set(); release.Wait(); },
        };

        try
        {
            var error = await Assert.ThrowsAsync<MediaRejectedException>(() => engine.TranscribeAsync(audio, "en", default));
            Assert.Equal(MediaRejection.Unreadable, error.Reason);
            Assert.True(decoding.Wait(TimeSpan.FromMinutes(5)), "the decode never started");

            // The host shuts down while the timed-out decode still holds its decoder: it must not be freed under it.
            engine.Dispose();
            Assert.Equal(1, engine.DecodersAlive);
            Assert.False(engine.Freed.IsCompleted);
        }
        finally
        {
            release.Set();
        }

        // Let go, the native decode runs on the decoder (a freed one crashed the process in hmm_vit_eval), then frees it.
        await engine.Freed.WaitAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(0, engine.DecodersAlive);
    }

    [Fact]
    public async Task A_disposed_speech_engine_frees_its_idle_decoders_and_refuses_new_notes()
    {
        var audio = await Decoder(new MediaLimits()).DecodeAsync(await speech.VoiceNoteAsync("netflix fifteen dollars", "slt"), default);
        var engine = new PocketSphinxSpeechToText(Options.Create(new SpeechOptions { MaxConcurrentDecoders = 1 }));
        Assert.True(SpokenExpenses.HasAmount(await engine.TranscribeAsync(audio, "en", default), "15"));
        Assert.Equal(1, engine.DecodersAlive);

        engine.Dispose();
        engine.Dispose();

        Assert.True(engine.Freed.IsCompleted);
        Assert.Equal(0, engine.DecodersAlive);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => engine.TranscribeAsync(audio, "en", default));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
