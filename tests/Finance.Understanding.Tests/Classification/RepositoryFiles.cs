using System.Runtime.CompilerServices;

namespace Finance.Understanding.Tests.Classification;

/// <summary>Paths of the shipped model files (as copied beside the test binaries) and of source-tree files.</summary>
internal static class RepositoryFiles
{
    public static string ShippedModel => Path.Combine(AppContext.BaseDirectory, "models", "categories", "model.zip");

    public static string ShippedTrainingData => Path.Combine(AppContext.BaseDirectory, "models", "categories", "training.tsv");

    public static string SourceTrainingData => Path.Combine(RepositoryRoot(), "models", "categories", "training.tsv");

    /// <summary>Read from the source tree: the test project copies only models/ to its output.</summary>
    public static string UnseenExamples => Path.Combine(SourceDirectory(), "unseen-examples.tsv");

    private static string SourceDirectory([CallerFilePath] string sourceFile = "") => Path.GetDirectoryName(sourceFile)!;

    private static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        for (var directory = Path.GetDirectoryName(sourceFile); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "Finance.sln")))
            {
                return directory;
            }
        }
        throw new DirectoryNotFoundException($"No Finance.sln above {sourceFile}.");
    }
}
