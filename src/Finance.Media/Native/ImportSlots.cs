using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Finance.Media.Native;

/// <summary>
/// Where a loaded ELF library (Linux, x86-64) calls a function of another library: the slot of its global offset table the
/// dynamic linker filled with that function's address (the library's JUMP_SLOT or GLOB_DAT relocations of the symbol).
/// Pointing a slot elsewhere changes what that one library calls, and nothing else in the process.
/// </summary>
internal static unsafe partial class ImportSlots
{
    private const long DtNull = 0, DtPltRelSize = 2, DtStringTable = 5, DtSymbolTable = 6, DtRela = 7, DtRelaSize = 8, DtJumpRel = 23;
    private const uint GlobalData = 6, JumpSlot = 7; // R_X86_64_GLOB_DAT, R_X86_64_JUMP_SLOT
    private const int RelaSize = 24, SymbolSize = 24;
    private const int LinkMapInfo = 2; // RTLD_DI_LINKMAP
    private const int ProtRead = 1, ProtWrite = 2;

    /// <summary>Points every slot through which <paramref name="library"/> (already loaded) calls <paramref name="symbol"/> at
    /// <paramref name="replacement"/>; how many slots were changed (0: the library does not import it, or this is not
    /// x86-64 Linux).</summary>
    public static int Redirect(IntPtr library, string symbol, IntPtr replacement)
    {
        var slots = Slots(library, symbol);
        foreach (var slot in slots) Write(slot, replacement);
        return slots.Count;
    }

    /// <summary>How many slots <paramref name="library"/> calls <paramref name="symbol"/> through.</summary>
    public static int Count(IntPtr library, string symbol) => Slots(library, symbol).Count;

    private static List<IntPtr> Slots(IntPtr library, string symbol) =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64 && dlinfo(library, LinkMapInfo, out var map) == 0
            ? Slots(map, symbol)
            : [];

    /// <summary>The addresses of the library's table slots for <paramref name="symbol"/>, from its dynamic section.</summary>
    private static List<IntPtr> Slots(LinkMap* map, string symbol)
    {
        var (strings, symbols, pltRel, pltRelSize, rela, relaSize) = (0L, 0L, 0L, 0L, 0L, 0L);
        for (var entry = map->Dynamic; entry->Tag != DtNull; entry++)
            switch (entry->Tag)
            {
                case DtStringTable: strings = Address(map, entry->Value); break;
                case DtSymbolTable: symbols = Address(map, entry->Value); break;
                case DtJumpRel: pltRel = Address(map, entry->Value); break;
                case DtPltRelSize: pltRelSize = entry->Value; break;
                case DtRela: rela = Address(map, entry->Value); break;
                case DtRelaSize: relaSize = entry->Value; break;
            }
        List<IntPtr> slots = [];
        if (strings == 0 || symbols == 0) return slots;
        var name = Encoding.ASCII.GetBytes(symbol);
        foreach (var (table, size) in new[] { (pltRel, pltRelSize), (rela, relaSize) })
            for (var offset = 0L; table != 0 && offset + RelaSize <= size; offset += RelaSize)
            {
                var relocation = (Rela*)(table + offset);
                var type = (uint)relocation->Info;
                if (type is not (JumpSlot or GlobalData)) continue;
                var entry = (Symbol*)(symbols + (long)(relocation->Info >> 32) * SymbolSize);
                if (MemoryMarshal.CreateReadOnlySpanFromNullTerminated((byte*)(strings + entry->Name)).SequenceEqual(name))
                    slots.Add((IntPtr)((long)map->Base + relocation->Offset));
            }
        return slots;
    }

    /// <summary>glibc relocates the dynamic section's addresses when it loads a library; a value below the load address
    /// is still an offset.</summary>
    private static long Address(LinkMap* map, long value) => (ulong)value < map->Base ? (long)map->Base + value : value;

    /// <summary>Writes the slot, making its page writable for the moment when it is read-only (the table is protected after
    /// relocation when the library binds at load, as Debian's libraries do).</summary>
    private static void Write(IntPtr slot, IntPtr value)
    {
        var page = Environment.SystemPageSize;
        var start = (IntPtr)((long)slot & ~(long)(page - 1));
        var protection = Protection(slot);
        var writable = (protection & ProtWrite) != 0;
        if (!writable && mprotect(start, (nuint)page, protection | ProtWrite) != 0)
            throw new InvalidOperationException($"Could not make the import table at 0x{(long)slot:x} writable (errno {Marshal.GetLastPInvokeError()}).");
        Volatile.Write(ref *(IntPtr*)slot, value);
        if (!writable) mprotect(start, (nuint)page, protection);
    }

    /// <summary>The page's protection as /proc/self/maps lists it (read and write; the table is never executable).</summary>
    private static int Protection(IntPtr address)
    {
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var dash = line.IndexOf('-');
            var space = line.IndexOf(' ');
            var from = ulong.Parse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var to = ulong.Parse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if ((ulong)address >= from && (ulong)address < to)
                return (line[space + 1] == 'r' ? ProtRead : 0) | (line[space + 2] == 'w' ? ProtWrite : 0);
        }
        throw new InvalidOperationException($"0x{(long)address:x} is in no mapping of this process.");
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct LinkMap
    {
        public ulong Base;
        public IntPtr Name;
        public Dynamic* Dynamic;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Dynamic
    {
        public long Tag;
        public long Value;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Rela
    {
        public long Offset;
        public ulong Info;
        public long Addend;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Symbol
    {
        public uint Name;
        public byte Info, Other;
        public ushort Section;
        public ulong Value, Size;
    }

    [LibraryImport("libc.so.6")]
    private static partial int dlinfo(IntPtr handle, int request, out LinkMap* map);

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int mprotect(IntPtr address, nuint length, int protection);
}
