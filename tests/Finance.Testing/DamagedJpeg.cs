namespace Finance.Testing;

/// <summary>
/// A good JPEG damaged as photos are on their way to the bot: cut off in transfer, bytes of its compressed data overwritten,
/// a marker where none belongs. Positions are fractions of the entropy-coded data (the image's rows in order, top first),
/// so "at 0.97" hits the bottom rows whatever the file's size.
/// </summary>
public static class DamagedJpeg
{
    /// <summary>The first <paramref name="fraction"/> of the file's bytes: a download that stopped early.</summary>
    public static byte[] Cut(byte[] jpeg, double fraction) => jpeg[..(int)(jpeg.Length * fraction)];

    /// <summary>The file up to <paramref name="at"/> of its compressed data: at 0, a whole header and no rows at all.</summary>
    public static byte[] CutInData(byte[] jpeg, double at)
    {
        var (start, end) = EntropyCodedData(jpeg);
        return jpeg[..(start + (int)((end - start) * at))];
    }

    /// <summary>Two bytes of the compressed data overwritten by a restart marker (FF D3) the file has no restart interval for:
    /// libjpeg stops reading the data there and warns (a flipped byte that makes FF is how a photo gets one). The rows after it
    /// decode grey.</summary>
    public static byte[] StrayRestartMarker(byte[] jpeg, double at) => Overwrite(jpeg, at, [0xFF, 0xD3]);

    /// <summary>Two bytes of the compressed data overwritten by a Huffman-table marker (FF C4): libjpeg reads garbage as a table
    /// and gives up with an error, not a warning, so nothing decodes.</summary>
    public static byte[] StrayTableMarker(byte[] jpeg, double at) => Overwrite(jpeg, at, [0xFF, 0xC4]);

    private static byte[] Overwrite(byte[] jpeg, double at, byte[] with)
    {
        var (start, end) = EntropyCodedData(jpeg);
        var offset = start + (int)((end - start) * at);
        // Not in the middle of a stuffed FF 00 or a marker the data already has.
        while (jpeg[offset - 1] == 0xFF || jpeg[offset] == 0xFF || jpeg[offset + 1] == 0xFF) offset++;
        var damaged = jpeg.ToArray();
        with.CopyTo(damaged, offset);
        return damaged;
    }

    /// <summary>Where the first scan's compressed data starts (after the SOS segment) and where the file's EOI marker is.</summary>
    private static (int Start, int End) EntropyCodedData(byte[] jpeg)
    {
        var at = 2; // after SOI
        while (true)
        {
            if (jpeg[at] != 0xFF) throw new ArgumentException("Not a JPEG with well-formed segments before its scan.", nameof(jpeg));
            var marker = jpeg[at + 1];
            var length = jpeg[at + 2] << 8 | jpeg[at + 3];
            at += 2 + length;
            if (marker == 0xDA) break;
        }
        var end = jpeg.AsSpan().LastIndexOf([(byte)0xFF, (byte)0xD9]);
        return (at, end);
    }
}
