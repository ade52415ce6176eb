using Finance.Core;
using Finance.Understanding;
using Finance.Understanding.Parsing;

namespace Finance.Cli;

/// <summary>`finance merchants-eval --held-out TSV [--brands TSV] [--verbose]`: category accuracy on real brand names
/// typed as a message ("Rossmann 12.50"). Build the data without a seeded fifth of the index
/// (scripts/merchants/build-brands.sh OUT --hold-out 0.2 --seed 13 --held-out HELD) and pass OUT as --brands:
/// the figure is then the accuracy for shops the directory has never heard of; without --brands the shipped
/// data answers. Brands the hand-written list names are left out of the count (the shipped data holds them).</summary>
internal static class MerchantsEvalCommand
{
    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        string? heldOut = null, brands = null;
        var verbose = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--held-out" when i + 1 < args.Length: heldOut = args[++i]; break;
                case "--brands" when i + 1 < args.Length: brands = args[++i]; break;
                case "--verbose" or "-v": verbose = true; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return Task.FromResult(2);
            }
        }
        if (heldOut is null || !File.Exists(heldOut) || (brands is not null && !File.Exists(brands)))
        {
            Console.Error.WriteLine("usage: finance merchants-eval --held-out TSV [--brands TSV] [--verbose]");
            return Task.FromResult(2);
        }
        var folder = Path.Combine(UnderstandingSetup.ModelsPath(), "merchants");
        var handWritten = MerchantDirectory.Load(folder, brandsFile: Path.Combine(folder, "no-index.tsv"));
        var classifier = RuleParser.TryLoadClassifier(RuleParser.DefaultModelPath, out var problem);
        if (problem is not null) Console.Error.WriteLine($"note: {problem}");
        var parser = new RuleParser(classifier, MerchantDirectory.Load(folder, brands));

        var now = new DateTimeOffset(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);
        int total = 0, correct = 0, other = 0;
        var byCategory = new Dictionary<string, (int Total, int Correct)>();
        foreach (var line in File.ReadLines(heldOut))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var f = line.Split('\t');
            var (name, category) = (f[0], f[1]);
            var country = f.Length > 2 && f[2].Length > 0 ? f[2].Split(',')[0] : null;
            if (category == Categories.Other || handWritten.CategoryOf(name) is not null) continue;
            var parsed = parser.Parse($"{name} 12.50", new ParseContext(now, TimeZoneInfo.Utc, "USD", "en", country));
            var got = parsed.Transactions.Count == 1 ? parsed.Transactions[0].Category : "(none)";
            total++;
            if (got == category) correct++;
            else if (verbose) Console.WriteLine($"{name}\t{category}\t→ {got}");
            if (got == Categories.Other) other++;
            var c = byCategory.GetValueOrDefault(category);
            byCategory[category] = (c.Total + 1, c.Correct + (got == category ? 1 : 0));
        }
        Console.WriteLine($"brands: {total}, category right: {correct} ({(double)correct / Math.Max(1, total):P1}), \"other\": {other} ({(double)other / Math.Max(1, total):P1})");
        foreach (var (category, (n, right)) in byCategory.OrderByDescending(p => p.Value.Total))
            Console.WriteLine($"  {category,-14} {n,6} {(double)right / n,8:P1}");
        return Task.FromResult(0);
    }
}
