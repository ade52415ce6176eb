using System.Globalization;
using Finance.Media.Audio;
using Finance.Media.Speech;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Finance.Media.Tests.Speech;

/// <summary>Real flite speech → real ffmpeg → real pocketsphinx with the shipped domain model.</summary>
public sealed class PocketSphinxSpeechToTextTests(SpokenExpenses speech, ITestOutputHelper log) : IClassFixture<SpokenExpenses>
{
    private static readonly Lazy<PocketSphinxSpeechToText> Engine = new(() => new(Options.Create(new SpeechOptions())));

    private static SpeechTranscriber Transcriber() =>
        new(new AudioDecoder(Options.Create(new MediaLimits())), [Engine.Value], NullLogger<SpeechTranscriber>.Instance);

    [Fact]
    public async Task Amounts_in_clean_voice_notes_reach_the_transcript()
    {
        var hits = 0;
        var cases = SpokenExpenses.Voices.SelectMany(v => SpokenExpenses.Sentences.Select(s => (v, s))).ToList();
        foreach (var (voice, (text, amount)) in cases)
        {
            var transcript = await Transcriber().TranscribeAsync(await speech.VoiceNoteAsync(text, voice), "en", default);
            Assert.Equal("pocketsphinx", transcript.Engine);
            var heard = SpokenExpenses.HasAmount(transcript.Text, amount);
            log.WriteLine($"{(heard ? "ok  " : "MISS")} {voice}: {text} → {transcript.Text}");
            if (heard) hits++;
        }
        // Measured 23/24 with the shipped domain model (kal16 hears "fifteen" as "fifty nine").
        Assert.True(hits >= cases.Count - 2, $"{hits}/{cases.Count} amounts heard");
    }

    [Fact]
    public async Task Amounts_in_8_khz_telephone_voice_notes_reach_the_transcript()
    {
        var hits = 0;
        var cases = SpokenExpenses.Voices.SelectMany(v => SpokenExpenses.Sentences.Select(s => (v, s))).ToList();
        foreach (var (voice, (text, amount)) in cases)
        {
            var transcript = await Transcriber().TranscribeAsync(await speech.VoiceNoteAsync(text, voice, format: "telephone"), "en", default);
            var heard = SpokenExpenses.HasAmount(transcript.Text, amount);
            log.WriteLine($"{(heard ? "ok  " : "MISS")} {voice} 8 kHz: {text} → {transcript.Text}");
            if (heard) hits++;
        }
        // Measured 21/24 with the acoustic model adapted to 8 kHz speech, 18/24 with the wideband one (these voices are
        // not among the people it was adapted on).
        Assert.True(hits >= 20, $"{hits}/{cases.Count} amounts heard at 8 kHz");
    }

    [Fact]
    public async Task Most_amounts_survive_background_noise()
    {
        var hits = 0;
        var cases = SpokenExpenses.Voices.SelectMany(v => SpokenExpenses.Sentences.Take(4).Select(s => (v, s))).ToList();
        foreach (var (voice, (text, amount)) in cases)
        {
            var transcript = await Transcriber().TranscribeAsync(await speech.VoiceNoteAsync(text, voice, noise: 0.03), "en", default);
            log.WriteLine($"{voice} noisy: {text} → {transcript.Text}");
            if (SpokenExpenses.HasAmount(transcript.Text, amount)) hits++;
        }
        Assert.True(hits >= cases.Count * 3 / 4, $"{hits}/{cases.Count} amounts heard through noise");
    }

    [Fact]
    public async Task A_number_the_audio_does_not_support_is_left_out()
    {
        // Said without a number; the domain model, which knows no coffee, puts numbers in their place and its lattice is
        // fairly sure of them ("the bought shopping oh one seven oh": 0.3 and 0.5). The audio under them scores far below
        // the best senone of each frame.
        (string Text, string Voice)[] said = [("a double shot mocha with soy milk", "kal16"), ("a double shot mocha with soy milk", "rms")];
        using var withoutCheck = new PocketSphinxSpeechToText(Options.Create(new SpeechOptions { MaxNumberAcousticGap = 0, MaxConcurrentDecoders = 1 }));
        foreach (var (text, voice) in said)
        {
            var note = await new AudioDecoder(Options.Create(new MediaLimits())).DecodeAsync(await speech.VoiceNoteAsync(text, voice), default);
            var unsupported = await withoutCheck.TranscribeAsync(note, "en", default);
            var heard = await Engine.Value.TranscribeAsync(note, "en", default);
            log.WriteLine($"{voice}: {text} → without the check \"{unsupported}\", with it \"{heard}\"");
            Assert.Contains(unsupported.Split(' '), IsNumber);
            Assert.DoesNotContain(heard.Split(' '), IsNumber);
        }
    }

    private static bool IsNumber(string token) => decimal.TryParse(token, CultureInfo.InvariantCulture, out _);

    [Fact]
    public async Task Same_voice_note_is_heard_the_same_way_every_time_in_a_row_and_between_others()
    {
        // The first note is the one users reported: after other notes a pooled decoder heard "got paid" in it.
        string[] said = ["coffee twelve dollars and fifty cents", "got paid twelve fifty dollars", "netflix fifteen dollars", "uber twenty three dollars yesterday"];
        var notes = new List<DecodedAudio>();
        foreach (var (text, i) in said.Select((t, i) => (t, i)))
            notes.Add(await new AudioDecoder(Options.Create(new MediaLimits())).DecodeAsync(await speech.VoiceNoteAsync(text, SpokenExpenses.Voices[i % 3]), default));

        // What a decoder that has heard nothing before makes of each note.
        var fresh = new List<string>();
        foreach (var note in notes)
        {
            using var unused = new PocketSphinxSpeechToText(Options.Create(new SpeechOptions { MaxConcurrentDecoders = 1 }));
            fresh.Add(await unused.TranscribeAsync(note, "en", default));
        }

        // One pooled decoder: the first note five times in a row, then between each of the others, twice over.
        using var engine = new PocketSphinxSpeechToText(Options.Create(new SpeechOptions { MaxConcurrentDecoders = 1 }));
        int[] order = [0, 0, 0, 0, 0, 1, 0, 2, 0, 3, 0, 3, 2, 1, 0, 1, 0];
        foreach (var i in order)
        {
            var text = await engine.TranscribeAsync(notes[i], "en", default);
            log.WriteLine($"{i}: {text}");
            Assert.Equal(fresh[i], text);
        }
    }

    [Theory]
    [InlineData("mp3")]
    [InlineData("m4a")]
    [InlineData("wav")]
    public async Task Other_audio_formats_are_decoded_too(string format)
    {
        var transcript = await Transcriber().TranscribeAsync(await speech.VoiceNoteAsync("netflix fifteen dollars", "slt", format: format), null, default);
        Assert.True(SpokenExpenses.HasAmount(transcript.Text, "15"), transcript.Text);
    }

    [Fact]
    public async Task Portuguese_voice_note_without_a_whisper_endpoint_is_refused_plainly()
    {
        Assert.False(Transcriber().SupportsLanguage("pt-BR"));
        var note = await speech.VoiceNoteAsync("doze reais", "slt");
        var error = await Assert.ThrowsAsync<MediaRejectedException>(() => Transcriber().TranscribeAsync(note, "pt", default));
        Assert.Equal(MediaRejection.LanguageNotSupported, error.Reason);
        Assert.Contains("English only", error.Message);
    }
}
