using System.Runtime.InteropServices;

namespace Finance.Media.Native;

/// <summary>A thin binding of pocketsphinx 0.8 (Debian's libpocketsphinx3 and libsphinxbase3).</summary>
internal static class PocketSphinx
{
    private const string Lib = "libpocketsphinx.so.3";
    private const string SphinxBase = "libsphinxbase.so.3";

    [DllImport(Lib)] public static extern IntPtr ps_args();
    [DllImport(Lib)] public static extern IntPtr ps_init(IntPtr config);
    [DllImport(Lib)] public static extern int ps_free(IntPtr decoder);
    [DllImport(Lib)] public static extern int ps_start_stream(IntPtr decoder);
    [DllImport(Lib)] public static extern int ps_start_utt(IntPtr decoder);
    [DllImport(Lib)] public static extern unsafe int ps_process_raw(IntPtr decoder, short* data, nuint samples, int noSearch, int fullUtterance);
    [DllImport(Lib)] public static extern int ps_end_utt(IntPtr decoder);
    [DllImport(Lib)] public static extern IntPtr ps_get_hyp(IntPtr decoder, out int bestScore);
    [DllImport(Lib)] public static extern int ps_get_prob(IntPtr decoder);
    [DllImport(Lib)] public static extern IntPtr ps_nbest(IntPtr decoder);
    [DllImport(Lib)] public static extern IntPtr ps_nbest_next(IntPtr nbest);
    [DllImport(Lib)] public static extern IntPtr ps_nbest_hyp(IntPtr nbest, out int score);
    [DllImport(Lib)] public static extern void ps_nbest_free(IntPtr nbest);
    [DllImport(Lib)] public static extern IntPtr ps_get_logmath(IntPtr decoder);
    [DllImport(Lib)] public static extern IntPtr ps_seg_iter(IntPtr decoder);
    [DllImport(Lib)] public static extern IntPtr ps_seg_next(IntPtr segment);
    [DllImport(Lib)] public static extern IntPtr ps_seg_word(IntPtr segment);
    [DllImport(Lib)] public static extern int ps_seg_prob(IntPtr segment, out int acousticScore, out int languageScore, out int languageBackoff);
    [DllImport(Lib)] public static extern void ps_seg_free(IntPtr segment);
    [DllImport(Lib)] public static extern void ps_seg_frames(IntPtr segment, out int startFrame, out int endFrame);

    // cmd_ln_init is variadic, which .NET cannot call; the argv form does the same work.
    [DllImport(SphinxBase)] public static extern IntPtr cmd_ln_parse_r(IntPtr inout, IntPtr definitions, int argc, IntPtr[] argv, int strict);
    [DllImport(SphinxBase)] public static extern int cmd_ln_free_r(IntPtr config);
    [DllImport(SphinxBase)] public static extern double logmath_exp(IntPtr logmath, int logb);
    [DllImport(SphinxBase)] public static extern double logmath_log_to_ln(IntPtr logmath, int logb);
}
