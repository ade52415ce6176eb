using Finance.Testing;

namespace Finance.Host.Tests.Operations;

/// <summary>A fresh machine has Debian 12 and the .NET SDK only: whatever else the product or a test starts, loads or
/// reads must come from scripts/debian-packages.txt. scripts/check-debian-packages.sh finds each program, soname and
/// system path the code names and asks dpkg which package owns it.</summary>
public sealed class DebianPackageListTests
{
    private static readonly string Root = PostgresServer.RepositoryRoot();
    private static readonly string Check = Path.Combine(Root, "scripts", "check-debian-packages.sh");

    [Fact]
    public async Task Every_program_library_and_file_the_code_names_comes_from_a_listed_package()
    {
        var (exitCode, output, errors) = await RunCheckAsync(Path.Combine(Root, "scripts", "debian-packages.txt"));

        Assert.True(exitCode == 0, errors);
        Assert.Contains("program ffmpeg", output);
        Assert.Contains("library libtesseract.so.5", output);
        Assert.Contains("program sphinx_lm_convert", output);
    }

    [Fact]
    public async Task A_program_whose_package_is_left_out_of_the_list_is_named()
    {
        var list = Path.Combine(Path.GetTempPath(), $"debian-packages-{Guid.NewGuid():N}.txt");
        await File.WriteAllLinesAsync(list,
            (await File.ReadAllLinesAsync(Path.Combine(Root, "scripts", "debian-packages.txt"))).Where(line => line.Trim() != "sphinxbase-utils"));
        try
        {
            var (exitCode, _, errors) = await RunCheckAsync(list);

            Assert.NotEqual(0, exitCode);
            Assert.Contains("sphinx_lm_convert", errors);
            Assert.Contains("sphinxbase-utils", errors);
        }
        finally
        {
            File.Delete(list);
        }
    }

    private static Task<(int ExitCode, string Output, string Errors)> RunCheckAsync(string list) =>
        Tool.ExecuteAsync("bash", Check, list);
}
