using System.Runtime.InteropServices;

namespace Finance.Media.Native;

internal static partial class Libc
{
    // Environment.SetEnvironmentVariable only changes .NET's copy of the environment on Linux;
    // native libraries read the C runtime's, so settings meant for them go through setenv.
    [DllImport("libc.so.6", EntryPoint = "setenv")]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    public static void SetNativeEnvironment(string name, string value, bool overwrite = false) => SetEnv(name, value, overwrite ? 1 : 0);

    [DllImport("libc.so.6", EntryPoint = "getenv")]
    private static extern IntPtr GetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    /// <summary>A variable of the C runtime's environment, which native libraries read (null when unset).</summary>
    public static string? NativeEnvironment(string name) => Marshal.PtrToStringUTF8(GetEnv(name));

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc.so.6", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    /// <summary>The CPU time the calling thread has used so far (user and system); zero where the clock is missing.</summary>
    public static TimeSpan ThreadCpuTime() =>
        ClockGetTime(ThreadCpuClock, out var time) == 0 ? TimeSpan.FromTicks(time.Seconds * TimeSpan.TicksPerSecond + time.Nanoseconds / 100) : TimeSpan.Zero;
}
