using Finance.Media.Audio;
using Finance.Media.Speech;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Finance.Media.Tests.Speech;

/// <summary>Where the real recordings are: FINANCE_SPEECH_DATA, or .run/speech-data as scripts/fetch-speech-data.sh leaves them.</summary>
internal static class RealSpeech
{
    public const string FsddSet = "fsdd";
    public const string SpeechCommandsSet = "speech-commands";
    public const string An4Set = "an4";

    public static string? Fsdd { get; } = Find(FsddSet);

    public static string? SpeechCommands { get; } = Find(SpeechCommandsSet);

    public static string? Find(string set)
    {
        var root = Environment.GetEnvironmentVariable("FINANCE_SPEECH_DATA") is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepositoryPaths.Root, ".run", "speech-data");
        var directory = Path.Combine(root, set);
        return Directory.Exists(directory) && Directory.EnumerateFiles(directory, "*.wav", SearchOption.AllDirectories).Any() ? directory : null;
    }
}

/// <summary>Runs only where the set of real recordings was fetched; says so when it is skipped.</summary>
public sealed class RealSpeechFactAttribute : FactAttribute
{
    public RealSpeechFactAttribute(string set = RealSpeech.FsddSet)
    {
        if (RealSpeech.Find(set) is null)
            Skip = $"Real recordings absent: run scripts/fetch-speech-data.sh (or set FINANCE_SPEECH_DATA) to measure on {set}.";
    }
}

/// <summary>Real people saying one number each (FSDD's held-out recordings 0–4), through the real ffmpeg and pocketsphinx.</summary>
public sealed class RealSpokenNumbersTests(ITestOutputHelper log)
{
    [RealSpeechFact]
    public async Task Real_people_saying_one_number_are_mostly_heard_right()
    {
        var summary = await HearAsync(RealSpeech.Fsdd!, "held-out", 300);
        // Measured 264/300 (88 %; 263 since the 16 kHz search change, which a few clips near the 8 kHz threshold reach; 259
        // since "oh" joined the digit strings of the language model) with
        // the clips padded with 50 ms of silence and -ds 2 for 8 kHz, tuned on recordings
        // 5–49 (250/300 before; 201/300 with the wideband model, about 30 % before bare numbers were in the language
        // model); the floor is the 85 % target: a model or decoder change that falls below it fails here.
        Assert.True(summary.Correct >= 255, $"{summary.Correct}/{summary.Recordings} heard right");
    }

    [RealSpeechFact(RealSpeech.SpeechCommandsSet)]
    public async Task Real_people_saying_one_digit_at_16_khz_are_mostly_heard_right()
    {
        var summary = await HearAsync(RealSpeech.SpeechCommands!, "all", 100);
        // 22 people, none tuned on (Speech Commands sample, 16 kHz, wideband decoder): measured 72/100 with the flat-pass
        // search; the floor catches a model or search change that loses ground on real wideband voices.
        Assert.True(summary.Correct >= 66, $"{summary.Correct}/{summary.Recordings} heard right");
    }

    [RealSpeechFact(RealSpeech.An4Set)]
    public async Task Real_people_saying_amounts_and_digit_strings_at_16_khz_are_mostly_heard_right()
    {
        var summary = await HearAsync(RealSpeech.Find(RealSpeech.An4Set)!, "held-out", 51);
        // AN4's ten test speakers, never tuned on (the digit strings in the language model were chosen on its 74 training
        // speakers): measured 32/51 — amounts 5/6, numbers in pairs 3/4, digit strings 16/20, numbers after a command
        // word outside the vocabulary 5/15 (27 of these 45 before "oh" for zero was in the model), and 3 of the 6
        // commands without a number ("yes", "stop") came out without one. The floor catches a model or search change
        // that loses ground.
        Assert.True(summary.Correct >= 28, $"{summary.Correct}/{summary.Recordings} heard right");
    }

    /// <summary>The engine the host uses by default on every recording of the split; the misses go to the test log.</summary>
    private async Task<SpokenNumberEvaluation.Summary> HearAsync(string directory, string split, int expectedCount)
    {
        var recordings = SpokenNumberEvaluation.Load(directory, split);
        Assert.Equal(expectedCount, recordings.Count);
        using var engine = new PocketSphinxSpeechToText(Options.Create(new SpeechOptions()));
        var summary = await SpokenNumberEvaluation.RunAsync(recordings, new AudioDecoder(Options.Create(new MediaLimits())), engine,
            r => { if (!r.Correct) log.WriteLine($"{Path.GetFileName(r.Recording.File)} → \"{r.Text}\""); }, default);
        log.WriteLine($"{summary.Correct}/{summary.Recordings} heard right");
        return summary;
    }

    [Theory]
    [InlineData("7", "7", true)]
    [InlineData("7 dollars", "7", true)]
    [InlineData("the", "7", false)]
    [InlineData("7 11", "7", false)]
    [InlineData("70", "7", false)]
    [InlineData("7.50 dollars", "7.5", true)]
    [InlineData("1 5 0 4 4", "1 5 0 4 4", true)]
    [InlineData("1 5 4 4", "1 5 0 4 4", false)]
    [InlineData("yes", "", true)]
    [InlineData("8 yes", "", false)]
    public void A_recording_counts_as_heard_when_the_transcript_says_those_numbers_and_no_other(string transcript, string expected, bool heard) =>
        Assert.Equal(heard, SpokenNumberEvaluation.Says(transcript, expected));

    [Fact]
    public void An_an4_folder_gives_the_utterances_that_say_numbers_split_as_an4_splits_its_speakers()
    {
        var folder = Directory.CreateTempSubdirectory("finance-an4-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "etc"));
            File.WriteAllLines(Path.Combine(folder, "etc", "an4_train.transcription"),
            [
                "<s> SEVEN FIFTY FIVE </s> (cen3-fash-b)",
                "<s> ONE FIVE OH FOUR FOUR </s> (cen6-fash-b)",
                "<s> ENTER EIGHT NINETY SEVEN </s> (an87-fash-b)",
                "<s> THREE TWENTY SEVEN SIXTY EIGHT </s> (cen7-fash-b)",
                "<s> ERASE C K C W FOURTEEN </s> (an88-fash-b)",
                "<s> MARCH THIRD NINETEEN TWENTY EIGHT </s> (cen8-fash-b)",
                "<s> H O W E L L </s> (cen1-fash-b)",
                "<s> REPEAT </s> (an90-fash-b)",
                "<s> ONE THOUSAND </s> (cen9-fash-b)", // no recording of it
            ]);
            File.WriteAllLines(Path.Combine(folder, "etc", "an4_test.transcription"), ["", "NINETEEN (cen3-fjlp-b)"]);
            foreach (var ids in (string[][])[["fash", "cen3", "cen6", "an87", "cen7", "an88", "cen8", "cen1", "an90"], ["fjlp", "cen3"]])
            {
                var speaker = ids[0];
                var directory = Directory.CreateDirectory(Path.Combine(folder, "wav", speaker == "fjlp" ? "an4test_clstk" : "an4_clstk", speaker)).FullName;
                foreach (var id in ids.Skip(1)) File.WriteAllBytes(Path.Combine(directory, $"{id}-{speaker}-b.wav"), new DecodedAudio(new short[160]).ToWav());
            }

            var tuning = SpokenNumberEvaluation.Load(folder, "tuning");
            Assert.Equal([("7.55", "amount"), ("1 5 0 4 4", "digits"), ("8.97", "phrase"), ("3.27 68", "numbers"), ("", "no-number")],
                tuning.Select(r => (r.Expected, r.Kind)));
            Assert.All(tuning, r => Assert.Equal("fash", r.Speaker));
            var heldOut = Assert.Single(SpokenNumberEvaluation.Load(folder, "held-out"));
            Assert.Equal(("19", "fjlp"), (heldOut.Expected, heldOut.Speaker));
            Assert.EndsWith("cen3-fjlp-b.wav", heldOut.File);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_folder_of_orders_labelled_by_slot_expects_the_size_in_ounces_and_no_number_otherwise_split_by_the_voices_grouped()
    {
        var folder = Directory.CreateTempSubdirectory("finance-orders-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "label.json"), """
                {
                  "b.wav": { "intent": "orderDrink", "slots": { "coffeeDrink": "latte", "numberOfShots": "double shot" } },
                  "a.wav": { "intent": "orderDrink", "slots": { "coffeeDrink": "mocha", "size": "Sixteen ounce " } },
                  "c.wav": { "intent": "orderDrink", "slots": { "size": "large" } },
                  "missing.wav": { "intent": "orderDrink", "slots": { "size": "eight ounce" } }
                }
                """);
            Directory.CreateDirectory(Path.Combine(folder, "clean"));
            foreach (var name in (string[])["a", "b", "c"])
                File.WriteAllBytes(Path.Combine(folder, "clean", $"{name}.wav"), new DecodedAudio(new short[160]).ToWav());

            var orders = SpokenNumberEvaluation.Load(folder, "all");

            Assert.Equal([("a.wav", "16", "ounces"), ("b.wav", "", "no-number"), ("c.wav", "", "no-number")],
                orders.Select(r => (Path.GetFileName(r.File), r.Expected, r.Kind)));
            // No speaker ids to split by: without the voices grouped, nothing is tuned on, so there is nothing to hold out from.
            Assert.Empty(SpokenNumberEvaluation.Load(folder, "tuning"));
            Assert.Empty(SpokenNumberEvaluation.Load(folder, "held-out"));

            File.WriteAllLines(Path.Combine(folder, "voices.tsv"), ["a.wav\tv01\ttuning", "b.wav\tv02\theld-out", "c.wav\tv01\ttuning"]);
            Assert.Equal([("a.wav", "v01"), ("c.wav", "v01")],
                SpokenNumberEvaluation.Load(folder, "tuning").Select(r => (Path.GetFileName(r.File), r.Speaker)));
            Assert.Equal([("b.wav", "v02")], SpokenNumberEvaluation.Load(folder, "held-out").Select(r => (Path.GetFileName(r.File), r.Speaker)));
            Assert.Equal(3, SpokenNumberEvaluation.Load(folder, "all").Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task The_evaluation_reads_audio_from_its_cache_once_decoded()
    {
        var folder = Directory.CreateTempSubdirectory("finance-speech-eval-").FullName;
        try
        {
            var file = Path.Combine(folder, "7_tone_5.wav");
            var tone = Enumerable.Range(0, DecodedAudio.SampleRate / 2).Select(i => (short)(3000 * Math.Sin(i * 0.1))).ToArray();
            await File.WriteAllBytesAsync(file, new DecodedAudio(tone).ToWav());
            var recordings = SpokenNumberEvaluation.Load(folder, "tuning");
            var engine = new HeardSamples();
            var cache = Path.Combine(folder, "cache");
            var decoder = new AudioDecoder(Options.Create(new MediaLimits()));

            await SpokenNumberEvaluation.RunAsync(recordings, decoder, engine, null, default, cache);
            await File.WriteAllBytesAsync(file, "not audio any more"u8.ToArray()); // ffmpeg would refuse it now
            var second = await SpokenNumberEvaluation.RunAsync(recordings, decoder, engine, null, default, cache);

            Assert.Equal(2, engine.Heard.Count);
            Assert.Equal(engine.Heard[0], engine.Heard[1]);
            Assert.Equal(tone.Length, engine.Heard[1].Length);
            Assert.Equal(0, second.DecodeSeconds);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Keeps the samples it was given; says seven.</summary>
    private sealed class HeardSamples : ISpeechToText
    {
        public List<short[]> Heard { get; } = [];
        public string Name => "samples";
        public bool SupportsLanguage(string? language) => true;

        public Task<string> TranscribeAsync(DecodedAudio audio, string? language, CancellationToken cancellationToken)
        {
            Heard.Add(audio.Samples);
            return Task.FromResult("7");
        }
    }
}
