using System.Globalization;

namespace Finance.Media.Speech;

/// <summary>
/// Rewrites the number words a recognizer hears as digits ("twelve dollars and fifty cents" →
/// "12.50 dollars"), so an offline transcript reads like a Whisper one and the parser sees amounts.
/// </summary>
public static class SpokenAmounts
{
    private enum Kind { Unit, Teen, Tens, Hundred, Thousand }

    private static readonly Dictionary<string, (long Value, Kind Kind)> Numbers = new(StringComparer.Ordinal)
    {
        ["zero"] = (0, Kind.Unit), ["one"] = (1, Kind.Unit), ["two"] = (2, Kind.Unit), ["three"] = (3, Kind.Unit),
        ["four"] = (4, Kind.Unit), ["five"] = (5, Kind.Unit), ["six"] = (6, Kind.Unit), ["seven"] = (7, Kind.Unit),
        ["eight"] = (8, Kind.Unit), ["nine"] = (9, Kind.Unit), ["ten"] = (10, Kind.Teen), ["eleven"] = (11, Kind.Teen),
        ["twelve"] = (12, Kind.Teen), ["thirteen"] = (13, Kind.Teen), ["fourteen"] = (14, Kind.Teen),
        ["fifteen"] = (15, Kind.Teen), ["sixteen"] = (16, Kind.Teen), ["seventeen"] = (17, Kind.Teen),
        ["eighteen"] = (18, Kind.Teen), ["nineteen"] = (19, Kind.Teen), ["twenty"] = (20, Kind.Tens),
        ["thirty"] = (30, Kind.Tens), ["forty"] = (40, Kind.Tens), ["fifty"] = (50, Kind.Tens), ["sixty"] = (60, Kind.Tens),
        ["seventy"] = (70, Kind.Tens), ["eighty"] = (80, Kind.Tens), ["ninety"] = (90, Kind.Tens),
        ["hundred"] = (100, Kind.Hundred), ["thousand"] = (1000, Kind.Thousand),
    };

    private static readonly Dictionary<string, string> Currencies = new(StringComparer.Ordinal)
    {
        ["dollar"] = "dollars", ["dollars"] = "dollars", ["buck"] = "dollars", ["bucks"] = "dollars",
        ["euro"] = "euros", ["euros"] = "euros", ["pound"] = "pounds", ["pounds"] = "pounds", ["quid"] = "pounds",
        ["real"] = "reais", ["reais"] = "reais", ["ringgit"] = "ringgit", ["peso"] = "pesos", ["pesos"] = "pesos",
        ["yen"] = "yen", ["rupee"] = "rupees", ["rupees"] = "rupees",
    };

    private static readonly HashSet<string> Cents = ["cent", "cents", "centavo", "centavos", "pence", "penny", "sen"];

    private static readonly Dictionary<string, int> Digits = new(StringComparer.Ordinal)
    {
        ["zero"] = 0, ["oh"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5,
        ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9,
    };

    /// <summary>Whether the word is part of a spoken number ("seven", "hundred"; not "a" or "and").</summary>
    public static bool IsNumberWord(string word) => Numbers.ContainsKey(word);

    /// <summary>Whether the word belongs to a spoken amount: a number word, a currency or its cents, or a word that joins
    /// them ("point", "and", "oh", "a" as in "a hundred").</summary>
    public static bool IsAmountWord(string word) =>
        IsNumberWord(word) || Currencies.ContainsKey(word) || Cents.Contains(word) || word is "point" or "and" or "oh" or "a";

    /// <summary>Whether the word is a digit said alone, as in a digit string ("seven", "oh"; not "seventeen").</summary>
    public static bool IsDigitWord(string word) => Digits.ContainsKey(word);

    public static string ToDigits(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var w = 0; w < words.Length; w++)
            if (words[w] == "oh" && IsSpokenZero(words, w)) words[w] = "zero";
        var output = new List<string>(words.Length);
        var i = 0;
        while (i < words.Length)
        {
            if (!TryNumber(words, ref i, out var whole)) { output.Add(words[i++]); continue; }
            decimal amount = whole;
            string? currency = null;

            if (At(words, i) == "point" && Digits.ContainsKey(At(words, i + 1) ?? ""))
            {
                i++;
                var fraction = "";
                while (At(words, i) is { } d && Digits.TryGetValue(d, out var digit)) { fraction += digit; i++; }
                amount = decimal.Parse($"{whole}.{fraction}", CultureInfo.InvariantCulture);
            }
            if (At(words, i) is { } c && Currencies.TryGetValue(c, out var name)) { currency = name; i++; }

            // "twelve dollars and fifty cents", "twelve dollars fifty", "twelve fifty"
            var j = At(words, i) == "and" ? i + 1 : i;
            var k = j;
            if (amount == whole && TryNumber(words, ref k, out var cents) && cents is >= 1 and <= 99
                && (currency is not null || Cents.Contains(At(words, k) ?? "") || cents >= 10))
            {
                if (Cents.Contains(At(words, k) ?? "")) k++;
                else if (currency is null && At(words, k) is { } c2 && Currencies.TryGetValue(c2, out var late)) { currency = late; k++; }
                amount = whole + cents / 100m;
                i = k;
            }
            else if (currency is null && whole < 100 && Cents.Contains(At(words, i) ?? ""))
            {
                amount = whole / 100m; // "fifty cents"
                currency = "dollars";
                i++;
            }

            output.Add(amount.ToString(amount == decimal.Truncate(amount) ? "0" : "0.00", CultureInfo.InvariantCulture));
            if (currency is not null) output.Add(currency);
        }
        return string.Join(' ', output);
    }

    private static string? At(string[] words, int i) => i < words.Length ? words[i] : null;

    // People read a zero in a digit string as the letter ("one five oh four four", "four oh three"), and "oh" is also
    // just "oh" ("oh i forgot, five dollars"). It is a zero after a number word ("one oh", "fifty six oh five") or
    // after "point", and at the start of a digit string ("oh seven nine two two": two more digits follow).
    private static bool IsSpokenZero(string[] words, int i) =>
        (i > 0 && (Numbers.ContainsKey(words[i - 1]) || words[i - 1] == "point"))
        || (Digits.ContainsKey(At(words, i + 1) ?? "") && Digits.ContainsKey(At(words, i + 2) ?? ""));

    /// <summary>Reads one spoken whole number ("two thousand five hundred and twelve") starting at i.</summary>
    private static bool TryNumber(string[] words, ref int i, out long value)
    {
        long total = 0, current = 0;
        Kind? last = null;
        var start = i;
        while (i < words.Length)
        {
            var word = words[i];
            if (word == "a" && last is null && At(words, i + 1) is "hundred" or "thousand") { current = 1; last = Kind.Unit; i++; continue; }
            if (word == "and" && last is Kind.Hundred or Kind.Thousand && At(words, i + 1) is { } next
                && Numbers.TryGetValue(next, out var n) && n.Kind is Kind.Unit or Kind.Teen or Kind.Tens) { i++; continue; }
            if (!Numbers.TryGetValue(word, out var number) || !Follows(last, number.Kind, current)) break;
            switch (number.Kind)
            {
                case Kind.Hundred: current = (current == 0 ? 1 : current) * 100; break;
                case Kind.Thousand: total += (current == 0 ? 1 : current) * 1000; current = 0; break;
                default: current += number.Value; break;
            }
            last = number.Kind;
            i++;
        }
        value = total + current;
        if (last is null || (i - start == 1 && words[start] == "a")) { i = start; return false; }
        return true;
    }

    private static bool Follows(Kind? last, Kind next, long current) => (last, next) switch
    {
        (null, _) => true,
        (Kind.Tens, Kind.Unit) => current % 10 == 0,
        (Kind.Tens or Kind.Unit or Kind.Teen, Kind.Hundred) => current < 100,
        (Kind.Unit or Kind.Teen or Kind.Tens or Kind.Hundred, Kind.Thousand) => current < 1000,
        (Kind.Hundred, Kind.Unit or Kind.Teen or Kind.Tens) => true,
        (Kind.Thousand, Kind.Unit or Kind.Teen or Kind.Tens) => true,
        _ => false,
    };
}
