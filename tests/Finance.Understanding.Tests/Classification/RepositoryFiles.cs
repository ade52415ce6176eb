using System.Runtime.CompilerServices;

namespace Finance.Understanding.Tests.Classification;

/// <summary>Paths of the shipped model files: in the source tree, and as copied beside the test binaries.</summary>
internal static class RepositoryFiles
{
    public static string ShippedModel => Path.Combine(AppContext.BaseDirectory, "models", "categories", "model.zip");

    public static string ShippedTrainingData => Path.Combine(AppContext.BaseDirectory, "models", "categories", "training.tsv");

    public static string SourceTrainingData => Path.Combine(RepositoryRoot(), "models", "categories", "training.tsv");

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
