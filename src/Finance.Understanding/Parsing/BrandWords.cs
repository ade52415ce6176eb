using Finance.Core;

namespace Finance.Understanding.Parsing;

/// <summary>What a shop's name says of its category when the directory has never heard of it: the words and word
/// pieces of thousands of brand names ("Pizza", "Apotheke", "Boulangerie", "-eria", "Auto", "Meats") mostly
/// belong to one category, so "Joe's Apotheke" reads as health. A naive Bayes model over whole words and
/// character 3–5-grams, learned from the directory's own names when it loads, so a directory built without some
/// brands (the held-out measure) learns nothing from them.</summary>
public sealed class BrandWords
{
    // Chosen on a split of the index's training part (never its held-out fifth): smoothing 0.5, the mean
    // log-likelihood per feature sharpened ×4 (plain naive Bayes is sure of everything), and a guess only from
    // 0.7 up, where four guesses in five were right on that split.
    private const double Smoothing = 0.5;
    private const double Sharpness = 4;
    public const double MinimumConfidence = 0.7;

    public readonly record struct Guess(string Category, double Confidence);

    private readonly string[] categories = [.. Categories.All.Where(c => c != Categories.Other)];
    // Per feature, how many names of each category hold it; read often, written only here (safe to share).
    private readonly Dictionary<string, int[]> counts = new(StringComparer.Ordinal);
    private readonly double[] denominators;

    public BrandWords(IEnumerable<(IReadOnlyList<string> Words, string Category)> names)
    {
        var totals = new int[categories.Length];
        foreach (var (words, category) in names)
        {
            var k = Array.IndexOf(categories, category);
            if (k < 0) continue;
            foreach (var feature in Features(words))
            {
                if (!counts.TryGetValue(feature, out var byCategory)) counts[feature] = byCategory = new int[categories.Length];
                byCategory[k]++;
                totals[k]++;
            }
        }
        // A category no name belongs to (income, transfer) can never be guessed.
        denominators = [.. totals.Select(t => t == 0 ? double.PositiveInfinity : Math.Log(t + Smoothing * counts.Count))];
    }

    /// <summary>The category the words of a name point to, or null when they point nowhere with
    /// <see cref="MinimumConfidence"/>.</summary>
    public Guess? Read(IEnumerable<string> foldedWords)
    {
        if (counts.Count == 0) return null;
        Span<double> scores = stackalloc double[categories.Length];
        var features = 0;
        foreach (var feature in Features(foldedWords))
        {
            if (!counts.TryGetValue(feature, out var byCategory)) continue;
            features++;
            for (var k = 0; k < scores.Length; k++) scores[k] += Math.Log(byCategory[k] + Smoothing) - denominators[k];
        }
        if (features == 0) return null;
        var best = 0;
        for (var k = 1; k < scores.Length; k++) if (scores[k] > scores[best]) best = k;
        double sum = 0;
        for (var k = 0; k < scores.Length; k++) sum += Math.Exp((scores[k] - scores[best]) / features * Sharpness);
        var confidence = 1 / sum;
        return confidence >= MinimumConfidence ? new Guess(categories[best], confidence) : null;
    }

    /// <summary>Each word of three letters or more whole ("=pizza"), and its 3-, 4- and 5-letter pieces with the word's edges
    /// marked ("&lt;pizz", "ria&gt;"), so endings and stems count however the rest is spelt.</summary>
    private static IEnumerable<string> Features(IEnumerable<string> words)
    {
        foreach (var raw in words.Distinct(StringComparer.Ordinal))
        {
            var word = MerchantDirectory.Strip(raw);
            if (word.Length < 3 || char.IsDigit(word[0])) continue;
            yield return "=" + word;
            var marked = $"<{word}>";
            for (var n = 3; n <= 5; n++)
                for (var i = 0; i + n <= marked.Length; i++)
                    yield return marked.Substring(i, n);
        }
    }
}
