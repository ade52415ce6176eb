using System.Runtime.InteropServices;

namespace Finance.Media.Native;

/// <summary>A thin binding of libtesseract's C API (Debian's libtesseract5).</summary>
internal static class Tesseract
{
    private const string Lib = "libtesseract.so.5";

    [DllImport(Lib)] public static extern IntPtr TessBaseAPICreate();
    [DllImport(Lib)] public static extern void TessBaseAPIDelete(IntPtr handle);
    [DllImport(Lib)]
    public static extern int TessBaseAPIInit3(IntPtr handle, [MarshalAs(UnmanagedType.LPUTF8Str)] string dataPath,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string language);
    [DllImport(Lib)]
    public static extern int TessBaseAPISetVariable(IntPtr handle, [MarshalAs(UnmanagedType.LPUTF8Str)] string name,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string value);
    [DllImport(Lib)] public static extern void TessBaseAPISetPageSegMode(IntPtr handle, int mode);
    [DllImport(Lib)] public static extern void TessBaseAPISetImage2(IntPtr handle, IntPtr pix);
    [DllImport(Lib)] public static extern void TessBaseAPISetSourceResolution(IntPtr handle, int ppi);
    [DllImport(Lib)] public static extern int TessBaseAPIRecognize(IntPtr handle, IntPtr monitor);
    [DllImport(Lib)] public static extern IntPtr TessBaseAPIGetUTF8Text(IntPtr handle);
    [DllImport(Lib)] public static extern int TessBaseAPIMeanTextConf(IntPtr handle);
    [DllImport(Lib)] public static extern void TessBaseAPIClear(IntPtr handle);
    [DllImport(Lib)] public static extern void TessDeleteText(IntPtr text);

    // The result iterator: the recognised page walked word by word (the levels are WordLevel's).
    [DllImport(Lib)] public static extern IntPtr TessBaseAPIGetIterator(IntPtr handle);
    [DllImport(Lib)] public static extern void TessResultIteratorDelete(IntPtr iterator);
    [DllImport(Lib)] public static extern int TessResultIteratorNext(IntPtr iterator, WordLevel level);
    [DllImport(Lib)] public static extern IntPtr TessResultIteratorGetUTF8Text(IntPtr iterator, WordLevel level);
    [DllImport(Lib)] public static extern float TessResultIteratorConfidence(IntPtr iterator, WordLevel level);
    [DllImport(Lib)] public static extern IntPtr TessResultIteratorGetPageIteratorConst(IntPtr iterator);
    [DllImport(Lib)] public static extern int TessPageIteratorIsAtBeginningOf(IntPtr iterator, WordLevel level);
    [DllImport(Lib)]
    public static extern int TessPageIteratorBoundingBox(IntPtr iterator, WordLevel level, out int left, out int top, out int right, out int bottom);

    /// <summary>TessPageIteratorLevel: the unit an iterator call is about.</summary>
    public enum WordLevel
    {
        Line = 2,
        Word = 3,
    }

    // ETEXT_DESC: Recognize checks its deadline and cancel callback between words and gives up (returns -1) when told.
    [DllImport(Lib)] public static extern IntPtr TessMonitorCreate();
    [DllImport(Lib)] public static extern void TessMonitorDelete(IntPtr monitor);
    [DllImport(Lib)] public static extern void TessMonitorSetDeadlineMSecs(IntPtr monitor, int deadline);
    [DllImport(Lib)] public static extern unsafe void TessMonitorSetCancelFunc(IntPtr monitor, delegate* unmanaged<IntPtr, int, byte> cancel);
    [DllImport(Lib)] public static extern void TessMonitorSetCancelThis(IntPtr monitor, IntPtr cancelThis);

    /// <summary>Copies a string Tesseract allocated and frees Tesseract's copy.</summary>
    public static string TakeText(IntPtr text)
    {
        if (text == IntPtr.Zero) return "";
        try { return Marshal.PtrToStringUTF8(text) ?? ""; }
        finally { TessDeleteText(text); }
    }
}
