using Finance.Understanding.Classification;

namespace Finance.Understanding.Tests.Classification;

/// <summary>The committed model, loaded once per test class like the bot loads it once per process.</summary>
public sealed class ShippedCategoryModel : IDisposable
{
    public CategoryClassifier Classifier { get; } = CategoryClassifier.Load(RepositoryFiles.ShippedModel);

    public IReadOnlyList<CategoryTrainingRow> TrainingRows { get; } = CategoryTrainingData.Read(RepositoryFiles.ShippedTrainingData);

    public bool IsTrainingRow(string? merchant, string description) => TrainingRows.Any(row =>
        string.Equals(row.Description, description, StringComparison.OrdinalIgnoreCase)
        && (row.Merchant.Length == 0 || string.Equals(row.Merchant, merchant, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Hand-written messages that are not rows of the training file: merchant, description, category.</summary>
    public static IReadOnlyList<(string? Merchant, string Description, string Category)> UnseenExamples() =>
        File.ReadLines(RepositoryFiles.UnseenExamples)
            .Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .Select(f => (f[0].Length == 0 ? null : f[0], f[1], f[2]))
            .ToList();

    public void Dispose() => Classifier.Dispose();
}
