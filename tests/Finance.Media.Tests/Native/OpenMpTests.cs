using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Media.Tests.Native;

/// <summary>libgomp reads OMP_THREAD_LIMIT from the C environment once, when the first library linking it loads: libtesseract,
/// or Whisper's ggml, which the host makes before the OCR engine (MediaToText asks for speech first).</summary>
public sealed class OpenMpTests
{
    [DllImport("libc.so.6", EntryPoint = "getenv")]
    private static extern IntPtr GetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [Fact]
    public void Registering_the_media_services_limits_OpenMP_to_one_thread_before_any_engine_is_made()
    {
        new ServiceCollection().AddMedia(new ConfigurationBuilder().Build());

        // .NET's Environment keeps its own copy; libgomp reads the C runtime's.
        Assert.Equal("1", Marshal.PtrToStringUTF8(GetEnv("OMP_THREAD_LIMIT")));
    }
}
