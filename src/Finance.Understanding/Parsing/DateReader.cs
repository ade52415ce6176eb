using System.Collections.Frozen;

namespace Finance.Understanding.Parsing;

/// <summary>Finds dates in a message and resolves them against the user's today: relative words, weekdays
/// (always the most recent past one), day of month, "3/11" by the message language, month names.
/// Tokens it reads are marked used so they are never taken for amounts.</summary>
public static class DateReader
{
    public readonly record struct FoundDate(int Index, DateOnly Date);

    private static readonly FrozenDictionary<string, DayOfWeek> Weekdays = new Dictionary<string, DayOfWeek>
    {
        ["monday"] = DayOfWeek.Monday, ["tuesday"] = DayOfWeek.Tuesday, ["wednesday"] = DayOfWeek.Wednesday,
        ["thursday"] = DayOfWeek.Thursday, ["friday"] = DayOfWeek.Friday, ["saturday"] = DayOfWeek.Saturday,
        ["sunday"] = DayOfWeek.Sunday, ["tues"] = DayOfWeek.Tuesday, ["thurs"] = DayOfWeek.Thursday, ["weds"] = DayOfWeek.Wednesday,
        ["segunda"] = DayOfWeek.Monday, ["terca"] = DayOfWeek.Tuesday, ["quarta"] = DayOfWeek.Wednesday,
        ["quinta"] = DayOfWeek.Thursday, ["sexta"] = DayOfWeek.Friday, ["sabado"] = DayOfWeek.Saturday,
        ["domingo"] = DayOfWeek.Sunday, ["segunda-feira"] = DayOfWeek.Monday, ["terca-feira"] = DayOfWeek.Tuesday,
        ["quarta-feira"] = DayOfWeek.Wednesday, ["quinta-feira"] = DayOfWeek.Thursday, ["sexta-feira"] = DayOfWeek.Friday,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static readonly FrozenDictionary<string, int> Months = new Dictionary<string, int>
    {
        ["january"] = 1, ["jan"] = 1, ["february"] = 2, ["feb"] = 2, ["march"] = 3, ["mar"] = 3, ["april"] = 4, ["apr"] = 4,
        ["may"] = 5, ["june"] = 6, ["jun"] = 6, ["july"] = 7, ["jul"] = 7, ["august"] = 8, ["aug"] = 8,
        ["september"] = 9, ["sep"] = 9, ["sept"] = 9, ["october"] = 10, ["oct"] = 10, ["november"] = 11, ["nov"] = 11,
        ["december"] = 12, ["dec"] = 12,
        ["janeiro"] = 1, ["fevereiro"] = 2, ["fev"] = 2, ["marco"] = 3, ["abril"] = 4, ["abr"] = 4, ["maio"] = 5, ["mai"] = 5,
        ["junho"] = 6, ["julho"] = 7, ["agosto"] = 8, ["ago"] = 8, ["setembro"] = 9, ["set"] = 9, ["outubro"] = 10, ["out"] = 10,
        ["novembro"] = 11, ["dezembro"] = 12, ["dez"] = 12,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Full month names, safe to read without a day next to them ("in october", "em maio").</summary>
    public static bool IsFullMonthName(string folded) => Months.ContainsKey(folded) && folded.Length > 4 || folded is "may" or "june" or "july" or "maio";

    private static readonly FrozenSet<string> PartsOfDay = new[]
    {
        "morning", "afternoon", "evening", "night", "tonight", "manha", "tarde", "noite", "cedo", "madrugada", "lunchtime",
    }.ToFrozenSet(StringComparer.Ordinal);

    public static List<FoundDate> Read(List<Token> tokens, bool[] used, string language, DateOnly today)
    {
        var found = new List<FoundDate>(1);
        for (var i = 0; i < tokens.Count; i++)
        {
            if (used[i]) continue;
            if (TryAt(tokens, i, used, language, today, out var date, out var first, out var last))
            {
                for (var k = first; k <= last; k++) used[k] = true;
                found.Add(new FoundDate(first, date));
                i = last;
            }
        }
        return found;
    }

    private static string W(List<Token> tokens, int i) => i >= 0 && i < tokens.Count && tokens[i].IsWord ? tokens[i].Folded : "";

    private static bool TryAt(List<Token> tokens, int i, bool[] used, string language, DateOnly today,
        out DateOnly date, out int first, out int last)
    {
        date = today; first = i; last = i;
        var t = tokens[i];
        var w = t.IsWord ? t.Folded : "";
        // Typos of the long relative words ("yesteday", "yesterdy", "anteontm").
        if (w.Length >= 7 && w != "yesterday" && EditDistance.Bounded(w, "yesterday", 2) <= 2) w = "yesterday";
        else if (w.Length >= 8 && w != "anteontem" && EditDistance.Bounded(w, "anteontem", 1) <= 1) w = "anteontem";
        switch (w)
        {
            case "today" or "hoje" or "hj" or "tonight" or "tday":
                last = SkipPartOfDay(tokens, i + 1) - 1;
                return true;
            case "yesterday" or "ontem" or "yday" or "yest":
                date = today.AddDays(-1);
                last = SkipPartOfDay(tokens, i + 1) - 1;
                return true;
            case "anteontem" or "antontem" or "antiontem":
                date = today.AddDays(-2);
                return true;
            case "this" or "esta" or "essa" or "nesta" or "nessa" when PartsOfDay.Contains(W(tokens, i + 1)):
                last = i + 1;
                return true;
            case "last" when W(tokens, i + 1) is "night" or "nite":
                date = today.AddDays(-1); last = i + 1;
                return true;
            case "day" when W(tokens, i + 1) == "before" && W(tokens, i + 2) == "yesterday":
                date = today.AddDays(-2); last = i + 2;
                return true;
            case "antes" when W(tokens, i + 1) == "de" && W(tokens, i + 2) == "ontem":
                date = today.AddDays(-2); last = i + 2;
                return true;
        }

        // "há 3 dias", "faz 2 dias", "3 days ago", "2 dias atrás", "a week ago", "há uma semana"
        if (w is "ha" or "faz" && TryCount(tokens, i + 1, used, out var n, out var unitIndex) && UnitDays(W(tokens, unitIndex)) is int perUnit)
        {
            date = today.AddDays(-n * perUnit); last = unitIndex;
            return true;
        }
        if (TryCount(tokens, i, used, out n, out unitIndex) && UnitDays(W(tokens, unitIndex)) is int unitDays &&
            W(tokens, unitIndex + 1) is "ago" or "atras" or "antes")
        {
            date = today.AddDays(-n * unitDays); last = unitIndex + 1;
            return true;
        }

        // Weekdays: "last friday", "on friday", "friday", "sexta passada", "na sexta", "sexta-feira".
        var weekdayWord = w;
        var lead = i;
        if (w is "last" or "on" or "past" or "na" or "no" or "this" or "nesta" or "nessa" or "neste" or "nesse" or "essa" or "esse" or "ultima" or "ultimo")
        {
            weekdayWord = W(tokens, i + 1);
            if (w == "this" && W(tokens, i + 1) == "past") weekdayWord = W(tokens, i + 2);
            lead = weekdayWord == W(tokens, i + 1) ? i + 1 : i + 2;
        }
        if (Weekdays.TryGetValue(weekdayWord, out var weekday) && !used[lead])
        {
            var back = ((int)today.DayOfWeek - (int)weekday + 7) % 7;
            if (back == 0) back = 7;
            date = today.AddDays(-back);
            first = i; last = lead;
            if (W(tokens, lead + 1) is "passada" or "passado" or "retrasada") last = lead + 1;
            if (W(tokens, last + 1) is "feira") last++;
            last = SkipPartOfDay(tokens, last + 1) - 1;
            return true;
        }

        // "dia 15", "no dia 15", "dia 3 de novembro"
        if (w == "dia" && i + 1 < tokens.Count && tokens[i + 1].IsSmallInteger && !used[i + 1] && !IsAmountContinuation(tokens, i + 1) &&
            !(i + 2 < tokens.Count && tokens[i + 2].Kind == TokenKind.Slash))
        {
            var day = (int)tokens[i + 1].Value;
            first = W(tokens, i - 1) is "no" or "on" or "em" && !used[i - 1] ? i - 1 : i;
            if (TryMonthAfterDay(tokens, i + 2, out var month, out var monthEnd, out var year))
            {
                date = Resolve(today, day, month, year); last = monthEnd;
                return IsValid(day, month);
            }
            date = DayOfMonth(today, day); last = i + 1;
            return true;
        }

        if (t.IsNumber)
        {
            // "15th", "the 1st", "on the 15th"
            if (t.IsSmallInteger && W(tokens, i + 1) is "st" or "nd" or "rd" or "th" && tokens[i + 1].Glued)
            {
                var day = (int)t.Value;
                first = i;
                if (W(tokens, i - 1) == "the" && !used[i - 1]) first = i - 1;
                if (first > 0 && W(tokens, first - 1) == "on" && !used[first - 1]) first--;
                last = i + 1;
                if (W(tokens, i + 2) == "of" && TryMonth(W(tokens, i + 3), out var m))
                {
                    date = Resolve(today, day, m, null); last = i + 3;
                    return IsValid(day, m);
                }
                date = DayOfMonth(today, day);
                return true;
            }
            // "3/11", "3/11/2026", "20/11/26"
            if (!t.HasSeparator && i + 2 < tokens.Count && tokens[i + 1].Kind == TokenKind.Slash && tokens[i + 2].IsNumber && !tokens[i + 2].HasSeparator)
            {
                int a = (int)t.Value, b = (int)tokens[i + 2].Value;
                int? year = null;
                last = i + 2;
                if (i + 4 < tokens.Count && tokens[i + 3].Kind == TokenKind.Slash && tokens[i + 4].IsNumber && !tokens[i + 4].HasSeparator)
                {
                    var y = (int)tokens[i + 4].Value;
                    year = y < 100 ? 2000 + y : y;
                    last = i + 4;
                }
                var (day, month) = language == "pt" ? (a, b) : (b, a);
                if (month > 12 && day <= 12) (day, month) = (month, day);
                if (!IsValid(day, month)) return false;
                date = Resolve(today, day, month, year);
                return true;
            }
            // "31 de outubro", "3 nov", "31 october 2025"
            if (t.IsSmallInteger && TryMonthAfterDay(tokens, i + 1, out var month2, out var end2, out var year2) && !tokens[i].Glued)
            {
                date = Resolve(today, (int)t.Value, month2, year2); last = end2;
                return IsValid((int)t.Value, month2);
            }
        }

        // "oct 31", "october 31st", "nov 3"
        if (TryMonth(w, out var monthFirst) && i + 1 < tokens.Count && tokens[i + 1].IsSmallInteger && !used[i + 1] &&
            !IsAmountContinuation(tokens, i + 1))
        {
            var day = (int)tokens[i + 1].Value;
            last = i + 1;
            if (W(tokens, i + 2) is "st" or "nd" or "rd" or "th") last = i + 2;
            int? year = null;
            if (last + 1 < tokens.Count && tokens[last + 1].IsNumber && tokens[last + 1].Value is >= 2000 and <= 2100 && !tokens[last + 1].HasSeparator)
            {
                year = (int)tokens[last + 1].Value; last++;
            }
            if (first > 0 && W(tokens, i - 1) is "on" or "em" && !used[i - 1]) first = i - 1;
            date = Resolve(today, day, monthFirst, year);
            return IsValid(day, monthFirst);
        }
        return false;
    }

    /// <summary>A number followed by a currency word or "k" is a price ("dia 5 reais" is not a date).</summary>
    private static bool IsAmountContinuation(List<Token> tokens, int i) =>
        i + 1 < tokens.Count && (tokens[i + 1].Kind == TokenKind.Currency ||
            (tokens[i + 1].IsWord && (CurrencyMarks.FromWord(tokens[i + 1].Folded) is not null || (tokens[i + 1].Folded == "k" && tokens[i + 1].Glued))));

    private static bool TryMonth(string w, out int month) => Months.TryGetValue(w, out month);

    private static bool TryMonthAfterDay(List<Token> tokens, int i, out int month, out int end, out int? year)
    {
        month = 0; end = i; year = null;
        var k = i;
        if (W(tokens, k) is "de" or "of") k++;
        if (!TryMonth(W(tokens, k), out month)) return false;
        end = k;
        var y = k + 1;
        if (W(tokens, y) is "de") y++;
        if (y < tokens.Count && tokens[y].IsNumber && !tokens[y].HasSeparator && tokens[y].Value is >= 2000 and <= 2100)
        {
            year = (int)tokens[y].Value; end = y;
        }
        return true;
    }

    private static bool TryCount(List<Token> tokens, int i, bool[] used, out int n, out int unitIndex)
    {
        n = 0; unitIndex = i + 1;
        if (i >= tokens.Count || used[i]) return false;
        var t = tokens[i];
        if (t.IsNumber && !t.HasSeparator && t.Value is >= 1 and <= 400) { n = (int)t.Value; return true; }
        if (!t.IsWord) return false;
        n = t.Folded switch
        {
            "a" or "an" or "one" or "um" or "uma" => 1,
            "two" or "dois" or "duas" => 2,
            "three" or "tres" => 3,
            "four" or "quatro" => 4,
            "five" or "cinco" => 5,
            "six" or "seis" => 6,
            "seven" or "sete" => 7,
            "ten" or "dez" => 10,
            "couple" => 2,
            _ => 0,
        };
        if (t.Folded == "couple" && W(tokens, i + 1) == "of") unitIndex = i + 2;
        return n > 0;
    }

    private static int? UnitDays(string w) => w switch
    {
        "day" or "days" or "dia" or "dias" => 1,
        "week" or "weeks" or "semana" or "semanas" => 7,
        _ => null,
    };

    private static int SkipPartOfDay(List<Token> tokens, int i)
    {
        var k = i;
        if (W(tokens, k) is "a" or "de" or "at" or "in" or "the" or "pela" or "na" or "of" && PartsOfDay.Contains(W(tokens, k + 1))) k++;
        if (W(tokens, k) == "the" && PartsOfDay.Contains(W(tokens, k + 1))) k++;
        return PartsOfDay.Contains(W(tokens, k)) ? k + 1 : i;
    }

    private static bool IsValid(int day, int month) => month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(2024, month);

    /// <summary>The most recent such day of month, today included.</summary>
    public static DateOnly DayOfMonth(DateOnly today, int day)
    {
        var (y, m) = (today.Year, today.Month);
        for (var k = 0; k < 13; k++)
        {
            if (day <= DateTime.DaysInMonth(y, m))
            {
                var candidate = new DateOnly(y, m, day);
                if (candidate <= today) return candidate;
            }
            if (--m == 0) { m = 12; y--; }
        }
        return today;
    }

    /// <summary>The most recent such date, today included, unless the year is given.</summary>
    public static DateOnly Resolve(DateOnly today, int day, int month, int? year)
    {
        if (year is int y) return new DateOnly(y, month, Math.Min(day, DateTime.DaysInMonth(y, month)));
        var thisYear = today.Year;
        if (day > DateTime.DaysInMonth(thisYear, month)) thisYear--;
        var candidate = new DateOnly(thisYear, month, Math.Min(day, DateTime.DaysInMonth(thisYear, month)));
        return candidate <= today ? candidate : new DateOnly(thisYear - 1, month, Math.Min(day, DateTime.DaysInMonth(thisYear - 1, month)));
    }
}
