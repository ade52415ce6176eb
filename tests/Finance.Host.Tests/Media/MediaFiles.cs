using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;

namespace Finance.Host.Tests.Media;

/// <summary>
/// Voice notes and photos made by the test, as tests/Finance.Media.Tests makes them: flite speech
/// encoded to OGG/Opus by ffmpeg (a Telegram voice note), receipts rendered by ImageMagick
/// (Debian's /usr/bin/convert), and hostile files built byte by byte.
/// </summary>
public sealed class MediaFiles : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("finance-host-media-").FullName;

    public async Task<byte[]> VoiceNoteAsync(string text, string voice = "slt")
    {
        var name = Path.Combine(directory, Guid.NewGuid().ToString("N"));
        await RunAsync("flite", "-voice", voice, "-t", text, "-o", name + ".wav");
        await RunAsync("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", name + ".wav", "-c:a", "libopus", "-b:a", "24k", name + ".ogg");
        return await File.ReadAllBytesAsync(name + ".ogg");
    }

    public async Task<byte[]> ReceiptAsync(params string[] lines)
    {
        var file = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".png");
        var text = string.Join("\\n", lines.Select(l => l.Length == 0 ? " " : l.Replace("%", "%%")));
        await RunAsync("/usr/bin/convert", "-background", "white", "-fill", "black", "-font", "DejaVu-Sans-Mono", "-pointsize", "26",
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

    /// <summary>A valid 1-bit PNG that declares width × height: a few hundred kilobytes that would inflate to gigabytes of pixels.</summary>
    public static byte[] PngBomb(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 1; // bit depth 1, gray, no interlace
        Chunk(png, "IHDR", header);
        using var pixels = new MemoryStream();
        using (var z = new ZLibStream(pixels, CompressionLevel.Fastest, leaveOpen: true))
        {
            var row = new byte[1 + (width + 7) / 8];
            for (var y = 0; y < height; y++) z.Write(row);
        }
        Chunk(png, "IDAT", pixels.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    public static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        s.Write(length);
        var body = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        s.Write(body);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(body));
        s.Write(crc);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} failed: {await errors}");
    }
}
