using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Finance.Core;

namespace Finance.Understanding.Llm;

/// <summary>What the AnswerQuery prompt answers: a spending question as a date range and filters.</summary>
public sealed record SpendingQueryAnswer(
    [property: JsonPropertyName("kind"), AllowedValues("total", "top_merchants", "list")] string Kind,
    [property: JsonPropertyName("from"), Description("first day, yyyy-MM-dd"), RegularExpression(@"^\d{4}-\d{2}-\d{2}$")] string From,
    [property: JsonPropertyName("to"), Description("last day, yyyy-MM-dd"), RegularExpression(@"^\d{4}-\d{2}-\d{2}$")] string To,
    // "any" rather than null: the schema generator drops null from an enum, which would forbid it.
    [property: JsonPropertyName("category"), AllowedValues(
        SpendingQueryAnswer.AnyCategory, Categories.Groceries, Categories.Dining, Categories.Transport, Categories.Housing, Categories.Utilities,
        Categories.Health, Categories.Entertainment, Categories.Shopping, Categories.Subscriptions, Categories.Travel,
        Categories.Education, Categories.PersonalCare, Categories.Gifts, Categories.Fees, Categories.Income,
        Categories.Transfer, Categories.Other, CategoryGroups.Food, CategoryGroups.Bills)] string Category,
    [property: JsonPropertyName("merchant"), Description("merchant named in the question, or null")] string? Merchant,
    [property: JsonPropertyName("direction"), AllowedValues("expense", "income")] string Direction)
{
    /// <summary>Questions reach further back than bookings ("last year", "since 2024").</summary>
    public const int MaxYearsBack = 5;

    public const string AnyCategory = "any";

    public (SpendingQuery? Query, string? Rejection) Check(TextEvidence evidence, DateOnly today)
    {
        QueryKind? kind = Kind switch
        {
            "total" => QueryKind.Total,
            "top_merchants" => QueryKind.TopMerchants,
            "list" => QueryKind.List,
            _ => null,
        };
        if (kind is null)
            return (null, "unknown query kind");
        if (!TransactionAnswer.TryReadDate(From, out var from) || !TransactionAnswer.TryReadDate(To, out var to))
            return (null, "date not yyyy-MM-dd");
        if (from > to || from < today.AddYears(-MaxYearsBack) || from > today || to > today.AddYears(1))
            return (null, "date range not plausible");
        // With no period named, the question is about a range that includes today ("this month so far").
        if (!evidence.NamesADay && (from > today || to < today))
            return (null, "date range not supported by text");
        var category = string.IsNullOrWhiteSpace(Category) || Category == AnyCategory ? null : Category;
        if (category is not null && !Categories.IsKnown(category) && !CategoryGroups.IsGroup(category))
            return (null, "category not in taxonomy");
        var merchant = string.IsNullOrWhiteSpace(Merchant) ? null : Merchant.Trim().ToLowerInvariant();
        if (merchant is not null && !evidence.Mentions(merchant))
            return (null, "merchant not in text");
        var direction = string.IsNullOrWhiteSpace(Direction) ? Core.Direction.Expense : Directions.Read(Direction);
        if (direction is not (Core.Direction.Expense or Core.Direction.Income))
            return (null, "unknown direction");
        return (new SpendingQuery(kind.Value, from, to, category, merchant, direction.Value), null);
    }
}
