using System.Text.RegularExpressions;
using Finance.Core;

namespace Finance.Conversation.Commands;

/// <summary>A message that lists prices and then says what they came to ("screws 12 and a hammer 25, came to
/// 67.40 in the end", "pão 8 e café 6, deu 14 no total"): the stated total is the one expense, booked once, and
/// the items' words describe it. Prices that add up to more than the total are separate purchases after all.</summary>
public static partial class StatedTotal
{
    public static IReadOnlyList<ParsedTransaction> Apply(string text, IReadOnlyList<ParsedTransaction> items)
    {
        if (items.Count < 2 || items.Any(i => i.Direction != Direction.Expense)) return items;
        var cue = Before().Match(text) is { Success: true } before ? before : After().Match(text);
        if (!cue.Success || ReceiptBooking.BareAmount(cue.Groups["amount"].Value) is not { } total) return items;
        var stated = items.LastOrDefault(i => i.Amount == total);
        if (stated is null) return items;
        var others = items.Where(i => !ReferenceEquals(i, stated)).ToList();
        if (others.Sum(i => i.Amount) > total || others.Any(i => i.Currency != stated.Currency)) return items;

        var words = others.Select(i => i.Description ?? i.Merchant).Where(w => !string.IsNullOrWhiteSpace(w)).ToList();
        return
        [
            stated with
            {
                Category = stated.Category != Categories.Other ? stated.Category
                    : others.FirstOrDefault(i => i.Category != Categories.Other)?.Category ?? Categories.Other,
                Merchant = stated.Merchant ?? others.Select(i => i.Merchant).FirstOrDefault(m => m is not null),
                Description = words.Count > 0 ? string.Join(", ", words) : stated.Description,
            },
        ];
    }

    private const string Amount = @"(?<amount>(?:R\$|US\$|[$€£])?\s*\d[\d.,]*\d|(?:R\$|US\$|[$€£])?\s*\d)";

    // "came to 67.40", "total: 67.40", "deu 67,40", "ficou em 67,40"
    [GeneratedRegex(@"\b(?:came\s+(?:out\s+)?to|comes?\s+(?:out\s+)?to|total(?:\s+(?:was|is|of|de|foi))?\s*:?|in\s+total|altogether|all\s+together|deu(?:\s+tudo)?|tudo\s+(?:deu|saiu(?:\s+por)?)|saiu\s+por|ficou\s+em|no\s+total|ao\s+todo|somou)\s+" + Amount, RegexOptions.IgnoreCase)]
    private static partial Regex Before();

    // "67.40 in total", "67,40 ao todo"
    [GeneratedRegex(Amount + @"\s+(?:in\s+total|altogether|all\s+together|total|no\s+total|ao\s+todo|de\s+total)\b", RegexOptions.IgnoreCase)]
    private static partial Regex After();
}
