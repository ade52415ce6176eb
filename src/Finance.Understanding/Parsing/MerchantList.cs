using System.Collections.Frozen;
using Finance.Core;

namespace Finance.Understanding.Parsing;

/// <summary>Brands people name without a preposition ("uber 23", "ifood 67"), with their usual category.
/// Loaded from models/merchants/merchants.tsv (name, tab, category); names are matched folded and as
/// whole words, longest first.</summary>
public sealed class MerchantList
{
    public readonly record struct Match(int Length, string Category);

    private readonly FrozenDictionary<string, string> byName;
    private readonly int longest;

    public MerchantList(IEnumerable<(string Name, string Category)> entries)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, category) in entries)
        {
            if (!Categories.IsKnown(category)) throw new FormatException($"Merchant '{name}' has unknown category '{category}'.");
            var key = Key(MessageTokenizer.Tokenize(name.ToLowerInvariant()));
            if (key.Length > 0) d.TryAdd(key, category);
            longest = Math.Max(longest, key.Count(c => c == ' ') + 1);
        }
        byName = d.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public int Count => byName.Count;

    public static MerchantList Empty { get; } = new([]);

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "models", "merchants", "merchants.tsv");

    public static MerchantList Load(string path)
    {
        var entries = new List<(string, string)>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var tab = line.IndexOf('\t');
            if (tab <= 0) throw new FormatException($"Merchant line without a tab: '{line}'.");
            var rest = line[(tab + 1)..];
            var tab2 = rest.IndexOf('\t');
            entries.Add((line[..tab].Trim(), (tab2 < 0 ? rest : rest[..tab2]).Trim()));
        }
        return new MerchantList(entries);
    }

    /// <summary>The shipped list beside the binaries, or an empty list when it is not there.</summary>
    public static MerchantList LoadDefault() => File.Exists(DefaultPath) ? Load(DefaultPath) : Empty;

    public string? CategoryOf(string name) =>
        byName.TryGetValue(Key(MessageTokenizer.Tokenize(name.ToLowerInvariant())), out var c) ? c : null;

    /// <summary>The longest merchant name starting at token <paramref name="start"/>, skipping used tokens.</summary>
    public Match? MatchAt(List<Token> tokens, int start, bool[] used)
    {
        if (used[start] || tokens[start].Kind is not (TokenKind.Word or TokenKind.Number)) return null;
        Span<char> buffer = stackalloc char[96];
        var length = 0;
        Match? best = null;
        for (var n = 0; n < longest && start + n < tokens.Count; n++)
        {
            var t = tokens[start + n];
            if (used[start + n] || t.Kind is not (TokenKind.Word or TokenKind.Number)) break;
            if (n > 0 && t.IsNumber) break;
            var part = t.Folded;
            if (length + part.Length + 1 > buffer.Length) break;
            if (n > 0) buffer[length++] = ' ';
            part.AsSpan().CopyTo(buffer[length..]);
            length += part.Length;
            if (byName.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(buffer[..length], out var category))
                best = new Match(n + 1, category);
        }
        return best;
    }

    private static string Key(List<Token> tokens) =>
        string.Join(' ', tokens.Where(t => t.Kind is TokenKind.Word or TokenKind.Number).Select(t => t.Folded));
}
