using Finance.Core;
using Finance.Understanding.Classification;

namespace Finance.Understanding.Tests.Classification;

public sealed class TrainingDataTests
{
    [Fact]
    public void Shipped_training_data_is_what_the_generator_writes()
    {
        var generated = TrainingDataGenerator.WriteTsv();
        // FINANCE_WRITE_TRAINING_DATA=1 rewrites the shipped file after a vocabulary change.
        if (Environment.GetEnvironmentVariable("FINANCE_WRITE_TRAINING_DATA") == "1")
        {
            File.WriteAllText(RepositoryFiles.SourceTrainingData, generated);
        }
        Assert.Equal(generated, File.ReadAllText(RepositoryFiles.SourceTrainingData));
    }

    [Fact]
    public void Every_category_has_hundreds_of_rows_in_both_languages()
    {
        var rows = CategoryTrainingData.Read(RepositoryFiles.ShippedTrainingData);

        Assert.InRange(rows.Count, 3000, 6000);
        foreach (var category in Categories.All)
        {
            Assert.True(rows.Count(r => r.Category == category && r.Language == "en") >= 60, $"{category} en");
            Assert.True(rows.Count(r => r.Category == category && r.Language == "pt") >= 60, $"{category} pt");
        }
    }
}
