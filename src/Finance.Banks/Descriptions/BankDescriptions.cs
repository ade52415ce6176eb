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
/// Known evidence speaks first: a brand of the merchant list anywhere in the text, then a category keyword;
/// the classifier only guesses when neither knows the text, and only when it is confident.
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
        string? merchant = null;
        string? category = null;
        var best = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (merchants.MatchAt(tokens, i, used, country) is { } match && match.Length > best)
            {
                best = match.Length;
                merchant = match.Brand.Name;
                category = match.Brand.KnownCategory;
            }
        }
        merchant ??= CleanName(description);
        if (direction == Direction.Income) return new(merchant, Categories.Income, "direction");
        if (category is not null) return new(merchant, category, "merchant list");

        foreach (var token in tokens)
            if (token.IsWord && CategoryKeywords.Lookup(token.Text, token.Folded, "en") is { Corrected: false } hit &&
                CategoryKeywords.IsStrong(hit))
                return new(merchant, hit.Category, "keyword");

        if (classifier is not null)
        {
            var prediction = classifier.Predict(merchant, description);
            if (prediction.Confidence >= RuleParser.MinimumClassifierConfidence &&
                prediction.Category is not (Categories.Income or Categories.Transfer))
                return new(merchant, prediction.Category, "classifier");
        }
        return new(merchant, Categories.Other, "none");
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
