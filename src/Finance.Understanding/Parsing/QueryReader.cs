using Finance.Core;

namespace Finance.Understanding.Parsing;

/// <summary>Tells questions about spending from records, and resolves them to a <see cref="SpendingQuery"/>:
/// what kind (total, top merchants, list), which dates (inclusive), and which category or merchant.</summary>
public static class QueryReader
{
    public static bool IsQuery(List<Token> tokens, bool[] used)
    {
        bool strong = false, spendVerb = false, spendNoun = false, weak = false, question = false, number = false, balance = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Kind == TokenKind.Question) question = true;
            if (t.IsNumber && !used[i]) number = true;
            if (!t.IsWord) continue;
            var next = i + 1 < tokens.Count && tokens[i + 1].IsWord ? tokens[i + 1].Folded : "";
            switch (t.Folded)
            {
                case "how" when next is "much" or "many": strong = true; break;
                case "quanto" or "quantos" or "quanta" or "qto" or "qnto" or "qnt" or "quant" or "summary" or "resumo" or "breakdown" or "extrato" or "maiores" or "biggest" or "balanco": strong = true; break;
                case "top" when next != "up" && next != "off": strong = true; break;
                case "average" or "avg" or "media" or "medio" or "balance" or "saldo" or "compare" or "compared" or "comparado" or "comparar" or "vs" or "versus": balance = true; break;
                case "spend" or "spent" or "gastei" or "gastamos" or "gastar" or "gastando" or "gastou" or "paid" or "pay" or "pagou" or "paguei" or "buy" or "bought" or "comprei" or "compramos": spendVerb = true; break;
                case "spending" or "expenses" or "expense" or "transactions" or "purchases" or "gastos" or "despesas" or "transacoes" or "merchants" or "total" or "totals": spendNoun = true; break;
                case "what" or "whats" or "where" or "which" or "show" or "list" or "lista" or "listar" or "quais" or "qual" or "onde" or "did" or "have" or "mostra" or "mostre" or "meus" or "minhas" or "ver":
                    weak = true; break;
                case "o" when next == "que": weak = true; break;
            }
        }
        if (strong) return true;
        // "what's my balance?", "average per week on groceries"; "paid the balance 200" is a record.
        if (balance && !number) return true;
        if ((spendVerb || spendNoun) && question) return true;
        if (spendVerb && weak && !number) return true;
        return spendNoun && !number;
    }

    public static SpendingQuery Read(List<Token> tokens, bool[] used, IReadOnlyList<DateReader.FoundDate> dates,
        string language, DateOnly today, MerchantDirectory merchants)
    {
        var kind = QueryKind.Total;
        string? category = null, merchant = null, member = null, subject = null, per = null;
        DateOnly? from = null, to = null;
        var direction = Direction.Expense;
        var howMuch = tokens.Any(t => t.IsWord && t.Folded is "much" or "quanto" or "quanta" or "qto" or "qnto" or "qnt" or "quant");
        var questionMark = tokens.Any(t => t.Kind == TokenKind.Question);
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (used[i]) continue;
            if (t.IsWord)
            {
                var w0 = t.Folded;
                // "average per week", "média por mês": the unit, not the period.
                if (w0 is "week" or "semana" or "month" or "mes" or "day" or "dia" && Word(tokens, i - 1) is "per" or "a" or "por" or "each" or "every" or "cada")
                {
                    per = w0 switch { "week" or "semana" => "week", "month" or "mes" => "month", _ => "day" };
                    continue;
                }
                switch (w0)
                {
                    case "balance" or "saldo": kind = QueryKind.Balance; continue;
                    case "average" or "avg" or "media" or "medio": kind = QueryKind.Average; continue;
                    case "compared" or "compare" or "comparado" or "comparada" or "comparar" or "vs" or "versus" or "contra":
                        kind = QueryKind.Compare; continue;
                    // "more than last month"; "more than 100" is a threshold, not a comparison.
                    case "than" or "que" when Word(tokens, i - 1) is "more" or "less" or "mais" or "menos" && kind != QueryKind.TopMerchants &&
                                               !(i + 1 < tokens.Count && tokens[i + 1].Kind is TokenKind.Number or TokenKind.Currency):
                        kind = QueryKind.Compare; continue;
                }
                // "did I pay rent?", "have I paid the internet", "já paguei a luz?"
                if (!howMuch && w0 is "pay" or "paid" or "paguei" or "pagamos" or "pagou" &&
                    (questionMark || Word(tokens, i - 1) is "ja" or "already" || Word(tokens, i - 2) is "did" or "have" or "has") &&
                    Subject(tokens, i + 1, used) is { } asked)
                {
                    kind = QueryKind.Paid;
                    subject = asked.Word;
                    category ??= CategoryGroups.Named(tokens[asked.Index].Folded) ?? CategoryOfQueryWord(tokens[asked.Index], language);
                    i = asked.Index;
                    continue;
                }
                // "how much did Ana spend", "quanto a Ana gastou", "what did Ana buy"
                if (member is null && MemberBefore(tokens, i) is { } person) member = person;
            }
            // After "compared to", "vs", "than" a past period is what to compare with, which the answer works out itself.
            if (t.IsNumber && Period(tokens, i, today) is { } counted) { if (kind != QueryKind.Compare || counted.Item2 >= today) (from, to) = counted; i++; continue; }
            if (!t.IsWord) continue;
            var w = t.Folded;
            var next = Word(tokens, i + 1);
            switch (w)
            {
                case "top" or "most" or "maiores" or "biggest" or "where" or "onde" or "merchants" or "merchant" or "lojas" or "estabelecimentos": kind = QueryKind.TopMerchants; break;
                case "mais" when next is "gastei" or "gastamos" or "gasto": kind = QueryKind.TopMerchants; break;
                case "list" or "lista" or "listar" or "show" or "quais" or "mostra" or "mostre" when kind != QueryKind.TopMerchants: kind = QueryKind.List; break;
                case "what" or "que" when kind == QueryKind.Total && Word(tokens, i - 1) != "more": kind = QueryKind.List; break;
                case "earn" or "earned" or "income" or "received" or "receive" or "recebi" or "recebemos" or "ganhei" or "ganhamos" or "salary" or "salario" or "entrou" or "entrada" or "entradas":
                    direction = Direction.Income; break;
            }
            if (Period(tokens, i, today) is { } period) { if (kind != QueryKind.Compare || period.Item2 >= today) (from, to) = period; continue; }
            var shop = merchant is null ? merchants.MatchAt(tokens, i, used) : null;
            // "food", "bills", "contas": a group of categories people ask about as one ("Bill's" the shop is
            // less likely than bills; "Food Lion", two words, is the shop).
            if (category is null && CategoryGroups.Named(w) is { } group && shop is not { Length: > 1 }) { category = group; continue; }
            if (shop is { } m)
            {
                merchant = m.Brand.Name;
                i += m.Length - 1;
                continue;
            }
            // "at Joe's", "no Zé do Bar": a merchant the list does not know, named after a preposition.
            if (merchant is null && w is "at" or "no" or "na" && UnlistedMerchant(tokens, i + 1, used, today) is { } named)
            {
                merchant = named.Name;
                i = named.Last;
                continue;
            }
            if (category is null && i + 1 < tokens.Count && tokens[i + 1].IsWord &&
                CategoryKeywords.LookupPhrase(w + " " + tokens[i + 1].Folded) is { } phrase)
            {
                category = phrase.Category;
                i++;
                continue;
            }
            if (category is null && CategoryOfQueryWord(t, language) is { } c) category = c;
        }
        if (from is null && dates.Count >= 2)
        {
            // "between oct 1 and oct 15", "de 1/10 a 15/10"
            var (a, b) = (dates[0].Date, dates[^1].Date);
            (from, to) = a <= b ? (a, b) : (b, a);
        }
        if (from is null && dates.Count > 0)
        {
            var d = dates[0];
            var since = Word(tokens, d.Index - 1) is "since" or "desde" || Word(tokens, d.Index - 2) is "since" or "desde";
            (from, to) = since ? (d.Date, today) : (d.Date, d.Date);
        }
        if (kind == QueryKind.Average && from is null)
        {
            // An average without a period looks back far enough to mean something: 12 weeks, 6 months or 30 days.
            from = per switch { "month" => new DateOnly(today.Year, today.Month, 1).AddMonths(-6), "day" => today.AddDays(-29), _ => today.AddDays(-83) };
            to = per == "month" ? new DateOnly(today.Year, today.Month, 1).AddDays(-1) : today;
        }
        from ??= new DateOnly(today.Year, today.Month, 1);
        to ??= today;
        return new SpendingQuery(kind, from.Value, to.Value, category, merchant, direction, member, subject, kind == QueryKind.Average ? per ?? "week" : null);
    }

    /// <summary>What "did I pay …" asks about: the first word after the verb that is not an article or filler.</summary>
    private static (string Word, int Index)? Subject(List<Token> tokens, int from, bool[] used)
    {
        for (var k = from; k < tokens.Count; k++)
        {
            if (used[k] || !tokens[k].IsWord) continue;
            var w = tokens[k].Folded;
            if (Vocabulary.Articles.Contains(w) || Vocabulary.Filler.Contains(w) || w is "for" or "already" or "yet" or "ja" or "the" or "bill" or "conta" or "de" or "da" or "do") continue;
            return (tokens[k].Text, k);
        }
        return null;
    }

    private static readonly HashSet<string> NotAMember =
        ["i", "we", "you", "they", "eu", "nos", "voce", "voces", "gente", "a", "o", "the", "much", "many", "what", "where", "did", "quanto", "que", "onde", "it", "isso", "ele", "ela"];

    /// <summary>"did Ana spend", "Ana spent", "a Ana gastou": the name before a third-person spending verb.</summary>
    private static string? MemberBefore(List<Token> tokens, int i)
    {
        var w = tokens[i].Folded;
        var verb = w is "gastou" or "comprou" or "pagou" or "spent" or "spend" or "bought" or "buy" or "paid";
        if (!verb || i == 0 || !tokens[i - 1].IsWord) return null;
        var name = tokens[i - 1];
        // "how much did I spend": the pronoun; "quanto gastou": no one named; "I spent": the speaker.
        if (NotAMember.Contains(name.Folded) || Vocabulary.Stop.Contains(name.Folded) || name.Folded.Length < 2) return null;
        if (w is "spend" or "buy" && Word(tokens, i - 2) is not "did" and not "does") return null;
        if (w is "spent" or "bought" or "paid" && Word(tokens, i - 2) is "i" or "we") return null;
        return name.Text;
    }

    private static (string Name, int Last)? UnlistedMerchant(List<Token> tokens, int start, bool[] used, DateOnly today)
    {
        var k = start;
        while (k < tokens.Count && !used[k] && tokens[k].IsWord && !Vocabulary.Stop.Contains(tokens[k].Folded) &&
               !Vocabulary.Filler.Contains(tokens[k].Folded) && !Vocabulary.GenericPlaces.Contains(tokens[k].Folded) &&
               (k > start || !CategoryKeywords.IsKeyword(tokens[k].Text, tokens[k].Folded)) && Period(tokens, k, today) is null &&
               !DateReader.Months.ContainsKey(tokens[k].Folded) && tokens[k].Folded is not ("week" or "month" or "year" or "semana" or "mes" or "ano") &&
               k - start < 4)
            k++;
        return k > start ? (Join(tokens, start, k - start), k - 1) : null;
    }

    private static string? CategoryOfQueryWord(Token t, string language)
    {
        if (t.Folded.Length < 3 || Vocabulary.Filler.Contains(t.Folded) || t.Folded is "total" or "spending" or "gastos" or "week" or "month" or "semana" or "conta" or "contas" or "bill" or "app" or "mais" or "top" or "show") return null;
        var hit = CategoryKeywords.Lookup(t.Text, t.Folded, language);
        if (hit is null && t.Folded.EndsWith('s')) hit = CategoryKeywords.Lookup(t.Text[..^1], t.Folded[..^1], language);
        return hit?.Category;
    }

    /// <summary>Named periods: this/last week, month, year; a month by name; today, yesterday.</summary>
    private static (DateOnly, DateOnly)? Period(List<Token> tokens, int i, DateOnly today)
    {
        var w = tokens[i].Folded;
        if (w == "semana" && Word(tokens, i - 2) == "fim") return null;
        var next = Word(tokens, i + 1);
        var prev = Word(tokens, i - 1);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var lastWord = next is "passada" or "passado" or "anterior" || prev is "last" or "past" or "previous" or "ultima" or "ultimo" ||
            Word(tokens, i + 3) is "passado" or "passada" && w == "fim";
        // "last 7 days", "últimos 30 dias", "past 2 weeks"
        if (prev is "last" or "past" or "ultimos" or "ultimas" && i + 1 < tokens.Count && tokens[i].IsNumber && !tokens[i].HasSeparator &&
            Word(tokens, i + 1) is "days" or "dias" or "weeks" or "semanas" && tokens[i].Value is >= 1 and <= 366)
        {
            var n = (int)tokens[i].Value * (Word(tokens, i + 1) is "weeks" or "semanas" ? 7 : 1);
            return (today.AddDays(1 - n), today);
        }
        if (w is "weekend" or "fds" || (w == "fim" && Word(tokens, i + 1) == "de" && Word(tokens, i + 2) == "semana"))
        {
            // The most recent Saturday–Sunday that has started; "last weekend" the one before this week.
            var saturday = today.AddDays(-(((int)today.DayOfWeek + 1) % 7));
            if (lastWord && today.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) saturday = saturday.AddDays(-7);
            var sunday = saturday.AddDays(1);
            return (saturday, sunday < today ? sunday : today);
        }
        switch (w)
        {
            case "week" or "semana" or "semanal" or "weekly":
                return lastWord ? (monday.AddDays(-7), monday.AddDays(-1)) : (monday, today);
            case "month" or "mes" or "mensal" or "monthly":
                return lastWord ? (monthStart.AddMonths(-1), monthStart.AddDays(-1)) : (monthStart, today);
            case "year" or "ano":
                var yearStart = new DateOnly(today.Year, 1, 1);
                return lastWord ? (yearStart.AddYears(-1), yearStart.AddDays(-1)) : (yearStart, today);
            case "today" or "hoje" or "hj":
                return (today, today);
            case "yesterday" or "ontem":
                return (today.AddDays(-1), today.AddDays(-1));
        }
        if (DateReader.IsFullMonthName(w) || (DateReader.Months.ContainsKey(w) && prev is "in" or "em" or "for" or "de" or "of" or "during"))
        {
            var month = DateReader.Months[w];
            var year = month <= today.Month ? today.Year : today.Year - 1;
            var start = new DateOnly(year, month, 1);
            return (start, start.AddMonths(1).AddDays(-1));
        }
        return null;
    }

    private static string Word(List<Token> tokens, int i) => i >= 0 && i < tokens.Count && tokens[i].IsWord ? tokens[i].Folded : "";

    private static string Join(List<Token> tokens, int start, int length) =>
        length == 1 ? tokens[start].Text : string.Join(' ', tokens.Skip(start).Take(length).Select(t => t.Text));
}
