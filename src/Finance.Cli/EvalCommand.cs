using Finance.Understanding.Parsing;

namespace Finance.Cli;

/// <summary>`finance eval [CORPUS] [--verbose]`: per-field accuracy of the rule parser on a labelled corpus.</summary>
internal static class EvalCommand
{
    private const string DefaultCorpus = "tests/Finance.Understanding.Tests/Corpus/corpus.jsonl";

    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var verbose = args.Contains("--verbose") || args.Contains("-v");
        var path = args.FirstOrDefault(a => !a.StartsWith('-')) ?? FindUpwards(DefaultCorpus);
        if (path is null || !File.Exists(path))
        {
            Console.Error.WriteLine($"corpus not found: {path ?? DefaultCorpus}");
            return Task.FromResult(2);
        }
        var parser = RuleParser.LoadDefault(out var modelProblem);
        if (modelProblem is not null) Console.Error.WriteLine($"note: {modelProblem}; categories from keywords and merchants only");
        var evaluation = CorpusEvaluation.Run(CorpusCase.Load(path), parser.Parse);
        Console.WriteLine($"corpus: {path}");
        evaluation.Print(Console.Out, verbose);
        return Task.FromResult(0);
    }

    /// <summary>The corpus path relative to the current folder or any folder above it (run from anywhere in the repo).</summary>
    private static string? FindUpwards(string relative)
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
