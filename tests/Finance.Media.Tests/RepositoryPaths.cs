namespace Finance.Media.Tests;

/// <summary>Where the repository's shipped data lives, found from the test binaries upwards.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string SpeechModels => Path.Combine(Root, "models", "speech");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Finance.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Finance.sln not found above the test binaries.");
    }
}
