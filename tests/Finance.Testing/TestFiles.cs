using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Finance.Testing;

/// <summary>Files built byte by byte for tests: real small images, and hostile ones.</summary>
public static class TestFiles
{
    /// <summary>A valid 1-bit grey PNG that declares width × height and inflates to width·height/8 bytes of
    /// zeros: a few hundred kilobytes that would decode to gigabytes of pixels.</summary>
    public static byte[] BombPng(int width, int height) => Png(width, height, bitDepth: 1, colourType: 0, rows =>
    {
        var row = new byte[1 + (width + 7) / 8];
        for (var y = 0; y < height; y++) rows.Write(row);
    });

    /// <summary>A small RGB PNG (a grey card with a dark bar), enough to be a real image upload.</summary>
    public static byte[] TinyPng(int width = 48, int height = 32) => Png(width, height, bitDepth: 8, colourType: 2, rows =>
    {
        for (var y = 0; y < height; y++)
        {
            rows.WriteByte(0); // filter: none
            for (var x = 0; x < width; x++)
            {
                var shade = y is > 12 and < 18 && x is > 6 and < 42 ? (byte)30 : (byte)230;
                rows.Write([shade, shade, shade]);
            }
        }
    });

    /// <summary>Noise with no header of any format (a seed keeps it the same every run).</summary>
    public static byte[] RandomBytes(int length, int seed = 11)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A real FLAC file of three hours of silence in about 40 KB (large frames of one constant value):
    /// small enough to pass every size check, it decodes to hours of audio.</summary>
    public static async Task<byte[]> HoursOfSilenceAsync(string directory)
    {
        var file = Path.Combine(directory, $"silence-{Guid.NewGuid():N}.flac");
        await Tool.RunAsync("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono",
            "-t", "10800", "-c:a", "flac", "-compression_level", "0", "-frame_size", "32768", file);
        return await File.ReadAllBytesAsync(file);
    }

    /// <summary>A stand-in for ffmpeg that never finishes: it writes its pid to <c>{path}.pid</c> and sleeps, as a
    /// decoder stuck on a hostile file or a stalled input would. Returns the program's path.</summary>
    public static string HangingDecoder(string directory)
    {
        var path = Path.Combine(directory, "hanging-ffmpeg");
        File.WriteAllText(path, "#!/bin/sh\necho $$ > \"$0.pid\"\nexec sleep 3600\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>Whether the process with this pid is gone (or a zombie waiting to be reaped: it runs no more).</summary>
    public static bool ProcessEnded(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        try
        {
            return !File.Exists(stat) || File.ReadAllText(stat).Split(") ", 2)[1].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    public static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();

    private static byte[] Png(int width, int height, byte bitDepth, byte colourType, Action<Stream> writeRows)
    {
        using var pixels = new MemoryStream();
        using (var zlib = new ZLibStream(pixels, CompressionLevel.SmallestSize, leaveOpen: true)) writeRows(zlib);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = bitDepth;
        header[9] = colourType; // no interlace

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", pixels.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typed));
        png.Write(number);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
