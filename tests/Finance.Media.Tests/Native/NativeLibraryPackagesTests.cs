using Finance.Media;
using Finance.Media.Audio;
using Finance.Media.Ocr;
using Finance.Media.Speech;
using Finance.Testing;
using Microsoft.Extensions.Options;

namespace Finance.Media.Tests.Native;

/// <summary>The sonames the code P/Invokes are checked from the source (DebianPackageListTests); what they load in
/// turn is only seen at run time. This runs Tesseract (with leptonica), PP-OCR (ONNX Runtime, when its models were fetched)
/// and pocketsphinx, reads the system's shared
/// libraries mapped into the process, and asks scripts/check-debian-packages.sh whether a listed package brings each.</summary>
public sealed class NativeLibraryPackagesTests
{
    [Fact]
    public async Task Every_shared_library_the_media_engines_load_comes_from_a_listed_package()
    {
        var paddleModels = Path.Combine(PostgresServer.RepositoryRoot(), "models", "ocr");
        using (var ocr = new TesseractOcrEngine(Options.Create(new OcrOptions { PaddleModelDirectory = paddleModels }), Options.Create(new MediaLimits())))
        {
            await ocr.RecognizeAsync(TestFiles.TinyPng(), OcrPass.Quick, CancellationToken.None);
            await ocr.RecognizeAsync(TestFiles.TinyPng(), OcrPass.Thorough, CancellationToken.None);
        }
        using (var speech = new PocketSphinxSpeechToText(Options.Create(new SpeechOptions())))
            await speech.TranscribeAsync(new DecodedAudio(new short[DecodedAudio.SampleRate / 2]), "en", CancellationToken.None);
        var loaded = SharedLibraries().Order().ToArray();

        Assert.Contains(loaded, path => path.Contains("libtesseract.so.5"));
        Assert.Contains(loaded, path => path.Contains("libpocketsphinx.so.3"));
        var check = Path.Combine(PostgresServer.RepositoryRoot(), "scripts", "check-debian-packages.sh");
        var list = Path.Combine(PostgresServer.RepositoryRoot(), "scripts", "debian-packages.txt");
        var (exitCode, output, errors) = await Tool.ExecuteAsync("bash", [check, list, .. loaded]);
        Assert.True(exitCode == 0, errors);
        Assert.Contains("loaded ", output);
    }

    /// <summary>Shared libraries of the system mapped into this process: not NuGet's native assets (they live beside the
    /// tests), nor the .NET runtime's own (the SDK is what a fresh machine brings).</summary>
    private static HashSet<string> SharedLibraries()
    {
        var dotnetRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        return File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && fields[5].Contains(".so"))
            .Select(fields => fields[5])
            .Where(path => (path.StartsWith("/usr/") || path.StartsWith("/lib")) && !path.StartsWith(dotnetRoot))
            .ToHashSet();
    }
}
