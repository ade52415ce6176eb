using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Finance.Banks.Descriptions;
using Finance.Core;
using Finance.Understanding.Parsing;
using nietras.SeparatedValues;

namespace Finance.Cli;

/// <summary>finance eval-banks FILE [--country ZA] [--verbose]: category accuracy on real bank descriptions labelled by people, a CSV
/// with description, amount and label columns (YassirAwad/bank-transaction-classifier, data/transactions.csv, MIT:
/// South African bank statements). Its labels are mapped to our taxonomy; labels with no counterpart (general
/// purchases, insurance, investments, debit orders) are left out. Rows are split in two halves by a hash of the
/// description: "tune" may be looked at, "held-out" is only reported. The rows are read as a chat in the data's country
/// would read them (--country, default ZA for this data set): brands that share a name are told apart by it.</summary>
internal static class BankEvalCommand
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Groceries"] = Categories.Groceries, ["Eating Out"] = Categories.Dining, ["Fast Food & Takeouts"] = Categories.Dining,
        ["Coffee"] = Categories.Dining, ["Restaurants"] = Categories.Dining, ["Transport"] = Categories.Transport,
        ["Fuel"] = Categories.Transport, ["Parking"] = Categories.Transport, ["Subscriptions"] = Categories.Subscriptions,
        ["Bank Charges and Fees"] = Categories.Fees, ["Insufficient Funds Fee"] = Categories.Fees, ["Interest Repayment"] = Categories.Fees,
        ["Spend Limit Exceeded Fee"] = Categories.Fees, ["Cash Deposit Fee"] = Categories.Fees, ["Entertainment"] = Categories.Entertainment,
        ["Health and Medical"] = Categories.Health, ["Personal Care"] = Categories.PersonalCare, ["Holidays and Travel"] = Categories.Travel,
        ["Cellular Data Purchase"] = Categories.Utilities, ["Clothing"] = Categories.Shopping, ["Electronics and Appliances"] = Categories.Shopping,
        ["Home and Garden"] = Categories.Shopping, ["Online Purchase"] = Categories.Shopping, ["Education"] = Categories.Education,
        ["Donation"] = Categories.Gifts,
    };

    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var countryAt = Array.IndexOf(args, "--country");
        var country = countryAt >= 0 && countryAt + 1 < args.Length ? args[countryAt + 1].ToUpperInvariant() : "ZA";
        var file = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (countryAt < 0 || i != countryAt + 1)).FirstOrDefault();
        if (file is null || !File.Exists(file))
        {
            Console.Error.WriteLine("usage: finance eval-banks FILE [--country ZA] [--verbose]   (CSV with description, amount, label)");
            return Task.FromResult(2);
        }
        var parser = RuleParser.LoadDefault(out var modelProblem);
        if (modelProblem is not null) Console.Error.WriteLine($"note: {modelProblem}");
        var reader = new BankDescriptions(parser.Merchants, parser.Classifier);
        var results = new List<(string Half, string Source, bool Right)>();
        using var csv = Sep.Reader(o => o with { Unescape = true }).FromFile(file);
        foreach (var row in csv)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var description = row["description"].ToString();
            if (!Labels.TryGetValue(row["label"].ToString(), out var expected)) continue;
            var amountText = row["amount"].ToString().Replace(" ", "");
            if (!decimal.TryParse(amountText, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) || amount >= 0) continue;
            var described = reader.Describe(description, Direction.Expense, country);
            var half = SHA256.HashData(Encoding.UTF8.GetBytes(description))[0] % 2 == 0 ? "tune" : "held-out";
            results.Add((half, described.CategorySource, described.Category == expected));
            if (args.Contains("--verbose") && described.Category != expected)
                Console.Error.WriteLine($"{half}\t{expected}\t{described.Category}\t{described.CategorySource}\t{description}");
        }
        foreach (var group in results.GroupBy(r => r.Half).OrderBy(g => g.Key))
        {
            Console.WriteLine($"{group.Key}: {group.Count(r => r.Right)}/{group.Count()} = {100.0 * group.Count(r => r.Right) / group.Count():0.0}%");
            foreach (var source in group.GroupBy(r => r.Source).OrderByDescending(g => g.Count()))
                Console.WriteLine($"  {source.Key,-14} {source.Count(r => r.Right)}/{source.Count()} = {100.0 * source.Count(r => r.Right) / source.Count():0.0}%");
        }
        return Task.FromResult(0);
    }
}
