namespace Finance.Core;

/// <summary>The one category taxonomy used everywhere: parser, classifier, ledger, replies.</summary>
public static class Categories
{
    public const string Groceries = "groceries";
    public const string Dining = "dining";
    public const string Transport = "transport";
    public const string Housing = "housing";
    public const string Utilities = "utilities";
    public const string Health = "health";
    public const string Entertainment = "entertainment";
    public const string Shopping = "shopping";
    public const string Subscriptions = "subscriptions";
    public const string Travel = "travel";
    public const string Education = "education";
    public const string PersonalCare = "personal_care";
    public const string Gifts = "gifts";
    public const string Fees = "fees";
    public const string Income = "income";
    public const string Transfer = "transfer";
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All =
    [
        Groceries, Dining, Transport, Housing, Utilities, Health, Entertainment, Shopping,
        Subscriptions, Travel, Education, PersonalCare, Gifts, Fees, Income, Transfer, Other,
    ];

    private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

    public static bool IsKnown(string? category) => category is not null && Known.Contains(category);
}
