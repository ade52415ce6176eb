using System.Buffers.Binary;

namespace Finance.Media.Images;

public enum ImageFormat { Png, Jpeg, Gif, WebP, Tiff, Bmp }

/// <summary>
/// The format and dimensions an image declares in its header, read without decoding a pixel, so a
/// 30,000 × 30,000 PNG (a few kilobytes that would inflate to gigabytes) is refused cheaply.
/// </summary>
public sealed record ImageHeader(ImageFormat Format, int Width, int Height)
{
    public long Pixels => (long)Width * Height;

    /// <summary>Reads the header or throws <see cref="MediaRejectedException"/> saying why it cannot.</summary>
    public static ImageHeader Read(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) throw new MediaRejectedException(MediaRejection.Empty, "The image file is empty.");
        var format = Sniff(data) ?? throw new MediaRejectedException(MediaRejection.NotAnImage, DescribeNonImage(data));
        var size = format switch
        {
            ImageFormat.Png => Png(data),
            ImageFormat.Jpeg => Jpeg(data),
            ImageFormat.Gif => data.Length >= 10 ? (BinaryPrimitives.ReadUInt16LittleEndian(data[6..]), BinaryPrimitives.ReadUInt16LittleEndian(data[8..])) : null,
            ImageFormat.WebP => WebP(data),
            ImageFormat.Tiff => Tiff(data),
            ImageFormat.Bmp => data.Length >= 26 ? (BinaryPrimitives.ReadInt32LittleEndian(data[18..]), Math.Abs(BinaryPrimitives.ReadInt32LittleEndian(data[22..]))) : null,
            _ => null,
        };
        if (size is not var (width, height) || width <= 0 || height <= 0)
            throw new MediaRejectedException(MediaRejection.Unreadable, $"The {format} image has a damaged header.");
        return new ImageHeader(format, width, height);
    }

    private static ImageFormat? Sniff(ReadOnlySpan<byte> d) => d switch
    {
        [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => ImageFormat.Png,
        [0xFF, 0xD8, 0xFF, ..] => ImageFormat.Jpeg,
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => ImageFormat.Gif,
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => ImageFormat.WebP,
        [(byte)'I', (byte)'I', 42, 0, ..] or [(byte)'M', (byte)'M', 0, 42, ..] => ImageFormat.Tiff,
        [(byte)'B', (byte)'M', ..] when d.Length >= 26 => ImageFormat.Bmp,
        _ => null,
    };

    private static string DescribeNonImage(ReadOnlySpan<byte> d) => d switch
    {
        [(byte)'%', (byte)'P', (byte)'D', (byte)'F', ..] => "That is a PDF document, not a photo. Please send a picture of the receipt.",
        [(byte)'P', (byte)'K', 3, 4, ..] => "That is a zipped document, not a photo. Please send a picture of the receipt.",
        [(byte)'O', (byte)'g', (byte)'g', (byte)'S', ..] => "That is an audio file, not a photo.",
        _ => "That file is not an image I can read (PNG, JPEG, WebP, GIF, TIFF or BMP).",
    };

    private static (int, int)? Png(ReadOnlySpan<byte> d) =>
        d.Length >= 24 && d[12..16].SequenceEqual("IHDR"u8)
            ? (ClampToInt(BinaryPrimitives.ReadUInt32BigEndian(d[16..])), ClampToInt(BinaryPrimitives.ReadUInt32BigEndian(d[20..])))
            : null;

    private static (int, int)? Jpeg(ReadOnlySpan<byte> d)
    {
        var i = 2;
        while (i + 4 <= d.Length)
        {
            if (d[i] != 0xFF) return null;
            var marker = d[i + 1];
            if (marker == 0xFF) { i++; continue; } // fill byte
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) { i += 2; continue; } // no length
            var length = BinaryPrimitives.ReadUInt16BigEndian(d[(i + 2)..]);
            var isStartOfFrame = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (isStartOfFrame)
                return i + 9 <= d.Length
                    ? (BinaryPrimitives.ReadUInt16BigEndian(d[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(d[(i + 5)..]))
                    : null;
            if (marker == 0xDA || length < 2) return null; // image data before any frame header
            i += 2 + length;
        }
        return null;
    }

    private static (int, int)? WebP(ReadOnlySpan<byte> d)
    {
        if (d.Length < 30) return null;
        var chunk = d[12..16];
        var body = d[20..];
        if (chunk.SequenceEqual("VP8 "u8))
            return body[3] == 0x9D && body[4] == 0x01 && body[5] == 0x2A
                ? (BinaryPrimitives.ReadUInt16LittleEndian(body[6..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(body[8..]) & 0x3FFF)
                : null;
        if (chunk.SequenceEqual("VP8L"u8))
        {
            if (body[0] != 0x2F) return null;
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(body[1..]);
            return ((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }
        if (chunk.SequenceEqual("VP8X"u8))
            return (1 + (body[4] | body[5] << 8 | body[6] << 16), 1 + (body[7] | body[8] << 8 | body[9] << 16));
        return null;
    }

    private static (int, int)? Tiff(ReadOnlySpan<byte> d)
    {
        var little = d[0] == (byte)'I';
        static uint U32(ReadOnlySpan<byte> s, bool little) => little ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);
        static ushort U16(ReadOnlySpan<byte> s, bool little) => little ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);
        if (d.Length < 8) return null;
        var ifd = U32(d[4..], little);
        if (ifd + 2 > d.Length) return null;
        int count = U16(d[(int)ifd..], little), width = 0, height = 0;
        for (var e = 0; e < count; e++)
        {
            var at = (int)ifd + 2 + e * 12;
            if (at + 12 > d.Length) return null;
            var tag = U16(d[at..], little);
            var value = U16(d[(at + 2)..], little) == 3 ? U16(d[(at + 8)..], little) : ClampToInt(U32(d[(at + 8)..], little)); // SHORT or LONG
            if (tag == 256) width = value;
            else if (tag == 257) height = value;
        }
        return (width, height);
    }

    private static int ClampToInt(uint value) => value > int.MaxValue ? int.MaxValue : (int)value;
}
