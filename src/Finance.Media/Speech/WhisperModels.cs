using System.Security.Cryptography;

namespace Finance.Media.Speech;

/// <summary>
/// The ggml Whisper models `finance models fetch` knows: their public home (the whisper.cpp model
/// repository), size and SHA-256, so a truncated or altered download is never put where the host loads it.
/// Weights: OpenAI Whisper, MIT licence; ggml conversion by the whisper.cpp project (MIT).
/// </summary>
public static class WhisperModels
{
    public sealed record Model(string Name, string FileName, Uri Source, long Bytes, string Sha256);

    private const string Home = "https://huggingface.co/ggerganov/whisper.cpp/resolve/main/";

    public static readonly IReadOnlyList<Model> Known =
    [
        new("whisper-tiny", "ggml-tiny.bin", new(Home + "ggml-tiny.bin"), 77_691_713, "be07e048e1e599ad46341c8d2a135645097a538221678b7acdd1b1919c6e1b21"),
        new("whisper-base", "ggml-base.bin", new(Home + "ggml-base.bin"), 147_951_465, "60ed5bc3dd14eea856493d334349b405782ddcaf0028d4b5df4088345fba2efe"),
        new("whisper-base.en", "ggml-base.en.bin", new(Home + "ggml-base.en.bin"), 147_964_211, "a03779c86df3323075f5e796cb2ce5029f00ec8869eee3fdfb897afe36c6d002"),
    ];

    public static Model? Find(string name) => Known.FirstOrDefault(m => m.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Downloads the model into directory (as a temporary file, renamed only once its SHA-256 matches)
    /// and returns its path. A file already there with the right hash is kept as it is.</summary>
    /// <exception cref="InvalidDataException">The download's size or SHA-256 is not the model's.</exception>
    public static async Task<string> FetchAsync(Model model, string directory, HttpClient http, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var target = Path.Combine(directory, model.FileName);
        if (File.Exists(target) && await Sha256Async(target, cancellationToken) == model.Sha256) return target;

        var partial = target + ".partial";
        try
        {
            using (var response = await http.GetAsync(model.Source, HttpCompletionOption.ResponseHeadersRead, cancellationToken))
            {
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                await using var file = File.Create(partial);
                var buffer = new byte[1 << 16];
                long total = 0;
                for (int read; (read = await body.ReadAsync(buffer, cancellationToken)) > 0;)
                {
                    total += read;
                    if (total > model.Bytes) throw new InvalidDataException($"{model.Source} sent more than the {model.Bytes:N0} bytes {model.Name} has.");
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    progress?.Report(total);
                }
                if (total != model.Bytes) throw new InvalidDataException($"{model.Source} sent {total:N0} bytes; {model.Name} has {model.Bytes:N0}.");
            }
            var hash = await Sha256Async(partial, cancellationToken);
            if (hash != model.Sha256) throw new InvalidDataException($"{model.FileName} has SHA-256 {hash}, not {model.Sha256}: not kept.");
            File.Move(partial, target, overwrite: true);
            return target;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
    }
}
