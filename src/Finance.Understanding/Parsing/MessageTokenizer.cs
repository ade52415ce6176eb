using System.Text;
using Finance.Core;

namespace Finance.Understanding.Parsing;

/// <summary>Splits a message into words, numbers, currency marks and separators. Emojis and stray
/// punctuation fall away; a comma or dot between digits stays inside the number.</summary>
public static class MessageTokenizer
{
    public static List<Token> Tokenize(string text)
    {
        text = Digits.Western(text);
        var tokens = new List<Token>(16);
        var glued = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsDigit(c))
            {
                var start = i;
                while (i < text.Length && (char.IsDigit(text[i]) ||
                       ((text[i] == '.' || text[i] == ',') && i + 1 < text.Length && char.IsDigit(text[i + 1]))))
                    i++;
                // A clock time ("12:30", "19h", "7pm") or a percentage says nothing about the price.
                if (IsClockTime(text, start, ref i) || (i < text.Length && text[i] == '%'))
                {
                    if (i < text.Length && text[i] == '%') i++;
                    tokens.Add(new Token(TokenKind.Word, "(time)", "(time)", 0, glued, false));
                    glued = true;
                    continue;
                }
                var raw = text[start..i];
                tokens.Add(new Token(TokenKind.Number, raw, raw, ParseNumber(raw), glued, raw.AsSpan().IndexOfAny('.', ',') >= 0));
                glued = true;
                continue;
            }
            if (c is 'º' or 'ª' or '°')
            {
                i++; // "1º de novembro": the ordinal mark adds nothing
                continue;
            }
            if (char.IsLetter(c))
            {
                var start = i;
                while (i < text.Length && (char.IsLetter(text[i]) ||
                       ((text[i] == '\'' || text[i] == '’' || text[i] == '-') && i + 1 < text.Length && char.IsLetter(text[i + 1]))))
                    i++;
                if (i < text.Length && text[i] == '+') i++; // disney+, apple tv+
                var word = text[start..i].ToLowerInvariant().Replace('’', '\'');
                if (i < text.Length && text[i] == '$' && CurrencyMarks.PrefixedDollar(word) is { } code)
                {
                    i++;
                    tokens.Add(new Token(TokenKind.Currency, code, code, 0, glued, false));
                }
                else
                {
                    tokens.Add(new Token(TokenKind.Word, word, Fold(word), 0, glued, false));
                }
                glued = true;
                continue;
            }
            if (EmojiWord(text, i) is { } emoji)
            {
                // A picture of a coffee says what was bought as well as the word would.
                tokens.Add(new Token(TokenKind.Word, emoji.Word, emoji.Word, 0, false, false));
                i += emoji.Length;
                glued = false;
                continue;
            }
            i++;
            Token? mark = c switch
            {
                '$' => new Token(TokenKind.Currency, "$", "$", 0, glued, false),
                '€' => new Token(TokenKind.Currency, "EUR", "EUR", 0, glued, false),
                '£' => new Token(TokenKind.Currency, "GBP", "GBP", 0, glued, false),
                '¥' => new Token(TokenKind.Currency, "JPY", "JPY", 0, glued, false),
                '₹' => new Token(TokenKind.Currency, "INR", "INR", 0, glued, false),
                ',' or ';' or '+' or '&' or '\n' or '|' => new Token(TokenKind.Separator, c.ToString(), c.ToString(), 0, glued, false),
                '?' => new Token(TokenKind.Question, "?", "?", 0, glued, false),
                '/' => new Token(TokenKind.Slash, "/", "/", 0, glued, false),
                '@' => new Token(TokenKind.Word, "at", "at", 0, glued, false),
                '×' or '*' => new Token(TokenKind.Word, "x", "x", 0, glued, false),
                _ => null,
            };
            if (mark is { } m) { tokens.Add(m); glued = true; }
            else glued = false;
        }
        return tokens;
    }

    private static bool IsClockTime(string text, int start, ref int i)
    {
        var digits = i - start;
        if (digits is < 1 or > 2 || text.AsSpan(start, digits).IndexOfAny('.', ',') >= 0) return false;
        // "12:30", "7:05pm"
        if (i + 2 < text.Length && text[i] == ':' && char.IsDigit(text[i + 1]) && char.IsDigit(text[i + 2]) &&
            (i + 3 == text.Length || !char.IsDigit(text[i + 3])))
        {
            i += 3;
            SkipMeridiem(text, ref i);
            return true;
        }
        // "7pm", "7 pm", "19h", "19h30"
        var k = i;
        if (k < text.Length && text[k] == ' ' && k + 2 < text.Length && IsMeridiem(text, k + 1)) k++;
        if (IsMeridiem(text, k)) { i = k; SkipMeridiem(text, ref i); return true; }
        if (k == i && k < text.Length && text[k] == 'h' && (k + 1 == text.Length || !char.IsLetter(text[k + 1]) ))
        {
            i = k + 1;
            while (i < text.Length && char.IsDigit(text[i]) && i - k <= 2) i++;
            return true;
        }
        return false;
    }

    private static bool IsMeridiem(string text, int k) =>
        k + 1 < text.Length && (text[k] is 'a' or 'p' or 'A' or 'P') && (text[k + 1] is 'm' or 'M') &&
        (k + 2 == text.Length || !char.IsLetter(text[k + 2]));

    private static void SkipMeridiem(string text, ref int i)
    {
        var k = i < text.Length && text[i] == ' ' ? i + 1 : i;
        if (IsMeridiem(text, k)) i = k + 2;
    }

    /// <summary>Reads "45.90", "45,90", "1.234,56", "1,234.56", "1.234" (thousands: three digits after a
    /// single kind of separator), "12,5" (decimal).</summary>
    public static decimal ParseNumber(ReadOnlySpan<char> raw)
    {
        var lastSep = raw.LastIndexOfAny('.', ',');
        if (lastSep < 0) return decimal.Parse(raw, System.Globalization.CultureInfo.InvariantCulture);
        var decimals = raw.Length - lastSep - 1;
        var sepChar = raw[lastSep];
        var otherSep = sepChar == '.' ? ',' : '.';
        var repeated = raw[..lastSep].IndexOf(sepChar) >= 0;
        var hasOther = raw[..lastSep].IndexOf(otherSep) >= 0;
        // Three digits after the only kind of separator: thousands. A repeated separator: thousands too.
        var isThousands = (decimals == 3 && !hasOther) || repeated;
        decimal whole = 0, fraction = 0, scale = 1;
        for (var k = 0; k < raw.Length; k++)
        {
            var ch = raw[k];
            if (!char.IsDigit(ch)) continue;
            if (!isThousands && k > lastSep)
            {
                scale /= 10;
                fraction += (ch - '0') * scale;
            }
            else whole = whole * 10 + (ch - '0');
        }
        return whole + fraction;
    }

    private static readonly (string Emoji, string Word)[] Emojis =
    [
        ("☕", "coffee"), ("🍕", "pizza"), ("🍔", "burger"), ("🍺", "beer"), ("🍻", "beer"), ("🍷", "drinks"), ("🍣", "sushi"),
        ("🍽", "restaurant"), ("🥐", "bakery"), ("🍦", "ice cream"), ("🍩", "donut"), ("🌮", "tacos"), ("🛒", "groceries"),
        ("⛽", "gas"), ("🚕", "taxi"), ("🚗", "car"), ("🚌", "bus"), ("🚇", "metro"), ("🚆", "train"), ("✈", "flight"),
        ("🏨", "hotel"), ("💊", "pharmacy"), ("🏥", "hospital"), ("🦷", "dentist"), ("🎬", "movie"), ("🍿", "movie"),
        ("🎮", "game"), ("🎟", "tickets"), ("🎁", "gift"), ("💐", "flowers"), ("💇", "haircut"), ("💅", "manicure"),
        ("📚", "books"), ("🏠", "rent"), ("💡", "electricity"), ("📱", "phone"), ("👕", "clothes"), ("👟", "shoes"),
        ("💰", ""), ("💸", ""), ("💵", ""),
    ];

    private static (string Word, int Length)? EmojiWord(string text, int i)
    {
        var c = text[i];
        if (!char.IsSurrogate(c) && c < 0x2000) return null;
        foreach (var (emoji, word) in Emojis)
            if (word.Length > 0 && string.CompareOrdinal(text, i, emoji, 0, emoji.Length) == 0)
                return (word, emoji.Length);
        return null;
    }

    public static string Fold(string word)
    {
        var ascii = true;
        foreach (var ch in word) if (ch > 127) { ascii = false; break; }
        if (ascii) return word;
        var sb = new StringBuilder(word.Length);
        foreach (var ch in word)
        {
            sb.Append(ch switch
            {
                'á' or 'à' or 'â' or 'ã' or 'ä' => 'a',
                'é' or 'ê' or 'è' or 'ë' => 'e',
                'í' or 'ì' or 'î' or 'ï' => 'i',
                'ó' or 'ô' or 'õ' or 'ò' or 'ö' => 'o',
                'ú' or 'ù' or 'û' or 'ü' => 'u',
                'ç' => 'c',
                'ñ' => 'n',
                _ => ch,
            });
        }
        return sb.ToString();
    }
}
