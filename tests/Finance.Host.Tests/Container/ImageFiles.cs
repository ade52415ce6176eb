using System.Text.RegularExpressions;
using Finance.Testing;

namespace Finance.Host.Tests.Container;

/// <summary>The repository's Dockerfile, read the way docker reads it: continuation lines joined, comments dropped,
/// split into stages at each FROM.</summary>
public sealed partial record ImageFiles(IReadOnlyList<IReadOnlyList<string>> Stages)
{
    public static string Root { get; } = PostgresServer.RepositoryRoot();

    public static ImageFiles Read()
    {
        var text = File.ReadAllText(Path.Combine(Root, "Dockerfile"));
        var lines = Continuation().Replace(text, " ")
            .Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
        var stages = new List<List<string>>();
        foreach (var line in lines)
        {
            if (line.StartsWith("FROM ", StringComparison.Ordinal)) stages.Add([]);
            if (stages.Count > 0) stages[^1].Add(line);
        }
        return new ImageFiles(stages);
    }

    public IReadOnlyList<string> Runtime => Stages[^1];

    public string Instruction(IReadOnlyList<string> stage, string name) =>
        Assert.Single(stage, l => l.StartsWith(name + " ", StringComparison.Ordinal));

    /// <summary>The packages of the runtime stage's apt-get install.</summary>
    public IReadOnlySet<string> RuntimePackages()
    {
        var run = Assert.Single(Runtime, l => l.Contains("apt-get install", StringComparison.Ordinal));
        var install = run[(run.IndexOf("apt-get install", StringComparison.Ordinal) + "apt-get install".Length)..];
        return install.Split("&&")[0]
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(word => !word.StartsWith('-'))
            .ToHashSet();
    }

    /// <summary>The exec-form arguments of HEALTHCHECK … CMD ["…", …].</summary>
    public IReadOnlyList<string> HealthCommand()
    {
        var line = Instruction(Runtime, "HEALTHCHECK");
        var array = line[(line.IndexOf("CMD [", StringComparison.Ordinal) + "CMD ".Length)..];
        return System.Text.Json.JsonSerializer.Deserialize<string[]>(array)!;
    }

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex Continuation();
}
