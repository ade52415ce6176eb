using System.Runtime.InteropServices;

namespace Finance.Media.Native;

internal static partial class Libc
{
    // Environment.SetEnvironmentVariable only changes .NET's copy of the environment on Linux;
    // native libraries read the C runtime's, so settings meant for them go through setenv.
    [DllImport("libc.so.6", EntryPoint = "setenv")]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

    public static void SetNativeEnvironment(string name, string value, bool overwrite = false) => SetEnv(name, value, overwrite ? 1 : 0);
}
