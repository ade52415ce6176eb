using System.Globalization;
using System.Text;
using Finance.Core;

namespace Finance.Understanding.Tests.Classification;

/// <summary>
/// Writes models/categories/training.tsv from <see cref="CategoryVocabulary"/>. Each merchant and
/// phrase appears a few times: bare, inside one of many everyday sentence frames, next to a
/// merchant, and now and then with a typo. The frames are the same for every category (only income
/// and transfers get their own verbs), so the model can only learn the category from the words that
/// carry it. Deterministic: the same vocabulary always gives the same file.
/// </summary>
internal static class TrainingDataGenerator
{
    public const string Header = "merchant\tdescription\tcategory\tlanguage";

    private const int Seed = 20261123;

    private static readonly string[] ExpenseFramesEn =
    [
        "{0} today", "{0} yesterday", "paid for {0}", "spent on {0}", "{0} this morning", "{0} last night", "{0} on card",
        "{0} cash", "{0} again", "just paid {0}", "{0} for the family", "{0} on the credit card", "{0} this week", "my {0}",
        "{0} 20 dollars", "spent 15 bucks on {0}", "{0} £12", "$8 {0}", "{0} 9.99",
    ];

    private static readonly string[] ExpenseFramesPt =
    [
        "{0} hoje", "{0} ontem", "paguei {0}", "gastei com {0}", "{0} de manhã", "{0} ontem à noite", "{0} no cartão",
        "{0} em dinheiro", "{0} de novo", "acabei de pagar {0}", "{0} no débito", "{0} pra família", "{0} essa semana", "{0} no crédito",
        "{0} 30 reais", "gastei 50 reais com {0}", "{0} r$ 25", "{0} 19,90", "{0} 120 conto",
    ];

    private static readonly string[] IncomeFramesEn = ["received {0}", "{0} came in", "got {0}", "{0} today", "{0} deposited", "{0} this month", "{0} $2,000"];

    private static readonly string[] IncomeFramesPt = ["recebi {0}", "{0} caiu na conta", "entrou {0}", "{0} hoje", "{0} recebido", "{0} desse mês", "{0} 3 mil reais"];

    private static readonly string[] TransferFramesEn = ["{0} today", "{0} yesterday", "{0} this morning", "{0} again", "did a {0}", "{0} this week", "{0} $100"];

    private static readonly string[] TransferFramesPt = ["{0} hoje", "{0} ontem", "{0} de manhã", "{0} de novo", "fiz {0}", "{0} essa semana", "{0} 200 reais"];

    private static readonly string[] MerchantFramesEn = ["{0}", "at {0}", "{0} purchase", "paid {0}", "{0} card payment", "{0} order"];

    private static readonly string[] MerchantFramesPt = ["{0}", "no {0}", "compra {0}", "paguei {0}", "{0} cartão", "pedido {0}"];

    private static readonly string[] IncomeMerchantFramesEn = ["{0}", "from {0}", "{0} deposit"];

    private static readonly string[] IncomeMerchantFramesPt = ["{0}", "do {0}", "{0} depósito"];

    private static readonly string[] TransferMerchantFramesEn = ["{0}", "via {0}", "{0} transfer"];

    private static readonly string[] TransferMerchantFramesPt = ["{0}", "via {0}", "transferência {0}"];

    public static string WriteTsv()
    {
        var builder = new StringBuilder().Append(Header).Append('\n');
        foreach (var row in Rows())
        {
            builder.Append(row.Merchant).Append('\t').Append(row.Description).Append('\t')
                .Append(row.Category).Append('\t').Append(row.Language).Append('\n');
        }
        return builder.ToString();
    }

    public static IReadOnlyList<GeneratedRow> Rows()
    {
        var random = new Random(Seed);
        var rows = new List<GeneratedRow>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var categoriesByMerchant = CategoryVocabulary.All
            .SelectMany(v => v.MerchantsEn.Concat(v.MerchantsPt).Select(m => (Merchant: m, v.Category)))
            .GroupBy(p => p.Merchant, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Category).Distinct().Count(), StringComparer.Ordinal);

        void Add(string merchant, string description, string category, string language)
        {
            // One (merchant, description) pair teaches one category; the first category to claim it keeps it.
            if (seen.Add(merchant + "\t" + description.ToLowerInvariant()))
            {
                rows.Add(new GeneratedRow(merchant, description, category, language));
            }
        }

        foreach (var vocabulary in CategoryVocabulary.All)
        {
            foreach (var (language, merchants, phrases) in new[]
                     {
                         ("en", vocabulary.MerchantsEn, vocabulary.PhrasesEn),
                         ("pt", vocabulary.MerchantsPt, vocabulary.PhrasesPt),
                     })
            {
                var (phraseFrames, merchantFrames) = Frames(vocabulary.Category, language);
                foreach (var merchant in merchants)
                {
                    Add(merchant, Pick(random, phrases), vocabulary.Category, language);
                    // A bank or an app serving several categories says nothing by itself: only pair it with words.
                    if (categoriesByMerchant[merchant] == 1)
                    {
                        Add(merchant, Format(Pick(random, merchantFrames), merchant), vocabulary.Category, language);
                    }
                    if (random.NextDouble() < 0.25)
                    {
                        Add("", WithTypo(random, merchant), vocabulary.Category, language);
                    }
                    if (random.NextDouble() < 0.4)
                    {
                        var at = language == "en" ? "{0} at {1}" : "{0} no {1}";
                        Add("", string.Format(CultureInfo.InvariantCulture, at, Pick(random, phrases), merchant), vocabulary.Category, language);
                    }
                }
                foreach (var phrase in phrases)
                {
                    Add("", phrase, vocabulary.Category, language);
                    Add("", Format(Pick(random, phraseFrames), phrase), vocabulary.Category, language);
                    if (random.NextDouble() < 0.5)
                    {
                        Add("", WithTypo(random, phrase), vocabulary.Category, language);
                    }
                }
            }
        }
        return rows;
    }

    private static (string[] Phrase, string[] Merchant) Frames(string category, string language) => (category, language) switch
    {
        (Categories.Income, "en") => (IncomeFramesEn, IncomeMerchantFramesEn),
        (Categories.Income, _) => (IncomeFramesPt, IncomeMerchantFramesPt),
        (Categories.Transfer, "en") => (TransferFramesEn, TransferMerchantFramesEn),
        (Categories.Transfer, _) => (TransferFramesPt, TransferMerchantFramesPt),
        (_, "en") => (ExpenseFramesEn, MerchantFramesEn),
        _ => (ExpenseFramesPt, MerchantFramesPt),
    };

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];

    private static string Format(string frame, string value) => string.Format(CultureInfo.InvariantCulture, frame, value);

    /// <summary>One slip of the thumb in one longer word: a letter dropped, doubled or swapped with the next.</summary>
    private static string WithTypo(Random random, string phrase)
    {
        var words = phrase.Split(' ');
        var candidates = Enumerable.Range(0, words.Length).Where(i => words[i].Length >= 5).ToArray();
        if (candidates.Length == 0)
        {
            return phrase;
        }
        var index = candidates[random.Next(candidates.Length)];
        var word = words[index];
        var at = 1 + random.Next(word.Length - 2);
        words[index] = random.Next(3) switch
        {
            0 => word.Remove(at, 1),
            1 => word.Insert(at, word[at].ToString()),
            _ => string.Concat(word.AsSpan(0, at), word[at + 1].ToString(), word[at].ToString(), word.AsSpan(at + 2)),
        };
        return string.Join(' ', words);
    }
}

internal sealed record GeneratedRow(string Merchant, string Description, string Category, string Language);
