using Finance.Media.Speech;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Cli;

/// <summary>`finance transcribe [--language LANG] FILE…`: one JSON object per audio file, {"file":…,"text":…}.
/// With Finance__Speech__Endpoint set, a Whisper server answers; otherwise the offline English engine.</summary>
internal static class TranscribeCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        string? language = null;
        var files = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--language" or "-l" && i + 1 < args.Length) language = args[++i];
            else files.Add(args[i]);
        }
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
}
