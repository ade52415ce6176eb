using Finance.Testing;
using System.Globalization;

namespace Finance.Media.Tests.Speech;

/// <summary>
/// Voice notes made by the test itself: flite's voices (espeak-ng is too robotic for recognizers),
/// clean and with white noise mixed in by sox, encoded to OGG/Opus like a Telegram voice note. sox runs
/// with -R (a fixed seed for its noise and dither), so every run hears the same audio: with fresh noise
/// each run, the noisy-amounts test came out anywhere from 8 to 10 of 12.
/// </summary>
public sealed class SpokenExpenses : IDisposable
{
    public static readonly string[] Voices = ["slt", "rms", "kal16"];

    /// <summary>What is said, and the amount a transcript must carry.</summary>
    public static readonly (string Text, string Amount)[] Sentences =
    [
        ("I spent forty five dollars at walmart", "45"),
        ("lunch twelve dollars and fifty cents", "12.50"),
        ("paid one hundred twenty dollars for groceries", "120"),
        ("coffee at starbucks three dollars seventy five", "3.75"),
        ("netflix fifteen dollars", "15"),
        ("uber twenty three dollars yesterday", "23"),
        ("spent two thousand five hundred reais on rent", "2500"),
        ("dinner at the restaurant sixty eight euros", "68"),
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("finance-speech-").FullName;

    /// <summary>An OGG/Opus voice note; noise is the white-noise amplitude relative to full scale (0 = clean). Format "telephone"
    /// is an 8 kHz WAV, what a phone line or an AMR voice message carries. silenceAfter: seconds of silence after the words.</summary>
    public async Task<byte[]> VoiceNoteAsync(string text, string voice, double noise = 0, string format = "ogg", int silenceAfter = 0)
    {
        var name = Path.Combine(_directory, $"{voice}-{noise:0.###}-{silenceAfter}-{Math.Abs(text.GetHashCode())}");
        var wav = name + ".wav";
        await Tool.RunAsync("flite", "-voice", voice, "-t", text, "-o", wav);
        if (noise > 0)
        {
            var seconds = (await Tool.RunAsync("soxi", "-D", wav)).Trim();
            await Tool.RunAsync("sox", "-R", "-n", "-r", "16000", "-c", "1", name + "-noise.wav", "synth", seconds, "whitenoise", "vol",
                noise.ToString(CultureInfo.InvariantCulture));
            await Tool.RunAsync("sox", "-R", "-m", wav, name + "-noise.wav", name + "-noisy.wav");
            wav = name + "-noisy.wav";
        }
        if (silenceAfter > 0)
        {
            await Tool.RunAsync("sox", wav, name + "-padded.wav", "pad", "0", silenceAfter.ToString(CultureInfo.InvariantCulture));
            wav = name + "-padded.wav";
        }
        if (format == "wav") return await File.ReadAllBytesAsync(wav);
        var encoded = $"{name}.{format}";
        string[] codec = format switch { "ogg" => ["-c:a", "libopus", "-b:a", "24k"], "mp3" => ["-c:a", "libmp3lame"], "m4a" => ["-c:a", "aac"], "telephone" => ["-ar", "8000", "-f", "wav"], _ => [] };
        await Tool.RunAsync("ffmpeg", ["-nostdin", "-loglevel", "error", "-y", "-i", wav, .. codec, encoded]);
        return await File.ReadAllBytesAsync(encoded);
    }

    /// <summary>Whether the transcript carries the amount as a token ("45", "12.50").</summary>
    public static bool HasAmount(string transcript, string amount) =>
        transcript.Split(' ').Any(t => decimal.TryParse(t, CultureInfo.InvariantCulture, out var d) && d == decimal.Parse(amount, CultureInfo.InvariantCulture));

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
