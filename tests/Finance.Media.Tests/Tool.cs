using System.Diagnostics;

namespace Finance.Media.Tests;

/// <summary>Runs the command-line tools that make test fixtures (flite, sox, ffmpeg, ImageMagick).</summary>
internal static class Tool
{
    public static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {await errors}");
        return await output;
    }
}
