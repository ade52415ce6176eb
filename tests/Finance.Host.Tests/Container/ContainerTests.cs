using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Finance.Media;
using Finance.Media.Ocr;
using Finance.Media.Speech;
using Finance.Testing;
using YamlDotNet.RepresentationModel;

namespace Finance.Host.Tests.Container;

/// <summary>What can be checked of the image without a Docker engine: how the Dockerfile builds and runs the host,
/// its health command under Debian's /bin/sh (dash), its packages against what the code loads, compose.yaml, and
/// how the host binary itself starts, answers --health and refuses to start without its settings.</summary>
public sealed partial class ContainerTests
{
    /// <summary>What the self-contained .NET runtime itself loads; the rest of the runtime stage is the product's.</summary>
    private static readonly string[] DotnetRuntimeNeeds = ["ca-certificates", "libssl3", "libicu72", "tzdata"];

    private static readonly ImageFiles Image = ImageFiles.Read();

    private static string HostBinary => Path.Combine(AppContext.BaseDirectory, "Finance.Host");

    [Fact]
    public void The_image_is_built_from_source_in_an_sdk_stage_for_the_target_platform_and_runs_as_uid_10001_over_root_owned_files()
    {
        Assert.Equal(2, Image.Stages.Count);
        var (build, runtime) = (Image.Stages[0], Image.Runtime);

        Assert.Matches(@"^FROM --platform=\$BUILDPLATFORM \S+/dotnet/sdk:10\.0 AS build$", build[0]);
        Assert.Contains("ARG TARGETARCH", build);
        Assert.Matches(@"dotnet publish src/Finance\.Host .*-a \$TARGETARCH --self-contained", Image.Instruction(build, "RUN"));
        Assert.Equal("FROM debian:bookworm-slim", runtime[0]);
        Assert.DoesNotContain(runtime, l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.StartsWith("COPY --from=build ", StringComparison.Ordinal));
        Assert.DoesNotContain(runtime, l => l.Contains("--chown", StringComparison.Ordinal) || l.Contains("chown ", StringComparison.Ordinal));
        Assert.Equal("USER 10001:10001", Image.Instruction(runtime, "USER"));
        // Everything before USER runs as root, so the files it copies are root's.
        Assert.True(runtime.ToList().FindIndex(l => l.StartsWith("COPY", StringComparison.Ordinal)) < runtime.ToList().FindIndex(l => l.StartsWith("USER", StringComparison.Ordinal)));
        Assert.Equal("ENTRYPOINT [\"/app/Finance.Host\"]", Image.Instruction(runtime, "ENTRYPOINT"));
        Assert.DoesNotContain("/dev/tcp", File.ReadAllText(Path.Combine(ImageFiles.Root, "Dockerfile")));
    }

    [Fact]
    public void The_build_stage_copies_only_what_exists_and_the_context_leaves_out_build_output_and_history()
    {
        var copied = Image.Stages[0].Where(l => l.StartsWith("COPY ", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1]);
        var ignored = File.ReadAllLines(Path.Combine(ImageFiles.Root, ".dockerignore")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        Assert.All(copied, path => Assert.True(Path.Exists(Path.Combine(ImageFiles.Root, path)), $"{path} is not in the repository"));
        Assert.All(copied, path => Assert.DoesNotContain(path.TrimEnd('/') + "/", ignored));
        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
        Assert.Contains(".git/", ignored);
        Assert.Contains(".run/", ignored);
    }

    [Fact]
    public async Task The_images_health_command_run_by_dash_passes_on_a_healthy_host_and_fails_when_none_answers()
    {
        await using var world = new FinanceHost { StartHostOnInitialize = false };
        await world.InitializeAsync();
        using var client = FinanceHost.ClientOf(world.StartHost(kestrel: true));
        // The image's command, with the image's path of the binary replaced by this build's.
        var command = string.Join(' ', Image.HealthCommand().Select(a => Quote(a == "/app/Finance.Host" ? HostBinary : a)));

        var healthy = await RunAsync("/bin/dash", ["-c", command], new() { ["ASPNETCORE_URLS"] = client.BaseAddress!.ToString() });
        var nobody = await RunAsync("/bin/dash", ["-c", command], new() { ["ASPNETCORE_URLS"] = $"http://0.0.0.0:{FreePort()}" });

        Assert.Equal(0, healthy.ExitCode);
        Assert.Equal(1, nobody.ExitCode);
        Assert.Contains("/health did not answer", nobody.Errors);
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080", null, "http://127.0.0.1:8080/health")]
    [InlineData("https://+:8443;http://+:5000", null, "http://127.0.0.1:5000/health")]
    [InlineData("http://[::]:9000", null, "http://127.0.0.1:9000/health")]
    [InlineData(null, "8081", "http://127.0.0.1:8081/health")]
    [InlineData(null, null, "http://127.0.0.1:8080/health")]
    public void The_health_probe_asks_the_port_the_host_listens_on(string? urls, string? httpPorts, string expected)
    {
        Assert.Equal(new Uri(expected), HealthProbe.HealthUrl(urls, httpPorts));
    }

    [Fact]
    public async Task Started_without_a_connection_string_the_host_says_so_and_exits_with_status_1()
    {
        var result = await RunAsync(HostBinary, [], new() { ["ConnectionStrings__Finance"] = null });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ConnectionStrings__Finance is not set", result.Errors);
        Assert.DoesNotContain("Unhandled exception", result.Errors);
    }

    [Fact]
    public async Task A_setting_that_fails_validation_stops_the_host_with_status_1_and_says_which()
    {
        await using var database = new LedgerDatabase();
        await database.InitializeAsync();

        var result = await RunAsync(HostBinary, [], new()
        {
            ["ConnectionStrings__Finance"] = database.ConnectionString,
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Finance__Telegram__BotToken"] = "not a token",
        });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Finance:Telegram:BotToken does not look like a bot token", result.Errors);
        Assert.DoesNotContain("Unhandled exception", result.Errors);
    }

    [Fact]
    public async Task The_runtime_stage_installs_the_package_of_every_library_program_and_data_file_the_host_loads()
    {
        var loaded = new List<string>();
        // Native libraries: every P/Invoke of the product's assemblies, by the file name the loader looks for.
        foreach (var library in ProductAssemblies().SelectMany(NativeLibraries).Distinct())
            loaded.Add("*/" + library);
        // Programs the product starts: by name, and ffmpeg by its setting (it runs under prlimit).
        foreach (var program in StartedPrograms().Append(new MediaLimits().FfmpegPath)) loaded.Add("*/bin/" + program);
        // Data files at their default paths: Tesseract's models (both passes and the second opinion), the pocketsphinx model.
        var ocr = new OcrOptions();
        foreach (var model in ocr.Models()) loaded.Add(Path.Combine(ocr.TessdataPath, model + ".traineddata"));
        loaded.Add(new SpeechOptions().AcousticModel);
        loaded.Add(DomainLanguageModel.CmuDict);

        var image = Image.RuntimePackages();
        var machine = File.ReadAllLines(Path.Combine(ImageFiles.Root, "scripts", "debian-packages.txt"))
            .Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0).ToHashSet();
        var inEveryImage = await EssentialPackagesAsync();
        foreach (var file in loaded)
        {
            var package = await PackageOwningAsync(file);
            if (inEveryImage.Contains(package)) continue;
            Assert.True(image.Contains(package), $"{file} comes from {package}, which the Dockerfile's runtime stage does not install");
            Assert.True(machine.Contains(package), $"{file} comes from {package}, which scripts/debian-packages.txt does not install");
        }
        Assert.Contains("*/libtesseract.so.5", loaded);
        Assert.Contains("*/bin/ffmpeg", loaded);
        // And nothing in the image that a developer's machine would not have (so the tests ran against the same).
        Assert.All(image.Except(DotnetRuntimeNeeds), package => Assert.Contains(package, machine));
    }

    [Fact]
    public void Compose_starts_the_host_built_here_after_a_healthy_postgres_whose_data_is_in_a_volume()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(ImageFiles.Root, "compose.yaml"))) yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;
        var services = Map(root, "services");
        var (postgres, finance) = (Map(services, "postgres"), Map(services, "finance"));

        Assert.StartsWith("postgres:", Scalar(postgres, "image"));
        var volume = Assert.Single(Sequence(postgres, "volumes"));
        Assert.EndsWith(":/var/lib/postgresql/data", volume);
        Assert.True(Map(root, "volumes").Children.ContainsKey(volume.Split(':')[0]), "the data volume is declared");
        Assert.Contains("pg_isready", string.Join(' ', Sequence(Map(postgres, "healthcheck"), "test")));

        Assert.Equal(".", Scalar(finance, "build"));
        Assert.Equal("service_healthy", Scalar(Map(Map(finance, "depends_on"), "postgres"), "condition"));
        var environment = Map(finance, "environment");
        var connection = Scalar(environment, "ConnectionStrings__Finance");
        var postgresEnvironment = Map(postgres, "environment");
        Assert.Contains("Host=postgres;", connection);
        Assert.Contains($"Database={Scalar(postgresEnvironment, "POSTGRES_DB")};", connection);
        Assert.Contains($"Username={Scalar(postgresEnvironment, "POSTGRES_USER")};", connection);
        Assert.EndsWith($"Password={Scalar(postgresEnvironment, "POSTGRES_PASSWORD")}", connection);
        Assert.Equal("true", Scalar(environment, "Finance__WebChat__Enabled"));
        // Published on this machine's loopback only (the web chat has no accounts), on the port the image listens on.
        var port = Assert.Single(Sequence(finance, "ports"));
        Assert.Equal("127.0.0.1:8080:8080", port);
        Assert.Contains("EXPOSE 8080", Image.Runtime);
    }

    private static IEnumerable<Assembly> ProductAssemblies() =>
        Directory.GetFiles(AppContext.BaseDirectory, "Finance.*.dll")
            .Where(f => !Path.GetFileName(f).Contains(".Tests", StringComparison.Ordinal) && !f.EndsWith("Finance.Testing.dll", StringComparison.Ordinal))
            .Select(Assembly.LoadFrom);

    private static IEnumerable<string> NativeLibraries(Assembly assembly) =>
        assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => m.GetCustomAttribute<DllImportAttribute>()?.Value)
            .OfType<string>();

    /// <summary>The programs the product's code starts by a literal name, the command line's excepted.</summary>
    private static IEnumerable<string> StartedPrograms() =>
        Directory.GetFiles(Path.Combine(ImageFiles.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Finance.Cli{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => StartedProgram().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct();

    private static async Task<string> PackageOwningAsync(string pathOrPattern)
    {
        var result = await RunAsync("dpkg", ["-S", pathOrPattern]);
        Assert.True(result.ExitCode == 0, $"no installed package has {pathOrPattern}: {result.Errors}");
        // "libtesseract5:amd64: /usr/lib/x86_64-linux-gnu/libtesseract.so.5" (one line per match; the first will do)
        return result.Output.Split('\n')[0].Split(": ")[0].Split(':')[0];
    }

    /// <summary>What every Debian image has, bookworm-slim included: the Essential packages and what they depend on
    /// directly (libc6, for one).</summary>
    private static async Task<HashSet<string>> EssentialPackagesAsync()
    {
        var installed = await RunAsync("dpkg-query", ["-W", "-f=${Package}\t${Essential}\t${Pre-Depends}, ${Depends}\n"]);
        var packages = new HashSet<string>();
        foreach (var fields in installed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')))
        {
            if (fields[1] != "yes") continue;
            packages.Add(fields[0]);
            foreach (var dependency in fields[2].Split([',', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                packages.Add(dependency.Split([' ', ':'])[0]);
        }
        return packages;
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    private static IReadOnlyList<string> Sequence(YamlMappingNode node, string key) =>
        ((YamlSequenceNode)node.Children[new YamlScalarNode(key)]).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();

    private static string Quote(string argument) => "'" + argument.Replace("'", "'\\''") + "'";

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(
        string program, string[] arguments, Dictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? [])
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output, await errors);
    }

    [GeneratedRegex("""new ProcessStartInfo\("([^"/]+)"\)""")]
    private static partial Regex StartedProgram();
}
