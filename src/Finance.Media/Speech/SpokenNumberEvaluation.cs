using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Finance.Media.Audio;

namespace Finance.Media.Speech;

/// <summary>
/// How often real recordings of spoken numbers come out as those numbers, and how fast: the check behind
/// `finance transcribe --eval DIR`. Two layouts are read. Recordings named as in the Free Spoken Digit Dataset,
/// <c>{number}_{speaker}_{index}.wav</c>, keep that set's split: index 0–4 held out, 5–49 for tuning. A CMU AN4 folder
/// (etc/an4_train.transcription, etc/an4_test.transcription, wav/…) keeps AN4's split: its test speakers held out,
/// its training speakers for tuning; of its utterances only those that say numbers are read (see <see cref="Kind"/>).
/// A folder of spoken orders labelled by slot (label.json beside clean/*.wav, as Picovoice's speech-to-intent benchmark
/// keeps its coffee orders) names no speakers: voices.tsv beside it ("file, voice, split" a line;
/// scripts/group-coffee-order-voices.py grouped the recordings by voice) gives each order its voice and part, and without
/// it the only split is "all".
/// </summary>
public static partial class SpokenNumberEvaluation
{
    /// <summary>What a recording says: "digit" one digit (FSDD, Speech Commands); from the coffee orders "ounces" an order
    /// naming its size ("a twelve ounce light roast"), the number expected alone, and "no-number" one that says none;
    /// from AN4 "amount" a whole utterance that reads as one number, as an amount is said ("thirty three", "seven fifty five", "one thousand"), "numbers" one that
    /// reads as several (house numbers said in pairs: "three twenty seven sixty eight"), "digits" a string of digits (zip
    /// codes, phone numbers), "phrase" numbers after a command word ("enter eight ninety seven") and "no-number" a command
    /// without one ("repeat"), which must come out without a number.</summary>
    public sealed record Recording(string File, string Expected, string Speaker, string Kind);

    public sealed record Result(Recording Recording, string Text, bool Correct);

    public sealed record Summary(string Engine, int Recordings, int Correct, double AudioSeconds, double EngineSeconds,
        double EngineCpuSeconds, double DecodeSeconds, IReadOnlyDictionary<string, (int Correct, int Count)> BySpeaker,
        IReadOnlyDictionary<string, (int Correct, int Count)> ByKind)
    {
        public double Accuracy => Recordings == 0 ? 0 : (double)Correct / Recordings;

        /// <summary>Engine time over audio time (ffmpeg's decoding is counted apart, in DecodeSeconds).</summary>
        public double RealTimeFactor => AudioSeconds == 0 ? 0 : EngineSeconds / AudioSeconds;

        /// <summary>This process's CPU time while the engine ran, over audio time: what a loaded machine does not inflate
        /// the way it does wall-clock time (ffmpeg runs as a child process and is not counted).</summary>
        public double CpuRealTimeFactor => AudioSeconds == 0 ? 0 : EngineCpuSeconds / AudioSeconds;
    }

    /// <summary>Recordings of the split ("held-out", "tuning", "all") in directory, in name order.</summary>
    public static IReadOnlyList<Recording> Load(string directory, string split)
    {
        if (split is not ("held-out" or "tuning" or "all"))
            throw new ArgumentException($"Unknown split '{split}' (held-out, tuning, all).", nameof(split));
        if (File.Exists(Path.Combine(directory, "etc", "an4_train.transcription"))) return LoadAn4(directory, split);
        if (File.Exists(Path.Combine(directory, "label.json"))) return LoadOrders(directory, split);
        var recordings = new List<Recording>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.wav").Order(StringComparer.Ordinal))
        {
            var parts = Path.GetFileNameWithoutExtension(file).Split('_');
            if (parts.Length != 3 || !decimal.TryParse(parts[0], CultureInfo.InvariantCulture, out var number)
                || !int.TryParse(parts[2], CultureInfo.InvariantCulture, out var index)) continue;
            if (split == "all" || (split == "held-out") == (index <= 4))
                recordings.Add(new Recording(file, Format(number), parts[1], "digit"));
        }
        return recordings;
    }

    /// <summary>AN4's utterances that say numbers, expected as the engine's own rewriting of the reference words reads
    /// them (<see cref="SpokenAmounts.ToDigits"/>): "seven fifty five" is 7.55 whether a person meant a price or a house
    /// number, so a recording counts as heard when the engine's words read as the same numbers as what was said.</summary>
    private static List<Recording> LoadAn4(string directory, string split)
    {
        var files = Directory.EnumerateFiles(Path.Combine(directory, "wav"), "*.wav", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetFileNameWithoutExtension(f), StringComparer.Ordinal);
        string[] parts = split switch { "held-out" => ["an4_test"], "tuning" => ["an4_train"], _ => ["an4_train", "an4_test"] };
        var recordings = new List<Recording>();
        foreach (var part in parts)
            foreach (var line in File.ReadLines(Path.Combine(directory, "etc", $"{part}.transcription")))
            {
                // "<s> ENTER SIX TWO FOUR </s> (an87-fbbh-b)" in the training list, without the markers in the test list
                var match = An4Line().Match(line);
                if (!match.Success || !files.TryGetValue(match.Groups["id"].Value, out var file)) continue;
                var words = match.Groups["words"].Value.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)
                    .Select(w => w == "oh" ? "zero" : w).ToArray();
                if (KindOf(words) is not { } kind) continue;
                recordings.Add(new Recording(file, NumbersIn(SpokenAmounts.ToDigits(string.Join(' ', words))), match.Groups["id"].Value.Split('-')[1], kind));
            }
        return recordings;
    }

    /// <summary>Orders labelled by slot: { "file.wav": { "intent": …, "slots": { "size": "twelve ounce", … } } }. The slot
    /// values hold the order's only number words (sizes in ounces; shots are "single", "double", "triple"), so a size in
    /// ounces is the number the order says and every other order says none.</summary>
    private static List<Recording> LoadOrders(string directory, string split)
    {
        using var labels = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, "label.json")));
        var voicesFile = Path.Combine(directory, "voices.tsv");
        var voices = File.Exists(voicesFile)
            ? File.ReadLines(voicesFile).Select(l => l.Split('\t')).Where(f => f.Length == 3).ToDictionary(f => f[0], f => (Voice: f[1], Split: f[2]), StringComparer.Ordinal)
            : null;
        if (voices is null && split != "all") return [];
        var recordings = new List<Recording>();
        foreach (var order in labels.RootElement.EnumerateObject().OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            var file = Path.Combine(directory, "clean", order.Name);
            var voice = voices?.GetValueOrDefault(order.Name) ?? ("crowd", "");
            if (!File.Exists(file) || (split != "all" && voice.Split != split)) continue;
            var size = order.Value.TryGetProperty("slots", out var slots) && slots.TryGetProperty("size", out var slot)
                ? slot.GetString()?.Trim().ToLowerInvariant() : null;
            var number = size is not null && size.EndsWith(" ounce", StringComparison.Ordinal) ? NumbersIn(SpokenAmounts.ToDigits(size)) : "";
            recordings.Add(new Recording(file, number, voice.Voice, number.Length > 0 ? "ounces" : "no-number"));
        }
        return recordings;
    }

    private static readonly HashSet<string> Months =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

    // Dates ("march third nineteen twenty eight") are not amounts and spelled letters ("erase c k c w fourteen") are outside
    // any voice note's words. The commands without a number ("yes", "repeat", "stop") must come out without one: "no-number".
    private static string? KindOf(string[] words)
    {
        if (words.Any(w => Months.Contains(w) || w is "first" or "second" or "third" || w.EndsWith("th", StringComparison.Ordinal)
                           || (w.Length == 1 && w != "a"))) return null;
        if (!words.Any(SpokenAmounts.IsNumberWord)) return "no-number";
        if (words.Length >= 2 && words.All(SpokenAmounts.IsDigitWord)) return "digits";
        if (!words.All(w => SpokenAmounts.IsNumberWord(w) || w is "and" or "a")) return "phrase";
        return SpokenAmounts.ToDigits(string.Join(' ', words)).Contains(' ') ? "numbers" : "amount";
    }

    [GeneratedRegex(@"^\s*(?:<s>\s*)?(?<words>.*?)\s*(?:</s>\s*)?\((?<id>[^)\s]+)\)\s*$")]
    private static partial Regex An4Line();

    /// <summary>The numbers a transcript says, in order ("7 dollars" → "7"; "1 5 0 4 4"; "the" → "").</summary>
    public static string NumbersIn(string transcript) => string.Join(' ', transcript.Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(t => decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) ? Format(d) : null)
        .Where(d => d is not null));

    /// <summary>Whether the transcript says the expected numbers and no others ("seven", "7 dollars"; not "7 11" or "the").</summary>
    public static bool Says(string transcript, string expected) => NumbersIn(transcript) == expected;

    // "7.50" and "7.5" are the same amount.
    private static string Format(decimal number) => number.ToString("0.####", CultureInfo.InvariantCulture);

    /// <param name="audioCache">When given, the 16 kHz samples ffmpeg made of each recording are kept there and reused, so
    /// tuning the engine reruns without starting ffmpeg 3,000 times; recordings read from the cache add no decode time.</param>
    public static async Task<Summary> RunAsync(IReadOnlyList<Recording> recordings, AudioDecoder decoder, ISpeechToText engine,
        Action<Result>? each, CancellationToken cancellationToken, string? audioCache = null)
    {
        if (audioCache is not null) Directory.CreateDirectory(audioCache);
        double audioSeconds = 0, engineSeconds = 0, engineCpuSeconds = 0, decodeSeconds = 0;
        using var process = Process.GetCurrentProcess();
        var correct = 0;
        var bySpeaker = new SortedDictionary<string, (int Correct, int Count)>(StringComparer.Ordinal);
        var byKind = new SortedDictionary<string, (int Correct, int Count)>(StringComparer.Ordinal);
        foreach (var recording in recordings)
        {
            var watch = Stopwatch.StartNew();
            var cached = audioCache is null ? null : Path.Combine(audioCache, Path.GetFileNameWithoutExtension(recording.File) + ".s16le");
            DecodedAudio audio;
            if (cached is not null && File.Exists(cached))
                audio = new DecodedAudio(MemoryMarshal.Cast<byte, short>(await File.ReadAllBytesAsync(cached, cancellationToken)).ToArray());
            else
            {
                audio = await decoder.DecodeAsync(await File.ReadAllBytesAsync(recording.File, cancellationToken), cancellationToken);
                decodeSeconds += watch.Elapsed.TotalSeconds;
                if (cached is not null) await File.WriteAllBytesAsync(cached, MemoryMarshal.AsBytes(audio.Samples.AsSpan()).ToArray(), cancellationToken);
            }
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            watch.Restart();
            var text = await engine.TranscribeAsync(audio, "en", cancellationToken);
            engineSeconds += watch.Elapsed.TotalSeconds;
            process.Refresh();
            engineCpuSeconds += (process.TotalProcessorTime - cpu).TotalSeconds;
            audioSeconds += audio.Duration.TotalSeconds;

            var result = new Result(recording, text, Says(text, recording.Expected));
            if (result.Correct) correct++;
            Count(bySpeaker, recording.Speaker, result.Correct);
            Count(byKind, recording.Kind, result.Correct);
            each?.Invoke(result);
        }
        return new Summary(engine.Name, recordings.Count, correct, audioSeconds, engineSeconds, engineCpuSeconds, decodeSeconds, bySpeaker, byKind);
    }

    private static void Count(SortedDictionary<string, (int Correct, int Count)> counts, string key, bool correct)
    {
        var (c, n) = counts.GetValueOrDefault(key);
        counts[key] = (c + (correct ? 1 : 0), n + 1);
    }
}
