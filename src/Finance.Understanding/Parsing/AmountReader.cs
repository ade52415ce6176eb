namespace Finance.Understanding.Parsing;

/// <summary>Finds the prices in a message: digits in either decimal convention, "1.5k", currency marks on
/// either side, "2x 9,90" and "3 at 6 each" (quantity times price), and number words when no digits are
/// there. A small count before an item ("2 coffees 9") is a quantity, not a price: the price is the total.</summary>
public static class AmountReader
{
    public readonly record struct FoundAmount(int First, int Last, decimal Value, string? CurrencyMark);

    public static List<FoundAmount> Read(List<Token> tokens, bool[] used, MerchantDirectory merchants)
    {
        var found = new List<FoundAmount>(2);
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (used[i] || !t.IsNumber) continue;
            if (merchants.MatchAt(tokens, i, used) is not null && !IsPriceMark(tokens, i + 1) && NextNumberInItem(tokens, i + 1, used) >= 0)
                continue; // "99 12": the first is the ride app 99
            if (IsQuantity(tokens, i, used, out var pricedEach))
            {
                used[i] = !pricedEach; // a count priced "each" is left for the price to multiply by
                continue;
            }
            var first = i;
            var last = i;
            var value = t.Value;
            // "2x 9,90", "2 x 9.90"
            if (W(tokens, i + 1) == "x" && i + 2 < tokens.Count && tokens[i + 2].IsNumber && !used[i + 2])
            {
                value = t.Value * tokens[i + 2].Value;
                last = i + 2;
            }
            else if (W(tokens, i + 1) == "x" && tokens[i + 1].Glued)
            {
                continue; // "2x" with the price elsewhere: leave it for a later number
            }
            found.Add(Finish(tokens, used, first, last, value));
            i = found[^1].Last;
        }
        if (found.Count > 0) return found;

        for (var i = 0; i < tokens.Count; i++)
        {
            if (used[i] || !tokens[i].IsWord) continue;
            if (!NumberWords.TryRead(tokens, i, used, out var value, out var end)) continue;
            found.Add(Finish(tokens, used, i, end, value));
            i = found[^1].Last;
        }
        return found;
    }

    private static FoundAmount Finish(List<Token> tokens, bool[] used, int first, int last, decimal value)
    {
        string? mark = null;
        // "1.5k", "2 mil", "3 grand"
        if (W(tokens, last + 1) is "k" or "mil" or "grand" or "thousand" && (tokens[last + 1].Glued || tokens[last + 1].Folded != "k"))
        {
            value *= 1000;
            last++;
        }
        if (first > 0 && !used[first - 1])
        {
            var before = tokens[first - 1];
            if (before.Kind == TokenKind.Currency) { mark = before.Text; first--; }
            else if (before.IsWord && before.Folded.Length == 3 && CurrencyMarks.FromWord(before.Folded) is { } code) { mark = code; first--; }
        }
        if (last + 1 < tokens.Count && !used[last + 1])
        {
            var after = tokens[last + 1];
            if (after.Kind == TokenKind.Currency && mark is null) { mark = after.Text; last++; }
            else if (after.IsWord && CurrencyMarks.FromWord(after.Folded) is { } code)
            {
                mark ??= code;
                last++;
                // "25 reais e 50 centavos", "vinte e cinco reais e cinquenta centavos"
                if (W(tokens, last + 1) is "e" or "and" && last + 2 < tokens.Count)
                {
                    if (tokens[last + 2].IsNumber && CurrencyMarks.IsCents(W(tokens, last + 3)))
                    {
                        value += tokens[last + 2].Value / 100m; last += 3;
                    }
                    else if (NumberWords.TryRead(tokens, last + 2, used, out var cents, out var centsEnd) && CurrencyMarks.IsCents(W(tokens, centsEnd + 1)))
                    {
                        value += cents / 100m; last = centsEnd + 1;
                    }
                }
            }
            else if (after.IsWord && CurrencyMarks.IsCents(after.Folded))
            {
                value /= 100m; last++;
            }
        }
        // "3 beers at 6 each", "3 cervejas a 12 cada"
        if (W(tokens, last + 1) is "each" or "cada" or "ea" or "apiece")
        {
            last++;
            for (var k = first - 1; k >= 0 && tokens[k].Kind != TokenKind.Separator; k--)
            {
                if (used[k]) continue;
                if (tokens[k].IsNumber && !tokens[k].HasSeparator && tokens[k].Value is >= 1 and <= 100)
                {
                    value *= tokens[k].Value; used[k] = true; break;
                }
                if (tokens[k].IsWord && NumberWords.IsNumberWord(tokens[k].Folded) && NumberWords.TryRead(tokens, k, used, out var q, out _) && q == decimal.Truncate(q))
                {
                    value *= q; used[k] = true; break;
                }
            }
        }
        for (var k = first; k <= last; k++) used[k] = true;
        return new FoundAmount(first, last, value, mark);
    }

    /// <summary>"2 coffees 9": a small whole number at the start of an item, followed by a word and then by
    /// another number in the same item.</summary>
    private static bool IsQuantity(List<Token> tokens, int i, bool[] used, out bool pricedEach)
    {
        pricedEach = false;
        var t = tokens[i];
        if (t.HasSeparator || t.Value is < 1 or > 12 || i + 1 >= tokens.Count) return false;
        var next = tokens[i + 1];
        if (!next.IsWord || next.Glued || CurrencyMarks.FromWord(next.Folded) is not null || next.Folded is "x" or "k" or "mil" or "e" or "and" or "each" or "cada") return false;
        // "hotel 2 nights 380", "2 diárias 380": a count of units wherever it stands.
        if (Vocabulary.CountUnits.Contains(next.Folded) && NextNumberInItem(tokens, i + 1, used) >= 0) return true;
        var atItemStart = i == 0 || tokens[i - 1].Kind == TokenKind.Separator || used[i - 1] ||
            (tokens[i - 1].IsWord && (Vocabulary.Connectors.Contains(tokens[i - 1].Folded) || IsBuyVerb(tokens[i - 1].Folded)));
        if (!atItemStart) return false;
        var nextNumber = NextNumberInItem(tokens, i + 1, used);
        if (nextNumber < 0) return false;
        // "3 cervejas a 12 cada": the price multiplies; "2 coffees 9": 9 is the total.
        pricedEach = W(tokens, nextNumber + 1) is "each" or "cada" or "ea" or "apiece";
        return true;
    }

    private static bool IsBuyVerb(string w) => w is "bought" or "got" or "comprei" or "compramos" or "peguei" or "tomei" or "had" or "ordered" or "pedi";

    private static int NextNumberInItem(List<Token> tokens, int from, bool[] used)
    {
        for (var k = from; k < tokens.Count; k++)
        {
            var t = tokens[k];
            if (t.Kind == TokenKind.Separator || (t.IsWord && t.Folded is "and" or "e" or "plus")) return -1;
            if (t.IsNumber && !used[k]) return k;
        }
        return -1;
    }

    private static bool IsPriceMark(List<Token> tokens, int i) =>
        i < tokens.Count && (tokens[i].Kind == TokenKind.Currency || (tokens[i].IsWord && (CurrencyMarks.FromWord(tokens[i].Folded) is not null || tokens[i].Folded is "k" or "x")));

    private static string W(List<Token> tokens, int i) => i >= 0 && i < tokens.Count && tokens[i].IsWord ? tokens[i].Folded : "";
}
