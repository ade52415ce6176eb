using Finance.Media.Audio;
using Finance.Media.Speech;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Cli;

/// <summary>`finance transcribe [--language LANG] FILE…`: one JSON object per audio file, {"file":…,"text":…};
/// `finance transcribe --eval DIR [--split held-out|tuning|all] [--audio-cache DIR] [--verbose]`: accuracy on labelled
/// recordings; the audio cache keeps ffmpeg's output so reruns while tuning the engine skip decoding.
/// With Finance__Speech__Endpoint set, a Whisper server answers; otherwise the offline English engine.</summary>
internal static class TranscribeCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        string? language = null, eval = null, split = "held-out", audioCache = null;
        var verbose = false;
        var files = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--language" or "-l" && i + 1 < args.Length) language = args[++i];
            else if (args[i] == "--eval" && i + 1 < args.Length) eval = args[++i];
            else if (args[i] == "--split" && i + 1 < args.Length) split = args[++i];
            else if (args[i] == "--audio-cache" && i + 1 < args.Length) audioCache = args[++i];
            else if (args[i] == "--verbose") verbose = true;
            else files.Add(args[i]);
        }
        if (eval is not null) return await EvaluateAsync(eval, split, audioCache, verbose, cancellationToken);
        if (files.Count == 0)
        {
            Console.Error.WriteLine("usage: finance transcribe [--language en|pt] FILE…");
            return 2;
        }
        await using var services = MediaCommandLine.Services();
        var transcriber = services.GetRequiredService<SpeechTranscriber>();
        var failed = 0;
        foreach (var file in files)
        {
            try
            {
                var transcript = await transcriber.TranscribeAsync(await File.ReadAllBytesAsync(file, cancellationToken), language, cancellationToken);
                MediaCommandLine.WriteLine(new { file, text = transcript.Text, engine = transcript.Engine, seconds = Math.Round(transcript.Duration.TotalSeconds, 2) });
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                MediaCommandLine.WriteLine(MediaCommandLine.Failure(file, e));
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }

    /// <summary>`--eval DIR`: spoken-number accuracy and real-time factor of the engine the host would use, on
    /// labelled real recordings (scripts/fetch-speech-data.sh brings the Free Spoken Digit Dataset, Speech Commands and AN4).</summary>
    private static async Task<int> EvaluateAsync(string directory, string split, string? audioCache, bool verbose, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            Console.Error.WriteLine($"{directory} does not exist; scripts/fetch-speech-data.sh fetches the recordings.");
            return 2;
        }
        var recordings = SpokenNumberEvaluation.Load(directory, split);
        if (recordings.Count == 0)
        {
            Console.Error.WriteLine($"No recordings named NUMBER_SPEAKER_INDEX.wav, nor an AN4 folder, in {directory} for split {split}.");
            return 2;
        }
        await using var services = MediaCommandLine.Services();
        var engine = services.GetRequiredService<IEnumerable<ISpeechToText>>().First(e => e.SupportsLanguage("en"));
        var decoder = services.GetRequiredService<AudioDecoder>();
        await engine.TranscribeAsync(await decoder.DecodeAsync(await File.ReadAllBytesAsync(recordings[0].File, cancellationToken), cancellationToken), "en", cancellationToken); // load the models once, outside the timing
        var summary = await SpokenNumberEvaluation.RunAsync(recordings, decoder, engine,
            verbose ? r => MediaCommandLine.WriteLine(new { file = Path.GetFileName(r.Recording.File), expected = r.Recording.Expected, kind = r.Recording.Kind, text = r.Text, correct = r.Correct }) : null,
            cancellationToken, audioCache);
        MediaCommandLine.WriteLine(new
        {
            eval = Path.GetFullPath(directory),
            split,
            engine = summary.Engine,
            recordings = summary.Recordings,
            correct = summary.Correct,
            accuracy = Math.Round(summary.Accuracy, 4),
            realTimeFactor = Math.Round(summary.RealTimeFactor, 4),
            cpuRealTimeFactor = Math.Round(summary.CpuRealTimeFactor, 4),
            audioSeconds = Math.Round(summary.AudioSeconds, 1),
            decodeMsPerFile = Math.Round(summary.DecodeSeconds * 1000 / summary.Recordings, 1),
            byKind = summary.ByKind.ToDictionary(kv => kv.Key, kv => $"{kv.Value.Correct}/{kv.Value.Count}"),
            bySpeaker = summary.BySpeaker.ToDictionary(kv => kv.Key, kv => $"{kv.Value.Correct}/{kv.Value.Count}"),
        });
        return 0;
    }
}
