using System.Globalization;
using Finance.Core;
using Finance.Understanding.Classification;
using Finance.Understanding.Parsing;

namespace Finance.Banks.Descriptions;

/// <summary>What a bank description says once its noise is gone: a clean merchant name, a category, and
/// which evidence gave the category (the merchant list, a keyword, the classifier or nothing).</summary>
public sealed record DescribedRow(string? Merchant, string Category, string CategorySource);

/// <summary>
/// Reads noisy bank descriptions ("POS PURCHASE LIDL GB 1234 LONDON 07 OCT", "CARD 4821 UBER *TRIP").
/// Known evidence speaks first: a brand of the merchant list anywhere in the text (unless the line is a fee, or
/// the brand does not trade in the chat's country), then a category keyword; the classifier, then the words of
/// the shop's name, only guess when neither knows the text, and only when they are sure.
/// </summary>
public sealed class BankDescriptions(MerchantDirectory merchants, CategoryClassifier? classifier)
{
    // Words banks put around the merchant, in EN and PT statements; they name no one.
    private static readonly HashSet<string> Noise = new(StringComparer.Ordinal)
    {
        "pos", "purchase", "purchases", "card", "debit", "credit", "visa", "mastercard", "maestro", "contactless",
        "payment", "pmt", "pymt", "dd", "so", "fpi", "fpo", "bgc", "tfr", "bp", "chq", "atm", "ref", "reference",
        "direct", "standing", "order", "online", "www", "com", "co", "uk", "gb", "us", "usa", "pt", "ie", "de", "fr",
        "es", "nl", "br", "ltd", "limited", "inc", "llc", "plc", "sa", "gmbh", "trip", "help", "pending", "transaction",
        "compra", "pagamento", "pag", "cartao", "cartão", "deb", "debito", "débito", "mb", "way", "trf", "transf",
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        "fev", "abr", "mai", "ago", "set", "out", "dez", "paypal", "sq", "tst", "sumup", "izettle", "zettle",
    };

    public DescribedRow Describe(string description, Direction direction, string? country = null)
    {
        var tokens = MessageTokenizer.Tokenize(MerchantNoise.Clean(description));
        var used = new bool[tokens.Count];
        MerchantDirectory.Match? brand = null;
        var brandAt = -1;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (merchants.MatchAt(tokens, i, used, country) is { } match && match.Length > (brand?.Length ?? 0))
                (brand, brandAt) = (match, i);
        }
        var merchant = brand?.Brand.Name ?? CleanName(description);
        if (direction == Direction.Income) return new(merchant, Categories.Income, "direction");

        // A brand that does not trade in the chat's country ("Delta" in Johannesburg) is likely another shop
        // of the same name: what the words say comes first then ("Delta Cafe" is a café).
        var trustedBrand = brand is { } b && (country is null || b.Brand.Curated || b.Brand.Countries.Length == 0 ||
            Array.IndexOf(b.Brand.Countries, country) >= 0);
        if (trustedBrand && brand!.Value.Brand.KnownCategory is { } brandCategory && !IsFeeLine(tokens))
            return new(merchant, brandCategory, "merchant list");

        var keyword = Keyword(tokens, brand is { } m ? (brandAt, brandAt + m.Length - 1) : null);
        if (keyword is not null) return new(merchant, keyword, "keyword");
        if (brand?.Brand.KnownCategory is { } weakCategory) return new(merchant, weakCategory, "merchant list");

        if (classifier is not null)
        {
            var prediction = classifier.Predict(merchant, description);
            if (prediction.Confidence >= RuleParser.MinimumClassifierConfidence &&
                prediction.Category is not (Categories.Income or Categories.Transfer))
                return new(merchant, prediction.Category, "classifier");
        }
        var words = tokens.Where(t => t.IsWord && !Noise.Contains(t.Folded)).Select(t => t.Folded);
        if (merchants.Words.Read(words) is { } guess) return new(merchant, guess.Category, "name words");
        return new(merchant, Categories.Other, "none");
    }

    /// <summary>A charge of the bank's own ("INSUFFICIENT FUNDS FEE", "PROCESSING FEE: APPLE.COM/BILL"): the
    /// shop it names is where the purchase went, not what the fee was.</summary>
    private static bool IsFeeLine(List<Token> tokens) =>
        tokens.Any(t => t.IsWord && CategoryKeywords.Lookup(t.Text, t.Folded, "en") is { Corrected: false, Category: Categories.Fees } hit &&
            CategoryKeywords.IsStrong(hit));

    /// <summary>The first strong keyword outside the brand's words, a two-word phrase ("DRY CLEANER") before its
    /// words; else a word the bank cut short ("SANDTON CITY PARKIN") for the keyword it begins.</summary>
    private static string? Keyword(List<Token> tokens, (int First, int Last)? brand)
    {
        bool Free(int i) => i < tokens.Count && tokens[i].IsWord && (brand is not { } b || i < b.First || i > b.Last);
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!Free(i)) continue;
            if (Free(i + 1) && CategoryKeywords.LookupPhrase(tokens[i].Folded + " " + tokens[i + 1].Folded) is { } phrase && CategoryKeywords.IsStrong(phrase))
                return phrase.Category;
            if (CategoryKeywords.Lookup(tokens[i].Text, tokens[i].Folded, "en") is { Corrected: false } hit && CategoryKeywords.IsStrong(hit))
                return hit.Category;
        }
        for (var i = 0; i < tokens.Count; i++)
            if (Free(i) && CategoryKeywords.Lookup(tokens[i].Text, tokens[i].Folded, "en") is { Corrected: true } hit && CategoryKeywords.IsStrong(hit) &&
                CategoryKeywords.Corrected(tokens[i].Folded)?.StartsWith(tokens[i].Folded, StringComparison.Ordinal) == true)
                return hit.Category;
        return null;
    }

    /// <summary>The description without the bank's words, numbers, country codes and dates; a name cut at
    /// the processor's star ("UBER *TRIP" → Uber; "PAYPAL *NETFLIX" keeps what follows a payment processor).</summary>
    public static string? CleanName(string description)
    {
        var text = description;
        var star = text.IndexOf('*');
        if (star > 0)
        {
            var before = text[..star].Trim();
            var lastWord = before.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.ToLowerInvariant();
            text = lastWord is "paypal" or "sq" or "sumup" or "zettle" or "izettle" or "tst" ? text[(star + 1)..] : before;
        }
        var words = MessageTokenizer.Tokenize(text)
            .Where(t => t.IsWord && t.Text.Length > 1 && !Noise.Contains(t.Folded) && t.Text != "(time)")
            .Select(t => t.Text)
            .Take(3)
            .ToList();
        return words.Count == 0 ? null : Title(words);
    }

    private static string Title(IEnumerable<string> words) =>
        string.Join(' ', words.Select(w => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(w.ToLowerInvariant())));
}
