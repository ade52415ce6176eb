using System.Runtime.InteropServices;

namespace Finance.Media.Native;

/// <summary>The few leptonica calls the OCR preprocessing needs (Debian's liblept5).</summary>
internal static class Leptonica
{
    private const string Lib = "liblept.so.5";
    private const int SeverityNone = 6;

    [DllImport(Lib)] public static extern unsafe IntPtr pixReadMem(byte* data, nuint size);
    [DllImport(Lib)]
    public static extern unsafe IntPtr pixReadMemJpeg(byte* data, nuint size, int colormapFlag, int reduction, out int warnings, int hint);
    [DllImport(Lib)]
    public static extern unsafe int readHeaderMemJpeg(byte* data, nuint size, out int width, out int height, out int channels, out int ycck, out int cmyk);
    [DllImport(Lib)] public static extern unsafe int pixWriteMem(byte** data, nuint* size, IntPtr pix, int format);
    [DllImport(Lib)] public static extern void pixDestroy(ref IntPtr pix);
    [DllImport(Lib)] public static extern int pixGetWidth(IntPtr pix);
    [DllImport(Lib)] public static extern int pixGetHeight(IntPtr pix);
    [DllImport(Lib)] public static extern int pixGetDepth(IntPtr pix);
    [DllImport(Lib)] public static extern IntPtr pixConvertTo8(IntPtr pix, int colormapFlag);
    [DllImport(Lib)] public static extern IntPtr pixScale(IntPtr pix, float scaleX, float scaleY);
    [DllImport(Lib)] public static extern IntPtr pixFindSkewAndDeskew(IntPtr pix, int reduction, out float angle, out float confidence);
    [DllImport(Lib)] public static extern IntPtr pixConvertRGBToLuminance(IntPtr pix);
    [DllImport(Lib)] public static extern IntPtr pixScaleGrayLI(IntPtr pix, float scaleX, float scaleY);
    [DllImport(Lib)] public static extern IntPtr pixScaleToSize(IntPtr pix, int width, int height);
    [DllImport(Lib)]
    public static extern IntPtr pixContrastNorm(IntPtr pixDest, IntPtr pix, int tileWidth, int tileHeight, int minDiff, int smoothX, int smoothY);
    [DllImport(Lib)] public static extern IntPtr pixCreate(int width, int height, int depth);
    [DllImport(Lib)] public static extern int pixSetAll(IntPtr pix);
    [DllImport(Lib)]
    public static extern int pixRasterop(IntPtr pixDest, int destX, int destY, int width, int height, int operation, IntPtr pixSource, int sourceX, int sourceY);
    [DllImport(Lib)] public static extern IntPtr pixGetData(IntPtr pix);
    [DllImport(Lib)] public static extern int pixGetWpl(IntPtr pix);
    [DllImport(Lib)] public static extern int pixGetXRes(IntPtr pix);
    [DllImport(Lib)] public static extern int pixGetYRes(IntPtr pix);
    [DllImport(Lib)] public static extern int pixSetResolution(IntPtr pix, int xRes, int yRes);
    [DllImport(Lib)]
    public static extern int pixSauvolaBinarizeTiled(IntPtr pix, int halfWindow, float factor, int tilesX, int tilesY, IntPtr thresholds, out IntPtr binary);
    [DllImport(Lib)]
    public static extern int pixOtsuAdaptiveThreshold(IntPtr pix, int tileWidth, int tileHeight, int smoothX, int smoothY, float scoreFraction,
        IntPtr thresholds, out IntPtr binary);
    [DllImport(Lib)] public static extern IntPtr pixAddBorder(IntPtr pix, int pixels, uint value);
    [DllImport(Lib)] private static extern int setMsgSeverity(int severity);

    /// <summary>pixReadMemJpeg's L_JPEG_READ_LUMINANCE: libjpeg decodes the luminance (Y) alone, as 8-bit grey.</summary>
    public const int JpegReadLuminance = 1;

    /// <summary>pixReadMemJpeg's L_JPEG_CONTINUE_WITH_BAD_DATA: libjpeg's warnings of corrupt data (a bad Huffman code, the
    /// file ending early) do not discard the image; the rows past the damage come out grey or garbled. Without it leptonica
    /// 1.82 returns no image at the first such warning.</summary>
    public const int JpegContinueWithBadData = 2;

    /// <summary>pixRasterop's PIX_SRC (copy the source over the destination).</summary>
    public const int CopySource = 0xc;

    public static void Quiet() => setMsgSeverity(SeverityNone);
}
