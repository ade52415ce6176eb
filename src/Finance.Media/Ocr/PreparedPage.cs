using static Finance.Media.Native.Leptonica;

namespace Finance.Media.Ocr;

/// <summary>A page prepared for reading (grey, scaled, deskewed, contrast-normalised), copied out of leptonica as its raster
/// words so that the garbage collector owns it, and made a Pix again, pixel for pixel, for each later reading.</summary>
internal sealed class PreparedPage
{
    private readonly int _width, _height, _depth, _xRes, _yRes;
    private readonly uint[] _words;

    private unsafe PreparedPage(IntPtr pix, bool damaged)
    {
        Damaged = damaged;
        (_width, _height, _depth, _xRes, _yRes) = (pixGetWidth(pix), pixGetHeight(pix), pixGetDepth(pix), pixGetXRes(pix), pixGetYRes(pix));
        _words = new uint[pixGetWpl(pix) * _height];
        new ReadOnlySpan<uint>((void*)pixGetData(pix), _words.Length).CopyTo(_words);
    }

    public static PreparedPage Of(IntPtr pix, bool damaged) => new(pix, damaged);

    /// <summary>The image it was made from was damaged (<see cref="OcrResult.Damaged"/>).</summary>
    public bool Damaged { get; }

    /// <summary>A new Pix holding the page; the caller destroys it.</summary>
    public unsafe IntPtr ToPix()
    {
        var pix = pixCreate(_width, _height, _depth);
        if (pix == IntPtr.Zero) throw new InvalidOperationException("leptonica could not allocate the prepared page.");
        _words.CopyTo(new Span<uint>((void*)pixGetData(pix), _words.Length));
        pixSetResolution(pix, _xRes, _yRes);
        return pix;
    }
}
