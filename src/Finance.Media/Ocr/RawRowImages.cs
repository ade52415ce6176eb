using System.Runtime.InteropServices;
using Finance.Media.Native;

namespace Finance.Media.Ocr;

/// <summary>
/// libtesseract keeps every row image it hands its network as a PNG in memory and decodes it again at once
/// (<c>ImageData::SetPixInternal</c> / <c>GetPixInternal</c>; the compile-time switch that keeps the image itself is not set
/// in Debian's build): zlib and libpng were ≈ 10 % of a quick reading's CPU. libtesseract's import of leptonica's
/// <c>pixWriteMem</c> is pointed at <see cref="WriteMem"/>, which writes a PNG asked for as leptonica's raw serialisation
/// (SPIX) instead: <c>pixReadMem</c> knows it by its header and reads back the same pixels for the price of a copy, so every
/// reading is the same word for word (docs/receipts.md, eleventh round). Nothing else in the process is changed.
/// </summary>
internal static unsafe class RawRowImages
{
    private const int Png = 3, Spix = 19; // leptonica's IFF_PNG and IFF_SPIX

    private static long _written;

    /// <summary>Whether libtesseract's calls to pixWriteMem come here (false where its import could not be found).</summary>
    public static bool Installed { get; private set; }

    /// <summary>Images libtesseract asked to be written as PNG and got raw.</summary>
    public static long Written => Interlocked.Read(ref _written);

    /// <summary>Off: the PNGs are written as libtesseract asks (a test compares the readings).</summary>
    internal static bool Enabled { get; set; } = true;

    /// <summary>Called once a process, by the first <see cref="TesseractOcrEngine"/>.</summary>
    internal static void Install()
    {
        try
        {
            var tesseract = NativeLibrary.Load("libtesseract.so.5");
            Installed = ImportSlots.Redirect(tesseract, "pixWriteMem", (IntPtr)(delegate* unmanaged<byte**, nuint*, IntPtr, int, int>)&WriteMem) > 0;
        }
        catch (Exception e) when (e is InvalidOperationException or DllNotFoundException)
        {
            // The table stayed read-only: Tesseract writes its PNGs, as slowly as before.
        }
    }

    [UnmanagedCallersOnly]
    private static int WriteMem(byte** data, nuint* size, IntPtr pix, int format)
    {
        if (format != Png || !Enabled) return Leptonica.pixWriteMem(data, size, pix, format);
        Interlocked.Increment(ref _written);
        return Leptonica.pixWriteMem(data, size, pix, Spix);
    }
}
