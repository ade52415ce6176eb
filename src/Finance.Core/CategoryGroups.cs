namespace Finance.Core;

/// <summary>Words people use for several categories at once: "food" is groceries and dining, "bills" are
/// utilities, housing and subscriptions. Questions, summaries and budgets may name a group where they name a
/// category; bookings always get one category.</summary>
public static class CategoryGroups
{
    public const string Food = "food";
    public const string Bills = "bills";

    private static readonly Dictionary<string, string[]> Members = new(StringComparer.Ordinal)
    {
        [Food] = [Categories.Groceries, Categories.Dining],
        [Bills] = [Categories.Utilities, Categories.Housing, Categories.Subscriptions],
    };

    /// <summary>The words (lower case; with and without accents) that name a group, in the languages the bot speaks.</summary>
    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["food"] = Food, ["comida"] = Food, ["alimentacao"] = Food, ["alimentação"] = Food,
        ["bills"] = Bills, ["contas"] = Bills,
    };

    public static IReadOnlyList<string> All { get; } = [.. Members.Keys];

    public static bool IsGroup(string? category) => category is not null && Members.ContainsKey(category);

    /// <summary>The categories a category or group stands for: a group's members, else the category itself.</summary>
    public static string[] Expand(string category) => Members.TryGetValue(category, out var members) ? members : [category];

    /// <summary>The group a lower-case word names ("comida" → food), or null.</summary>
    public static string? Named(string word) => Words.GetValueOrDefault(word);

    /// <summary>Pairs (group, member) of every group, for SQL that joins budgets of a group to their categories.</summary>
    public static (string[] Groups, string[] Categories) Pairs { get; } = (
        [.. Members.SelectMany(g => g.Value.Select(_ => g.Key))],
        [.. Members.SelectMany(g => g.Value)]);
}
