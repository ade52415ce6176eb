using System.Diagnostics;

namespace Finance.Testing;

/// <summary>Runs the command-line tools that make fixtures (flite, sox, ffmpeg, ImageMagick) and returns
/// what they print; a failing tool throws with its error output.</summary>
public static class Tool
{
    public static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var (exitCode, output, errors) = await ExecuteAsync(program, arguments);
        if (exitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {errors}");
        return output;
    }

    /// <summary>Runs a program whose failure is the answer a test looks at: its exit code, output and errors.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)> ExecuteAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }
}
