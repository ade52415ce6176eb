using Finance.Core;
using Finance.Understanding.Parsing;
using Finance.Understanding.Tests.Parsing;

namespace Finance.Understanding.Tests.Corpus;

/// <summary>The labelled corpus (corpus.jsonl beside this file) against the accuracy targets.
/// Category is measured without the ML model: keywords and the merchant list only.</summary>
public class CorpusTests
{
    private static readonly Lazy<CorpusEvaluation> Evaluation = new(() =>
        CorpusEvaluation.Run(CorpusCase.Load(CorpusPath), ParserFixture.Parser.Parse));

    private static string CorpusPath
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "Finance.Understanding.Tests", "Corpus", "corpus.jsonl");
                if (File.Exists(candidate)) return candidate;
            }
            throw new FileNotFoundException("corpus.jsonl not found above " + AppContext.BaseDirectory);
        }
    }

    [Fact]
    public void Corpus_is_large_and_balanced_between_languages()
    {
        var cases = CorpusCase.Load(CorpusPath);
        Assert.True(cases.Count >= 400, $"{cases.Count} cases");
        var portuguese = cases.Count(c => c.Lang == "pt");
        Assert.InRange(portuguese, cases.Count * 0.35, cases.Count * 0.65);
        Assert.All(cases.SelectMany(c => c.Transactions), t => Assert.True(Categories.IsKnown(t.Category), t.Category));
    }

    [Theory]
    [InlineData("amount", 0.99)]
    [InlineData("currency", 0.99)]
    [InlineData("direction", 0.99)]
    [InlineData("date", 0.98)]
    public void Transaction_fields_meet_their_targets(string field, double target)
    {
        var accuracy = Evaluation.Value.TransactionAccuracy(field);
        Assert.True(accuracy >= target, Report(field, accuracy));
    }

    [Fact]
    public void Intent_meets_its_target()
    {
        var accuracy = Evaluation.Value.MessageAccuracy("intent");
        Assert.True(accuracy >= 0.97, Report("intent", accuracy));
    }

    [Fact]
    public void Category_meets_its_target_with_keywords_and_merchants_alone()
    {
        var accuracy = Evaluation.Value.TransactionAccuracy("category");
        Assert.True(accuracy >= 0.92, Report("category", accuracy));
    }

    private static string Report(string field, double accuracy)
    {
        var output = new StringWriter();
        Evaluation.Value.Print(output, verbose: true);
        return $"{field}: {accuracy:P1}\n{output}";
    }
}
