using Finance.Understanding.Parsing;

namespace Finance.Banks.Matching;

/// <summary>How alike two merchant texts are, 0 to 1, or null when one side names nothing to compare.
/// One name inside the other ("starbucks" in "STARBUCKS COFFEE 123") is 1; otherwise the share of the
/// shorter name's words found in the other, a word counting when it is one typo away (two for long words).</summary>
public static class MerchantSimilarity
{
    public static double? Of(string? a, string? b)
    {
        var left = Words(a);
        var right = Words(b);
        if (left.Count == 0 || right.Count == 0) return null;
        var joinedLeft = string.Concat(left);
        var joinedRight = string.Concat(right);
        var (shortJoined, longJoined) = joinedLeft.Length <= joinedRight.Length ? (joinedLeft, joinedRight) : (joinedRight, joinedLeft);
        if (shortJoined.Length >= 3 && longJoined.Contains(shortJoined, StringComparison.Ordinal)) return 1;

        var (shorter, longer) = left.Count <= right.Count ? (left, right) : (right, left);
        var found = shorter.Count(w => longer.Any(o => Alike(w, o)));
        return (double)found / shorter.Count;
    }

    private static bool Alike(string a, string b)
    {
        if (a == b) return true;
        var bound = Math.Min(a.Length, b.Length) switch { >= 8 => 2, >= 4 => 1, _ => 0 };
        return bound > 0 && EditDistance.Bounded(a, b, bound) <= bound;
    }

    private static List<string> Words(string? text) =>
        text is null
            ? []
            : MessageTokenizer.Tokenize(text).Where(t => t.IsWord && t.Folded.Length > 1).Select(t => t.Folded).ToList();
}
