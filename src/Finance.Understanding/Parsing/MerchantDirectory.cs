using System.Collections.Frozen;
using Finance.Core;

namespace Finance.Understanding.Parsing;

/// <summary>The world's shops and brands with the category people spend at them: the hand-written list
/// (models/merchants/merchants.tsv, brands people name without a preposition, tuned to our categories) over
/// OpenStreetMap's name-suggestion-index (models/merchants/brands.tsv, ~12,000 brands with their countries).
/// Names match folded and as whole words, longest first, however they are typed or printed: case, accents,
/// punctuation and possessives ("trader joes", "Trader Joe's"), a branch or country after the name
/// ("Rossmann Alexanderplatz", "CARREFOUR FR"), and processor noise on bank lines ("SQ *", "CARD 4821",
/// see <see cref="MerchantNoise"/>). Where brands share a name, the chat's country decides.</summary>
public sealed class MerchantDirectory
{
    /// <param name="Countries">ISO codes the brand trades in; empty means anywhere.</param>
    /// <param name="Curated">From the hand-written list: its category wins over the index's.</param>
    public sealed record Brand(string Name, string Category, string[] Countries, bool Curated, string? Wikidata = null)
    {
        /// <summary>The category, or null when the index knows the name but not where its spending belongs.</summary>
        public string? KnownCategory => Category == Categories.Other ? null : Category;
    }

    public readonly record struct Match(int Length, Brand Brand);

    private readonly FrozenDictionary<string, Brand[]> byKey;
    private readonly FrozenDictionary<string, Brand[]>.AlternateLookup<ReadOnlySpan<char>> bySpan;
    // The first words of longer names ("trader" of "trader joes"): a match stops growing when it leaves them.
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> prefixes;
    private readonly int longest;
    private readonly Lazy<BrandWords> nameWords;

    public MerchantDirectory(IEnumerable<(Brand Brand, IEnumerable<string> Spellings)> brands)
    {
        var d = new Dictionary<string, List<Brand>>(StringComparer.Ordinal);
        var names = new HashSet<(string, string)>();
        foreach (var (brand, spellings) in brands)
        {
            if (!Categories.IsKnown(brand.Category)) throw new FormatException($"Merchant '{brand.Name}' has unknown category '{brand.Category}'.");
            names.Add((brand.Name, brand.Category));
            var multiWordName = brand.Name.Trim().Contains(' ');
            foreach (var spelling in spellings.Prepend(brand.Name))
            foreach (var key in Keys(spelling))
            {
                // A brand called like everyday words ("Dia", "Extra", "Pizza Pizza", "París") would eat them in
                // every message; the hand-written list chose its names, the index's must earn theirs. A one-word
                // short form of a longer name ("brighton" for Brighton Collectibles) is too often a place.
                if (!brand.Curated && (key.Split(' ').All(IsEverydayWord) || (multiWordName && !key.Contains(' ') && spelling != brand.Name)))
                    continue;
                if (!d.TryGetValue(key, out var list)) d[key] = list = [];
                if (!list.Any(b => b.Name == brand.Name && b.Category == brand.Category)) list.Add(brand);
                longest = Math.Max(longest, key.Count(c => c == ' ') + 1);
            }
        }
        byKey = d.ToFrozenDictionary(p => p.Key, p => Order(p.Value), StringComparer.Ordinal);
        // Learned on first use: most messages never need it, and start-up should not wait for it.
        nameWords = new Lazy<BrandWords>(() => new BrandWords(names.Select(n => ((IReadOnlyList<string>)KeyTokens(n.Item1), n.Item2))));
        bySpan = byKey.GetAlternateLookup<ReadOnlySpan<char>>();
        prefixes = d.Keys.SelectMany(k => k.Select((c, i) => c == ' ' ? k[..i] : null).OfType<string>())
            .ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => byKey.Count;

    /// <summary>What the words inside these brands' names say of a shop none of them is.</summary>
    public BrandWords Words => nameWords.Value;

    public static MerchantDirectory Empty { get; } = new([]);

    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "models", "merchants");

    /// <summary>merchants.tsv (name, category) and, when present, brands.tsv (name, category, countries,
    /// wikidata, spellings) from <paramref name="folder"/>; <paramref name="brandsFile"/> replaces brands.tsv.</summary>
    public static MerchantDirectory Load(string folder, string? brandsFile = null)
    {
        var entries = new List<(Brand, IEnumerable<string>)>();
        var curated = Path.Combine(folder, "merchants.tsv");
        if (File.Exists(curated))
            foreach (var f in Rows(curated))
                entries.Add((new Brand(Field(f, 2) is { Length: > 0 } proper ? proper : f[0], f[1], [], Curated: true), [f[0]]));
        var index = brandsFile ?? Path.Combine(folder, "brands.tsv");
        if (File.Exists(index))
            foreach (var f in Rows(index))
                entries.Add((new Brand(f[0], f[1], Field(f, 2) is { Length: > 0 } c ? c.Split(',') : [], Curated: false, Field(f, 3)),
                    Field(f, 4) is { Length: > 0 } s ? s.Split('|') : []));
        return new MerchantDirectory(entries);
    }

    /// <summary>The shipped data beside the binaries, or an empty directory when it is not there.</summary>
    public static MerchantDirectory LoadDefault() => Directory.Exists(DefaultFolder) ? Load(DefaultFolder) : Empty;

    private static IEnumerable<string[]> Rows(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var fields = line.Split('\t');
            if (fields.Length < 2) throw new FormatException($"Merchant line without a tab in {path}: '{line}'.");
            yield return [.. fields.Select(f => f.Trim())];
        }
    }

    private static string? Field(string[] fields, int i) => i < fields.Length ? fields[i] : null;

    /// <summary>The brand a free text names (a bank line, a receipt header, a typed name), with its proper name
    /// and category; <paramref name="country"/> (ISO) breaks ties between brands that share a name.</summary>
    public Brand? Find(string text, string? country = null)
    {
        var tokens = MessageTokenizer.Tokenize(MerchantNoise.Clean(text));
        var used = new bool[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
            if (MatchAt(tokens, i, used, country) is { } match) return match.Brand;
        return null;
    }

    /// <summary>The category of an exactly named brand, or null.</summary>
    public string? CategoryOf(string name, string? country = null) =>
        byKey.TryGetValue(string.Join(' ', KeyTokens(name)), out var brands) ? Pick(brands, country).Category : null;

    /// <summary>The longest brand name starting at token <paramref name="start"/>, skipping used tokens; a country
    /// code printed right after it ("CARREFOUR FR") belongs to the match.</summary>
    public Match? MatchAt(List<Token> tokens, int start, bool[] used, string? country = null)
    {
        if (used[start] || tokens[start].Kind is not (TokenKind.Word or TokenKind.Number)) return null;
        Span<char> buffer = stackalloc char[96];
        var length = 0;
        Match? best = null;
        var words = 0;
        for (var n = 0; words < longest && start + n < tokens.Count; n++)
        {
            var t = tokens[start + n];
            if (used[start + n]) break;
            // "Stop & Shop", "A&W": the ampersand is part of the name.
            if (n > 0 && t.Kind == TokenKind.Separator && t.Text == "&") continue;
            if (t.Kind is not (TokenKind.Word or TokenKind.Number) || (n > 0 && t.IsNumber)) break;
            var before = length;
            if (words > 0) buffer[length++] = ' ';
            if (!AppendKey(t.Folded, buffer, ref length)) break;
            words++;
            if (bySpan.TryGetValue(buffer[..length], out var brands))
                best = new Match(n + 1, Pick(brands, country));
            // "Joe's" also names "Joe" (a possessive the brand does not have).
            else if (t.Folded.EndsWith("'s", StringComparison.Ordinal) && length - before > 2 &&
                     bySpan.TryGetValue(buffer[..(length - 1)], out brands))
                best = new Match(n + 1, Pick(brands, country));
            if (!prefixes.Contains(buffer[..length])) break;
        }
        if (best is { } found && start + found.Length < tokens.Count && !used[start + found.Length] &&
            tokens[start + found.Length].IsWord && CountrySuffixes.Contains(tokens[start + found.Length].Folded))
            return found with { Length = found.Length + 1 };
        return best;
    }

    // Codes banks print after a name; not "de", "no", "it" or "at", which are words too.
    private static readonly FrozenSet<string> CountrySuffixes =
        new[] { "fr", "us", "usa", "uk", "gb", "br", "bra", "es", "nl", "ch", "au", "ie", "pl", "mx", "se", "dk", "deu", "fra", "gbr", "esp", "ita" }
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The brand for the chat's country: one that trades there, then one that trades anywhere, then
    /// the hand-written one, then the first in <see cref="Order"/>.</summary>
    private static Brand Pick(Brand[] brands, string? country)
    {
        if (brands.Length == 1 || country is null) return brands[0];
        foreach (var b in brands) if (Array.IndexOf(b.Countries, country) >= 0) return b.Curated ? b : WithCurated(brands, b);
        return brands[0];
    }

    // A hand-written category wins over the index's, but the index knows the proper name.
    private static Brand WithCurated(Brand[] brands, Brand chosen)
    {
        foreach (var b in brands) if (b.Curated) return chosen with { Category = b.Category };
        return chosen;
    }

    /// <summary>Hand-written first (its category, the index's proper name when it has one), then brands that
    /// trade anywhere, then by the category people most likely mean (a supermarket's fuel station is rarer
    /// than its shop).</summary>
    private static Brand[] Order(List<Brand> brands)
    {
        var ordered = brands
            .OrderByDescending(b => b.Curated)
            .ThenByDescending(b => b.Countries.Length == 0)
            .ThenBy(b => Array.IndexOf(CategoryPreference, b.Category) is var i and >= 0 ? i : CategoryPreference.Length)
            .ToArray();
        if (ordered[0].Curated && ordered.FirstOrDefault(b => !b.Curated) is { } named)
            ordered[0] = ordered[0] with { Name = named.Name, Countries = [], Wikidata = named.Wikidata };
        else if (ordered[0].Curated && ordered[0].Name.All(c => !char.IsUpper(c)))
            ordered[0] = ordered[0] with { Name = TitleCase(ordered[0].Name) };
        return ordered;
    }

    private static readonly string[] CategoryPreference =
    [
        Categories.Groceries, Categories.Dining, Categories.Health, Categories.PersonalCare, Categories.Shopping,
        Categories.Entertainment, Categories.Travel, Categories.Education, Categories.Housing, Categories.Utilities,
        Categories.Gifts, Categories.Transport, Categories.Fees, Categories.Other,
    ];

    // The hand-written list is lower case; a brand the index lacks is shown with capitals at least.
    private static string TitleCase(string name) =>
        string.Join(' ', name.Split(' ').Select(w => w.Length == 0 || !char.IsLetter(w[0]) ? w : char.ToUpperInvariant(w[0]) + w[1..]));

    /// <summary>The keys a name is found by: its words folded without apostrophes, dots and hyphens ("trader joes",
    /// "cocacola"), hyphens as spaces ("coca cola"), and without a possessive ("trader joe").</summary>
    private static IEnumerable<string> Keys(string name)
    {
        var words = KeyTokens(name);
        if (words.Count == 0) yield break;
        var plain = string.Join(' ', words);
        yield return plain;
        var tokens = MessageTokenizer.Tokenize(name.ToLowerInvariant());
        var spaced = string.Join(' ', tokens.Where(t => t.Kind is TokenKind.Word or TokenKind.Number)
            .SelectMany(t => t.Folded.Split('-', StringSplitOptions.RemoveEmptyEntries)).Select(Strip).Where(w => w.Length > 0));
        if (spaced != plain && spaced.Length > 0) yield return spaced;
        var possessive = tokens.Any(t => t.Folded.EndsWith("'s", StringComparison.Ordinal));
        if (possessive)
            yield return string.Join(' ', tokens.Where(t => t.Kind is TokenKind.Word or TokenKind.Number)
                .Select(t => Strip(t.Folded.EndsWith("'s", StringComparison.Ordinal) ? t.Folded[..^2] : t.Folded)).Where(w => w.Length > 0));
    }

    private static List<string> KeyTokens(string name) =>
        [.. MessageTokenizer.Tokenize(name.ToLowerInvariant())
            .Where(t => t.Kind is TokenKind.Word or TokenKind.Number)
            .Select(t => Strip(t.Folded)).Where(w => w.Length > 0)];

    /// <summary>A folded word without apostrophes, dots and hyphens, as names are keyed ("joes", "cocacola").</summary>
    internal static string Strip(string folded) =>
        folded.AsSpan().IndexOfAny('\'', '-', '.') < 0 ? folded : string.Concat(folded.Where(c => c is not ('\'' or '-' or '.')));

    private static bool AppendKey(string folded, Span<char> buffer, ref int length)
    {
        foreach (var c in folded)
        {
            if (c is '\'' or '-' or '.') continue;
            if (length >= buffer.Length) return false;
            buffer[length++] = c;
        }
        return true;
    }

    private static bool IsEverydayWord(string key) =>
        key.Length < 3 || ChatCountry.IsPlaceName(key) || CategoryKeywords.IsKeyword(key, key) || NumberWords.IsNumberWord(key) || DateReader.Months.ContainsKey(key) ||
        CurrencyMarks.FromWord(key) is not null || Vocabulary.English.Contains(key) || Vocabulary.Portuguese.Contains(key) ||
        Vocabulary.Stop.Contains(key) || Vocabulary.Filler.Contains(key) || Vocabulary.IncomeWords.Contains(key) ||
        Vocabulary.TransferWords.Contains(key) || Vocabulary.SavingsWords.Contains(key) || Vocabulary.GenericPlaces.Contains(key) ||
        Vocabulary.PersonWords.Contains(key) || Vocabulary.CountUnits.Contains(key) || EverydayWords.Contains(key);

    // Everyday words that are also brand names in the index (found by running the corpus and the training
    // phrases through it); a brand called so is still found with a second word ("Dia Market").
    private static readonly FrozenSet<string> EverydayWords = new[]
    {
        "extra", "coop", "total", "express", "select", "star", "nova", "super", "mini", "max", "plus", "one", "best", "first",
        "city", "home", "house", "life", "more", "next", "only", "open", "smart", "sport", "sports", "style", "fresh", "food",
        "market", "kids", "baby", "gift", "beauty", "health", "care", "auto", "motor", "metro", "local", "green", "blue", "red",
        "gold", "sun", "family", "friends", "happy", "good", "great", "free", "fast", "easy", "quick", "real", "pet", "pets",
        "bike", "fit", "play", "fun", "boss", "eat", "bom", "preco", "post", "office", "bank", "pizza", "bar", "cafe", "tea",
        "wine", "beer", "uno", "mais", "casa", "loja", "rede", "posto", "ponto", "ticket", "big", "merchant", "merchants",
        "holiday", "holidays", "top", "up", "vacation", "bonus", "client", "cliente", "fee", "taxa", "saque", "ferias",
    }.ToFrozenSet(StringComparer.Ordinal);
}
