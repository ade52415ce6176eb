using System.Buffers.Binary;
using System.IO.Compression;

namespace Finance.Media.Tests.Images;

/// <summary>Hostile images made in the test.</summary>
internal static class Bombs
{
    /// <summary>A valid 1-bit PNG that declares width × height and inflates to width·height/8 bytes of zeros.</summary>
    public static byte[] Png(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 1; // bit depth; colour type 0 (gray), no interlace
        Chunk(png, "IHDR", header);
        using var pixels = new MemoryStream();
        using (var z = new ZLibStream(pixels, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[1 + (width + 7) / 8];
            for (var y = 0; y < height; y++) z.Write(row);
        }
        Chunk(png, "IDAT", pixels.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

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

    public static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();
}
