using System.Collections.Frozen;
using Finance.Core;
using Finance.Understanding.Classification;

namespace Finance.Understanding.Parsing;

/// <summary>The embedded default parser and the safety net behind the LLM: rules for EN and PT-BR money
/// messages. Category comes from keywords and the merchant list first, then the ML classifier, then the words of
/// an unknown shop's name (<see cref="BrandWords"/>), then <c>other</c> when none of them is sure.</summary>
public sealed class RuleParser(CategoryClassifier? classifier, MerchantDirectory merchants) : ITransactionParser
{
    /// <summary>Below this the classifier's guess is worse than saying "other".</summary>
    public const float MinimumClassifierConfidence = 0.5f;

    /// <summary>With the shipped merchant list. A null classifier means keywords and merchants only.</summary>
    public RuleParser(CategoryClassifier? classifier) : this(classifier, MerchantDirectory.LoadDefault()) { }

    /// <summary>What the parser knows of brands and categories, for readers of other texts (bank descriptions).</summary>
    public MerchantDirectory Merchants => merchants;

    public CategoryClassifier? Classifier => classifier;

    public static string DefaultModelPath => Path.Combine(AppContext.BaseDirectory, "models", "categories", "model.zip");

    /// <summary>The parser with the shipped model and merchant list; without a loadable model it still works
    /// on keywords and merchants (<paramref name="modelProblem"/> says why the model was left out).</summary>
    public static RuleParser LoadDefault(out string? modelProblem) => new(TryLoadClassifier(DefaultModelPath, out modelProblem), MerchantDirectory.LoadDefault());

    public static CategoryClassifier? TryLoadClassifier(string path, out string? problem)
    {
        problem = null;
        if (!File.Exists(path)) { problem = $"no category model at {path}"; return null; }
        try
        {
            return CategoryClassifier.Load(path);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or FormatException or ArgumentException or NotSupportedException or InvalidDataException)
        {
            problem = $"category model {path} not loaded: {e.Message}";
            return null;
        }
    }

    public Task<ParsedMessage> ParseAsync(string text, ParseContext context, CancellationToken cancellationToken) =>
        Task.FromResult(Parse(text, context));

    /// <summary>The date a short correction names ("yesterday", "ontem", "dia 15"), or null when it names none.</summary>
    public DateOnly? ReadDate(string text, ParseContext context)
    {
        var tokens = MessageTokenizer.Tokenize(text);
        var dates = DateReader.Read(tokens, new bool[tokens.Count], MessageLanguage.Detect(tokens, context.Language), context.Today);
        return dates.Count > 0 ? dates[0].Date : null;
    }

    public ParsedMessage Parse(string text, ParseContext context)
    {
        var tokens = MessageTokenizer.Tokenize(MerchantNoise.Clean(text));
        var language = MessageLanguage.Detect(tokens, context.Language);
        if (tokens.Count == 0) return ParsedMessage.Nothing(language);
        var today = context.Today;
        var used = new bool[tokens.Count];
        MarkThirteenthSalary(tokens, used);
        var dates = DateReader.Read(tokens, used, language, today);
        if (QueryReader.IsQuery(tokens, used))
            return new ParsedMessage(Intent.Query, [], language, QueryReader.Read(tokens, used, dates, language, today, merchants));
        // A question the rules cannot resolve is still a question: answered as such, never booked.
        if (IsOtherQuestion(tokens))
            return new ParsedMessage(Intent.Query, [], language, new SpendingQuery(QueryKind.Unanswerable, today, today));

        var amounts = AmountReader.Read(tokens, used, merchants);
        if (amounts.Count == 0) return ParsedMessage.Nothing(language);

        var country = context.Country ?? ChatCountry.Of(context.TimeZone, context.DefaultCurrency);
        var messageCurrency = amounts.FirstOrDefault(a => a.CurrencyMark is not null).CurrencyMark;
        // An income cue before the first price speaks for every item ("recebi: salário 5000, bônus 1000");
        // a transfer names its own person, so it never spreads to the other items.
        var messageDirection = DirectionOf(tokens, 0, amounts[0].First - 1) is Direction.Income ? Direction.Income : (Direction?)null;
        var transactions = new List<ParsedTransaction>(amounts.Count);
        var itemStart = 0;
        for (var a = 0; a < amounts.Count; a++)
        {
            var amount = amounts[a];
            var itemEnd = a == amounts.Count - 1 ? tokens.Count - 1 : ItemBoundary(tokens, amount, amounts[a + 1], itemStart);
            var item = new Item(tokens, used, itemStart, itemEnd);
            var date = DateFor(dates, item, today);
            var direction = DirectionOf(tokens, itemStart, itemEnd) ?? messageDirection ?? Direction.Expense;
            var currency = CurrencyMarks.Resolve(amount.CurrencyMark ?? messageCurrency, context.DefaultCurrency);
            var (merchant, merchantCategory, merchantTokens) = FindMerchant(item, direction, country);
            var description = Describe(item, merchantTokens);
            var category = direction switch
            {
                Direction.Income => Categories.Income,
                Direction.Transfer => Categories.Transfer,
                _ => KeywordCategory(item, merchantTokens, language) switch
                {
                    // What the words say beats the brand ("groceries at target"); the brand beats the model,
                    // and a confident model beats a weak hint ("celular" is usually the phone bill, not always).
                    { } hit when CategoryKeywords.IsStrong(hit) => hit.Category,
                    var hit => merchantCategory ?? Classify(merchant, description) ?? hit?.Category ??
                        NameWordsCategory(item) ?? Categories.Other,
                },
            };
            transactions.Add(new ParsedTransaction(amount.Value, currency, direction, category, merchant, date,
                description.Length == 0 ? null : description));
            itemStart = itemEnd + 1;
        }
        return new ParsedMessage(Intent.Record, transactions, language);
    }

    // Words that open a question and hardly ever a record ("do" and "como" are Portuguese words too; "devo 50
    // pro João" says what is owed).
    private static readonly FrozenSet<string> QuestionWords = new[]
    {
        "why", "what", "whats", "when", "where", "which", "who", "should", "could", "would", "can", "does",
        "porque", "por", "posso", "sera", "qual", "quais", "quando", "onde", "quem", "pode",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> MoneyWords = new[]
    {
        "money", "cost", "costs", "price", "afford", "budget", "save", "savings", "owe", "debt", "bill", "bills", "paid", "pay", "spend",
        "spent", "earn", "earned", "dinheiro", "custa", "custou", "preco", "orcamento", "economizar", "devo", "divida", "conta", "contas",
        "paguei", "pagar", "gastei", "gastar", "ganhei", "receber",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>A question about money the rules cannot resolve ("can I afford a 500 phone?", "why was rent so high?"):
    /// a question mark or a question word first, with a price or a money word in it. Chit-chat is not one.</summary>
    private static bool IsOtherQuestion(List<Token> tokens)
    {
        var first = tokens.FindIndex(t => t.Kind is not TokenKind.Separator);
        var questionFirst = first >= 0 && tokens[first].IsWord && QuestionWords.Contains(tokens[first].Folded) &&
            (tokens[first].Folded != "por" || (first + 1 < tokens.Count && tokens[first + 1].Folded == "que"));
        if (!questionFirst && !tokens.Any(t => t.Kind == TokenKind.Question)) return false;
        return tokens.Any(t => t.IsNumber || (t.IsWord && (MoneyWords.Contains(t.Folded) || CategoryKeywords.IsKeyword(t.Text, t.Folded))));
    }

    /// <summary>"13th salary", "13º salário": the 13 names the salary; it is neither a date nor a price.</summary>
    private static void MarkThirteenthSalary(List<Token> tokens, bool[] used)
    {
        for (var i = 0; i + 1 < tokens.Count; i++)
        {
            if (!tokens[i].IsNumber || tokens[i].Value != 13 || tokens[i].HasSeparator) continue;
            var next = tokens[i + 1].Folded == "th" && i + 2 < tokens.Count ? i + 2 : i + 1;
            if (tokens[next].Folded is not ("salary" or "salario" or "paycheck")) continue;
            for (var k = i; k < next; k++) used[k] = true;
        }
    }

    /// <summary>The tokens of one item: from the end of the previous item to its boundary.</summary>
    private readonly record struct Item(List<Token> Tokens, bool[] Used, int Start, int End)
    {
        public bool Free(int i) => i >= Start && i <= End && !Used[i];
        public string Word(int i) => i >= Start && i <= End && Tokens[i].IsWord ? Tokens[i].Folded : "";
    }

    /// <summary>Where the item holding <paramref name="current"/> ends: at the last separator ("," "e" "and")
    /// before the next price, or, with none, right after this price when its words came first.</summary>
    private static int ItemBoundary(List<Token> tokens, AmountReader.FoundAmount current, AmountReader.FoundAmount next, int itemStart)
    {
        for (var k = next.First - 1; k > current.Last; k--)
        {
            var t = tokens[k];
            if (t.Kind == TokenKind.Separator || (t.IsWord && Vocabulary.Connectors.Contains(t.Folded) && t.Folded is not "mais"))
                return k;
        }
        // "lunch 18 coffee 5" (words first) splits after the price; "18 lunch 5 coffee" before the next one.
        return current.First > itemStart ? current.Last : next.First - 1;
    }

    private static DateOnly DateFor(List<DateReader.FoundDate> dates, Item item, DateOnly today)
    {
        if (dates.Count == 0) return today;
        if (dates.Count == 1) return dates[0].Date;
        foreach (var d in dates) if (d.Index >= item.Start && d.Index <= item.End) return d.Date;
        return dates[0].Date;
    }

    private static Direction? DirectionOf(List<Token> tokens, int start, int end)
    {
        bool transfer = false, spent = false, fee = false, client = false, wePaid = false;
        for (var i = start; i <= end; i++)
        {
            var t = tokens[i];
            if (!t.IsWord) continue;
            if (Vocabulary.IncomeWords.Contains(t.Folded)) return Direction.Income;
            if (Vocabulary.PaidLeave.Contains(t.Folded) &&
                ((i + 1 <= end && tokens[i + 1].Folded == "pay") || HasBefore(tokens, start, i, Vocabulary.LeavePayWords)))
                return Direction.Income;
            spent |= Vocabulary.SpendingVerbs.Contains(t.Folded);
            fee |= Vocabulary.FeeWords.Contains(t.Folded);
            // "paid the client" is ours; "client paid" is theirs.
            wePaid |= Vocabulary.WePaid.Contains(t.Folded) ||
                (!client && t.Folded is "paid" or "pay" && i + 1 <= end && tokens[i + 1].Folded is not "me" and not "us");
            client |= Vocabulary.Clients.Contains(t.Folded);
            if (i + 1 <= end && tokens[i + 1].IsWord && Vocabulary.IncomePhrases.Contains(t.Folded + " " + tokens[i + 1].Folded)) return Direction.Income;
            if (Vocabulary.IncomePhrases.Contains(t.Folded) && i > start && tokens[i - 1].IsWord && tokens[i - 1].Folded is "salario" or "salary" or "pagamento" or "wages") return Direction.Income;
            // "pix" is also how shops are paid ("paguei 50 no pix"): a transfer only when it goes to someone.
            if (Vocabulary.TransferWords.Contains(t.Folded) && (t.Folded != "pix" || HasTransferTarget(tokens, start, end))) transfer = true;
            // "got $20 from dad": money got from someone is income ("got coffee from starbucks 5" is not;
            // "got 50 from the atm" is a withdrawal).
            if (t.Folded is "got" or "get" && i + 1 <= end && tokens[i + 1].Kind is TokenKind.Number or TokenKind.Currency &&
                FromWhom(tokens, i + 2, end) is { } source)
                return Vocabulary.SavingsWords.Contains(source) ? Direction.Transfer : Direction.Income;
            // Paying someone back or paying off the card moves money; it is not spending.
            if (t.Folded == "back" && HasBefore(tokens, start, i, "paid", "pay", "payed", "paying")) transfer = true;
            if (t.Folded is "cartao" or "card" && HasBefore(tokens, start, i, "fatura", "faturas")) transfer = true;
            if (t.Folded is "bill" or "payment" && HasBefore(tokens, start, i, "card")) transfer = true;
            if (t.Folded is "to" or "pra" or "pro" or "para" or "na" or "into" && i + 1 <= end && tokens[i + 1].IsWord &&
                Vocabulary.SavingsWords.Contains(tokens[i + 1].Folded) && tokens[i + 1].Folded is not ("conta" or "account")) transfer = true;
        }
        // A client paying us is income; a bank's charge for a transfer is a fee, spent like any other.
        if (client && !wePaid) return Direction.Income;
        if (fee) return spent ? Direction.Expense : null;
        if (transfer) return Direction.Transfer;
        return spent ? Direction.Expense : null;
    }

    private static bool HasTransferTarget(List<Token> tokens, int start, int end)
    {
        for (var k = start; k < end; k++)
            if (tokens[k].IsWord && Vocabulary.TransferPrepositions.Contains(tokens[k].Folded) && tokens[k + 1].IsWord) return true;
        return false;
    }

    /// <summary>The word after the next "from" (skipping an article), if any.</summary>
    private static string? FromWhom(List<Token> tokens, int start, int end)
    {
        for (var k = start; k < end; k++)
        {
            if (!tokens[k].IsWord || tokens[k].Folded != "from") continue;
            var n = k + 1;
            if (n <= end && tokens[n].IsWord && tokens[n].Folded is "the" or "my" or "a") n++;
            return n <= end && tokens[n].IsWord ? tokens[n].Folded : null;
        }
        return null;
    }

    private static bool HasBefore(List<Token> tokens, int start, int i, FrozenSet<string> words)
    {
        for (var k = Math.Max(start, i - 3); k < i; k++)
            if (tokens[k].IsWord && words.Contains(tokens[k].Folded)) return true;
        return false;
    }

    private static bool HasBefore(List<Token> tokens, int start, int i, params ReadOnlySpan<string> words)
    {
        for (var k = Math.Max(start, i - 3); k < i; k++)
            foreach (var w in words) if (tokens[k].IsWord && tokens[k].Folded == w) return true;
        return false;
    }

    private (string? Merchant, string? Category, (int First, int Last)? Span) FindMerchant(Item item, Direction direction, string? country)
    {
        // 1. A known brand anywhere in the item ("uber 23", "groceries at walmart"); transfers go to people.
        for (var i = item.Start; i <= item.End && direction != Direction.Transfer; i++)
        {
            if (!item.Free(i)) continue;
            // The brand's proper name ("Trader Joe's"), not the typed text.
            if (merchants.MatchAt(item.Tokens, i, item.Used, country) is { } match && i + match.Length - 1 <= item.End
                // "a hammer", "um martelo": one word after an article is a thing bought, whatever brand shares its name.
                && !(match.Length == 1 && item.Word(i - 1) is "a" or "an" or "um" or "uma"))
                return (match.Brand.Name, match.Brand.KnownCategory, (i, i + match.Length - 1));
        }
        // 2. A transfer's counterparty: "to John", "pra Maria", "sent dad 100", "venmo'd Sarah".
        if (direction == Direction.Transfer)
        {
            for (var i = item.Start; i <= item.End; i++)
            {
                var w = item.Word(i);
                var afterVerb = (Vocabulary.TransferWords.Contains(w) && w is not ("transfer" or "transferencia" or "pix")) ||
                    (w == "pix" && item.Word(i + 1) is not ("de" or "para" or "pra" or "pro" or "p")) ||
                    (w is "paid" or "pay" or "paguei" && item.Word(i + 1) != "back");
                if (!item.Free(i) || (!Vocabulary.TransferPrepositions.Contains(w) && !afterVerb)) continue;
                if (afterVerb && Vocabulary.TransferPrepositions.Contains(item.Word(i + 1))) continue;
                if (Name(item, i + 1, allowPossessive: true) is { } name && !Vocabulary.SavingsWords.Contains(item.Tokens[name.First].Folded))
                    return (NameText(item, name), null, name);
            }
            return (null, null, null);
        }
        // 3. After a preposition: "at Panera", "no Outback", "from mom", income "do Pedro".
        for (var i = item.Start; i <= item.End; i++)
        {
            var w = item.Word(i);
            if (!item.Free(i)) continue;
            var isPreposition = Vocabulary.MerchantPrepositions.Contains(w) ||
                (direction == Direction.Income && w is "do" or "da" or "dos" or "das");
            if (!isPreposition) continue;
            if (Name(item, i + 1, allowPossessive: direction == Direction.Income) is not { } name) continue;
            var firstWord = item.Tokens[name.First];
            var generic = IsGeneric(firstWord);
            if (generic && name.Last == name.First) continue;
            return (NameText(item, name), null, name);
        }
        return (null, null, null);
    }

    private static bool IsGeneric(Token t) =>
        Vocabulary.GenericPlaces.Contains(t.Folded) || CategoryKeywords.IsKeyword(t.Text, t.Folded) ||
        Vocabulary.SavingsWords.Contains(t.Folded) || Vocabulary.TransferWords.Contains(t.Folded) || DateReader.Months.ContainsKey(t.Folded) || Vocabulary.Filler.Contains(t.Folded);

    /// <summary>A name: free words after a preposition up to a number, a stop word or the item's end.</summary>
    private static (int First, int Last)? Name(Item item, int from, bool allowPossessive)
    {
        var i = from;
        while (item.Free(i) && item.Tokens[i].IsWord && item.Word(i) is "the" or "a" or "an" or "o" or "um" or "uma") i++;
        if (allowPossessive && item.Word(i) is "my" or "minha" or "meu" or "nossa" or "nosso" or "our" && item.Free(i + 1) && item.Tokens[i + 1].IsWord)
        {
            // "minha mãe", "meu irmão" name the person; "my savings" does not.
            return Vocabulary.SavingsWords.Contains(item.Word(i + 1)) ? null : (i, i + 1);
        }
        var first = i;
        while (item.Free(i) && item.Tokens[i].IsWord && !Vocabulary.Stop.Contains(item.Word(i)) && !NumberWords.IsNumberWord(item.Word(i))
               && CurrencyMarks.FromWord(item.Word(i)) is null && i - first < 4)
            i++;
        return i > first ? (first, i - 1) : null;
    }

    private static string NameText(Item item, (int First, int Last) span) => Join(item.Tokens, span.First, span.Last - span.First + 1);

    private static string Join(List<Token> tokens, int start, int length) =>
        length == 1 ? tokens[start].Text : string.Join(' ', tokens.GetRange(start, length).Select(t => t.Text));

    private static string Describe(Item item, (int First, int Last)? merchant)
    {
        var parts = new List<string>(3);
        for (var i = item.Start; i <= item.End; i++)
        {
            if (!item.Free(i) || !item.Tokens[i].IsWord) continue;
            if (merchant is { } m && i >= m.First && i <= m.Last) continue;
            if (Vocabulary.Filler.Contains(item.Tokens[i].Folded) || Vocabulary.Stop.Contains(item.Tokens[i].Folded)) continue;
            parts.Add(item.Tokens[i].Text);
        }
        return parts.Count switch { 0 => "", 1 => parts[0], _ => string.Join(' ', parts) };
    }

    /// <summary>The strongest keyword in the item; phrases ("conta de luz", "gas bill") before single words.</summary>
    private static CategoryKeywords.Hit? KeywordCategory(Item item, (int First, int Last)? merchant, string language)
    {
        CategoryKeywords.Hit? best = null, corrected = null;
        for (var i = item.Start; i <= item.End; i++)
        {
            if (!item.Free(i) || !item.Tokens[i].IsWord) continue;
            var t = item.Tokens[i];
            if (item.Free(i + 1) && item.Tokens[i + 1].IsWord)
            {
                var phrase = CategoryKeywords.LookupPhrase(t.Folded + " " + item.Tokens[i + 1].Folded) ??
                    (item.Free(i + 2) && item.Tokens[i + 2].IsWord ? CategoryKeywords.LookupPhrase(t.Folded + " " + item.Tokens[i + 1].Folded + " " + item.Tokens[i + 2].Folded) : null);
                if (phrase is { } p && (best is null || p.Weight >= best.Value.Weight)) { best = p with { Weight = p.Weight + 1 }; continue; }
            }
            if (merchant is { } m && i >= m.First && i <= m.Last) continue;
            if (Vocabulary.Filler.Contains(t.Folded) || Vocabulary.Stop.Contains(t.Folded) || Vocabulary.PersonWords.Contains(t.Folded)) continue;
            if (CategoryKeywords.Lookup(t.Text, t.Folded, language) is not { } hit) continue;
            if (hit.Corrected)
            {
                if (corrected is null || hit.Weight > corrected.Value.Weight) corrected = hit;
            }
            else if (best is null || hit.Weight > best.Value.Weight) best = hit;
        }
        // A typo guess only speaks when nothing was spelt right ("water heater": not "theater").
        return best ?? corrected;
    }

    /// <summary>What the words of a shop's name say when no brand, keyword or confident model did ("Joe's Apotheke").</summary>
    private string? NameWordsCategory(Item item)
    {
        var words = new List<string>(4);
        for (var i = item.Start; i <= item.End; i++)
        {
            var t = item.Tokens[i];
            if (!item.Free(i) || !t.IsWord || t.Text == "(time)" || Vocabulary.Stop.Contains(t.Folded) || Vocabulary.Filler.Contains(t.Folded) ||
                Vocabulary.PersonWords.Contains(t.Folded) || NumberWords.IsNumberWord(t.Folded) || CurrencyMarks.FromWord(t.Folded) is not null)
                continue;
            words.Add(t.Folded);
        }
        return words.Count == 0 ? null : merchants.Words.Read(words)?.Category;
    }

    /// <summary>The model's category when it is confident, else null.</summary>
    private string? Classify(string? merchant, string description)
    {
        if (classifier is null || (merchant is null && description.Length == 0)) return null;
        var prediction = classifier.Predict(merchant, description);
        return prediction.Confidence >= MinimumClassifierConfidence && Categories.IsKnown(prediction.Category) &&
               prediction.Category is not (Categories.Income or Categories.Transfer or Categories.Other)
            ? prediction.Category
            : null;
    }
}
