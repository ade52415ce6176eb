using System.Diagnostics;

namespace Finance.Testing;

/// <summary>Runs the command-line tools that make fixtures (flite, sox, ffmpeg, ImageMagick) and returns
/// what they print; a failing tool throws with its error output.</summary>
public static class Tool
{
    public static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {await errors}");
        return await output;
    }
}
