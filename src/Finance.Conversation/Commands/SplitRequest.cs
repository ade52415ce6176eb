using System.Globalization;
using System.Text.RegularExpressions;

namespace Finance.Conversation.Commands;

/// <summary>A shared bill: "dinner 120 split 3 ways", "dinner 120, my share", "split with Ana and Bia",
/// "jantar 120 dividido por 3", "minha parte". <see cref="Rest"/> is the message without those words (so "3"
/// is not read as a second amount); <see cref="Ways"/> is null when the message does not say how many;
/// <see cref="Names"/> are the people "split with" names.</summary>
public sealed partial record SplitRequest(string Rest, int? Ways, IReadOnlyList<string>? Names = null)
{
    public static SplitRequest? Read(string text)
    {
        // "… /3" is how the "how many?" buttons answer.
        if (Buttoned().Match(text) is { Success: true } buttoned)
            return new SplitRequest(Without(Vague().Replace(text[..buttoned.Index], " ")), int.Parse(buttoned.Groups[1].Value, CultureInfo.InvariantCulture));
        if (Counted().Match(text) is { Success: true } counted)
        {
            var ways = int.Parse(counted.Groups["n"].Value, CultureInfo.InvariantCulture);
            return ways is >= 2 and <= 50 ? new SplitRequest(Without(Vague().Replace(text.Remove(counted.Index, counted.Length), " ")), ways) : null;
        }
        if (With().Match(text) is { Success: true } with)
        {
            var names = NameSeparators().Split(with.Groups["names"].Value).Select(n => Article().Replace(n.Trim().TrimEnd('.', '!', ';'), "")).Where(n => n.Length > 0).ToList();
            return new SplitRequest(Without(text.Remove(with.Index, with.Length)), names.Count + 1, names);
        }
        return Vague().Match(text) is { Success: true } vague ? new SplitRequest(Without(text.Remove(vague.Index, vague.Length)), null) : null;
    }

    private static string Without(string text) => Regex.Replace(text, @"[\s,;]+$|^\s+", "").Replace(" ,", ",");

    [GeneratedRegex(@"\s/(\d{1,2})\s*$")]
    private static partial Regex Buttoned();

    [GeneratedRegex(@"[,;]?\s*\b(?:split(?:\s+(?:in|into|by|between))?\s+(?<n>\d{1,2})(?:\s+ways?|\s+people)?|(?<n>\d{1,2})\s+ways|divid\w*\s+(?:por|em|entre)\s+(?<n>\d{1,2})(?:\s+pessoas)?|rach\w*\s+(?:por|em|entre)\s+(?<n>\d{1,2}))\b", RegexOptions.IgnoreCase)]
    private static partial Regex Counted();

    [GeneratedRegex(@"[,;]?\s*\b(?:split|divid\w*|rach\w*)\s+(?:with|com)\s+(?<names>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex With();

    // "dividido com a Bia": the article is not her name.
    [GeneratedRegex(@"^(?:a|o|the)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex Article();

    [GeneratedRegex(@"\s*(?:,|\band\b|\be\b)\s*", RegexOptions.IgnoreCase)]
    private static partial Regex NameSeparators();

    [GeneratedRegex(@"[,;]?\s*\b(?:my\s+share|minha\s+parte|split|dividid[oa]|rachad[oa]|rachei)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Vague();
}
