using Finance.Testing;

namespace Finance.Host.Tests.Media;

/// <summary>
/// Voice notes and photos made by the test, as tests/Finance.Media.Tests makes them: flite speech
/// encoded to OGG/Opus by ffmpeg (a Telegram voice note), receipts rendered by ImageMagick
/// (Debian's /usr/bin/convert), and a corrupt voice note (other hostile files: <see cref="TestFiles"/>).
/// </summary>
public sealed class MediaFiles : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("finance-host-media-").FullName;

    public async Task<byte[]> VoiceNoteAsync(string text, string voice = "slt")
    {
        var name = Path.Combine(directory, Guid.NewGuid().ToString("N"));
        await Tool.RunAsync("flite", "-voice", voice, "-t", text, "-o", name + ".wav");
        await Tool.RunAsync("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", name + ".wav", "-c:a", "libopus", "-b:a", "24k", name + ".ogg");
        return await File.ReadAllBytesAsync(name + ".ogg");
    }

    public Task<byte[]> ReceiptAsync(params string[] lines) => ReceiptAsync("png", lines);

    /// <summary>A receipt saved as a phone saves a photo: a JPEG.</summary>
    public Task<byte[]> ReceiptJpegAsync(params string[] lines) => ReceiptAsync("jpg", lines);

    private async Task<byte[]> ReceiptAsync(string format, string[] lines)
    {
        var file = Path.Combine(directory, Guid.NewGuid().ToString("N") + "." + format);
        var text = string.Join("\\n", lines.Select(l => l.Length == 0 ? " " : l.Replace("%", "%%")));
        await Tool.RunAsync("/usr/bin/convert", "-background", "white", "-fill", "black", "-font", "DejaVu-Sans-Mono", "-pointsize", "26",
            $"label:{text}", "-alpha", "off", "-depth", "8", "-bordercolor", "white", "-border", "40", "-colorspace", "Gray", file);
        return await File.ReadAllBytesAsync(file);
    }

    /// <summary>An Ogg page header followed by noise: claims to be a voice note, decodes to nothing.</summary>
    public static byte[] CorruptOgg()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        "OggS\0\u0002"u8.CopyTo(bytes);
        return bytes;
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
