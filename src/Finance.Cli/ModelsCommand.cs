using Finance.Media.Speech;

namespace Finance.Cli;

/// <summary>`finance models fetch whisper-base [--dir DIR]`: downloads a ggml Whisper model from its public home on a
/// machine with internet, checks its size and SHA-256, and puts it in models/speech, where the host looks for one.</summary>
internal static class ModelsCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var name = args.Length >= 2 && args[0] == "fetch" ? args[1] : null;
        var model = name is null ? null : WhisperModels.Find(name);
        if (model is null)
        {
            Console.Error.WriteLine($"usage: finance models fetch {string.Join('|', WhisperModels.Known.Select(m => m.Name))} [--dir DIR]");
            return 2;
        }
        var dir = args.SkipWhile(a => a != "--dir").Skip(1).FirstOrDefault() ?? DefaultDirectory();
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var lastReported = 0L;
        var progress = new Progress<long>(bytes =>
        {
            if (bytes - lastReported < 16 << 20 && bytes != model.Bytes) return;
            lastReported = bytes;
            Console.Error.Write($"\r{model.FileName}: {bytes * 100 / model.Bytes}%");
        });
        try
        {
            var path = await WhisperModels.FetchAsync(model, dir, http, progress, cancellationToken);
            Console.Error.WriteLine();
            Console.WriteLine(path);
            Console.Error.WriteLine($"SHA-256 verified. scripts/start.sh uses it; elsewhere set Finance__Speech__WhisperModelPath={path}");
            return 0;
        }
        catch (Exception e) when (e is HttpRequestException or InvalidDataException or IOException)
        {
            Console.Error.WriteLine();
            Console.Error.WriteLine($"{model.Name} not fetched: {e.Message}");
            return 1;
        }
    }

    // From the repository (scripts/start.sh runs there), models/speech; otherwise beside the binaries.
    private static string DefaultDirectory() =>
        Directory.Exists(Path.Combine("models", "speech")) ? Path.GetFullPath(Path.Combine("models", "speech"))
            : Path.Combine(AppContext.BaseDirectory, "models", "speech");
}
