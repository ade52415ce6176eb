using System.Runtime.InteropServices;
using Finance.Media.Native;

namespace Finance.Media.Ocr;

/// <summary>
/// Tesseract's LSTM opens an OpenMP region at every time step (its four gates as <c>parallel sections</c>, its fully
/// connected layers as <c>parallel</c>): ≈ 49,000 regions a receipt. With one thread (<see cref="TesseractOcrEngine.OneOpenMpThread"/>)
/// libgomp still makes a team of one for each and ends it with a futex system call. libtesseract's imports of the four entry
/// points it uses are pointed here, where a region runs on the calling thread, its sections in order — what libgomp's team of
/// one does, without the team: ≈ 6 % of a quick reading's CPU, the same words (docs/receipts.md, eleventh round). Only
/// libtesseract's calls change (Whisper's ggml keeps libgomp), and only while the thread limit is 1.
/// </summary>
internal static unsafe class SerialOpenMp
{
    private static delegate* unmanaged<delegate* unmanaged<IntPtr, void>, IntPtr, uint, uint, uint, void> _teamSections;
    private static delegate* unmanaged<uint> _teamSectionsNext;
    private static delegate* unmanaged<void> _teamSectionsEnd;
    private static delegate* unmanaged<delegate* unmanaged<IntPtr, void>, IntPtr, uint, uint, void> _teamParallel;
    private static long _regions;

    /// <summary>The sections region running on this thread: whether it is run here (not by libgomp), its next section and how many.</summary>
    [ThreadStatic] private static bool _serial;
    [ThreadStatic] private static uint _next, _count;

    /// <summary>Whether libtesseract's OpenMP regions come here.</summary>
    public static bool Installed { get; private set; }

    /// <summary>Sections regions run here.</summary>
    public static long Regions => Interlocked.Read(ref _regions);

    /// <summary>Off: regions go to libgomp as libtesseract asks (a test compares the readings); a region already running keeps its way.</summary>
    internal static bool Enabled { get; set; } = true;

    /// <summary>Called once a process, by the first <see cref="TesseractOcrEngine"/> (after the thread limit is set).</summary>
    internal static void Install()
    {
        if (Libc.NativeEnvironment("OMP_THREAD_LIMIT") != "1") return; // an operator's own limit gets libgomp's teams
        try
        {
            var gomp = NativeLibrary.Load("libgomp.so.1");
            _teamSections = (delegate* unmanaged<delegate* unmanaged<IntPtr, void>, IntPtr, uint, uint, uint, void>)NativeLibrary.GetExport(gomp, "GOMP_parallel_sections");
            _teamSectionsNext = (delegate* unmanaged<uint>)NativeLibrary.GetExport(gomp, "GOMP_sections_next");
            _teamSectionsEnd = (delegate* unmanaged<void>)NativeLibrary.GetExport(gomp, "GOMP_sections_end_nowait");
            _teamParallel = (delegate* unmanaged<delegate* unmanaged<IntPtr, void>, IntPtr, uint, uint, void>)NativeLibrary.GetExport(gomp, "GOMP_parallel");
            var tesseract = NativeLibrary.Load("libtesseract.so.5");
            // All four or none: a region begun by one side must be ended by the same side.
            (string Symbol, IntPtr Here)[] entries =
            [
                ("GOMP_parallel_sections", (IntPtr)(delegate* unmanaged<delegate* unmanaged<IntPtr, void>, IntPtr, uint, uint, uint, void>)&ParallelSections),
                ("GOMP_sections_next", (IntPtr)(delegate* unmanaged<uint>)&SectionsNext),
                ("GOMP_sections_end_nowait", (IntPtr)(delegate* unmanaged<void>)&SectionsEnd),
                ("GOMP_parallel", (IntPtr)(delegate* unmanaged<delegate* unmanaged<IntPtr, void>, IntPtr, uint, uint, void>)&Parallel),
            ];
            if (entries.Any(e => ImportSlots.Count(tesseract, e.Symbol) == 0)) return;
            foreach (var (symbol, here) in entries) ImportSlots.Redirect(tesseract, symbol, here);
            Installed = true;
        }
        catch (Exception e) when (e is InvalidOperationException or EntryPointNotFoundException or DllNotFoundException)
        {
            // libgomp's teams, as before.
        }
    }

    [UnmanagedCallersOnly]
    private static void ParallelSections(delegate* unmanaged<IntPtr, void> body, IntPtr data, uint threads, uint count, uint flags)
    {
        var outer = (_serial, _next, _count);
        _serial = Enabled;
        if (_serial)
        {
            Interlocked.Increment(ref _regions);
            (_next, _count) = (1, count);
            body(data);
        }
        else _teamSections(body, data, threads, count, flags);
        (_serial, _next, _count) = outer;
    }

    /// <summary>The region's next section (numbered from 1), or 0 when all have run.</summary>
    [UnmanagedCallersOnly]
    private static uint SectionsNext() => !_serial ? _teamSectionsNext() : _next <= _count ? _next++ : 0;

    [UnmanagedCallersOnly]
    private static void SectionsEnd()
    {
        if (!_serial) _teamSectionsEnd();
    }

    /// <summary>A <c>parallel</c> region: its body asks omp_get_num_threads and omp_get_thread_num, which answer 1 and 0 outside
    /// libgomp's teams, so it does all the work itself.</summary>
    [UnmanagedCallersOnly]
    private static void Parallel(delegate* unmanaged<IntPtr, void> body, IntPtr data, uint threads, uint flags)
    {
        if (Enabled) body(data);
        else _teamParallel(body, data, threads, flags);
    }
}
