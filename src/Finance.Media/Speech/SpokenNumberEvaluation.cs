using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Finance.Media.Audio;

namespace Finance.Media.Speech;

/// <summary>
/// How often real recordings of a spoken number come out as that number, and how fast: the check behind
/// `finance transcribe --eval DIR`. Recordings are named as in the Free Spoken Digit Dataset,
/// <c>{number}_{speaker}_{index}.wav</c>; that set's own split is kept: index 0–4 held out, 5–49 for tuning.
/// </summary>
public static class SpokenNumberEvaluation
{
    public sealed record Recording(string File, decimal Number, string Speaker, int Index);

    public sealed record Result(Recording Recording, string Text, bool Correct);

    public sealed record Summary(string Engine, int Recordings, int Correct, double AudioSeconds, double EngineSeconds,
        double EngineCpuSeconds, double DecodeSeconds, IReadOnlyDictionary<string, (int Correct, int Count)> BySpeaker)
    {
        public double Accuracy => Recordings == 0 ? 0 : (double)Correct / Recordings;

        /// <summary>Engine time over audio time (ffmpeg's decoding is counted apart, in DecodeSeconds).</summary>
        public double RealTimeFactor => AudioSeconds == 0 ? 0 : EngineSeconds / AudioSeconds;

        /// <summary>This process's CPU time while the engine ran, over audio time: what a loaded machine does not inflate
        /// the way it does wall-clock time (ffmpeg runs as a child process and is not counted).</summary>
        public double CpuRealTimeFactor => AudioSeconds == 0 ? 0 : EngineCpuSeconds / AudioSeconds;
    }

    /// <summary>Recordings of the split ("held-out": index 0–4, "tuning": 5 and up, "all") in directory, in name order.</summary>
    public static IReadOnlyList<Recording> Load(string directory, string split)
    {
        var recordings = new List<Recording>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.wav").Order(StringComparer.Ordinal))
        {
            var parts = Path.GetFileNameWithoutExtension(file).Split('_');
            if (parts.Length != 3 || !decimal.TryParse(parts[0], CultureInfo.InvariantCulture, out var number)
                || !int.TryParse(parts[2], CultureInfo.InvariantCulture, out var index)) continue;
            var wanted = split switch
            {
                "held-out" => index <= 4,
                "tuning" => index >= 5,
                "all" => true,
                _ => throw new ArgumentException($"Unknown split '{split}' (held-out, tuning, all).", nameof(split)),
            };
            if (wanted) recordings.Add(new Recording(file, number, parts[1], index));
        }
        return recordings;
    }

    /// <summary>Whether the transcript says the number and no other ("seven", "7 dollars"; not "7 11" or "the").</summary>
    public static bool Says(string transcript, decimal number)
    {
        var numbers = transcript.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) ? d : (decimal?)null)
            .Where(d => d is not null)
            .ToList();
        return numbers.Count == 1 && numbers[0] == number;
    }

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

            var result = new Result(recording, text, Says(text, recording.Number));
            if (result.Correct) correct++;
            var (c, n) = bySpeaker.GetValueOrDefault(recording.Speaker);
            bySpeaker[recording.Speaker] = (c + (result.Correct ? 1 : 0), n + 1);
            each?.Invoke(result);
        }
        return new Summary(engine.Name, recordings.Count, correct, audioSeconds, engineSeconds, engineCpuSeconds, decodeSeconds, bySpeaker);
    }
}
