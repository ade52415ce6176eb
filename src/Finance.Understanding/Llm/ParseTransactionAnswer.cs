using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Serialization;
using Finance.Core;

namespace Finance.Understanding.Llm;

/// <summary>
/// What the ParseTransaction prompt answers; its JSON schema (with these enums and patterns) is sent as the
/// response format so a constrained decoder cannot stray. <see cref="Check"/> still decides what is believed.
/// </summary>
public sealed record ParseTransactionAnswer(
    [property: JsonPropertyName("intent"), AllowedValues("record", "query", "other")] string Intent,
    [property: JsonPropertyName("language"), AllowedValues("en", "pt")] string Language,
    [property: JsonPropertyName("transactions")] IReadOnlyList<TransactionAnswer> Transactions)
{
    /// <summary>The answer as a <see cref="ParsedMessage"/>, or why the text does not support it.</summary>
    public (ParsedMessage? Message, string? Rejection) Check(TextEvidence evidence, ParseContext context)
    {
        var intent = Intent switch
        {
            "record" => Core.Intent.Record,
            "query" => Core.Intent.Query,
            "other" => Core.Intent.Other,
            _ => (Core.Intent?)null,
        };
        if (intent is null)
            return (null, "unknown intent");
        var transactions = Transactions ?? [];
        if (intent == Core.Intent.Record && transactions.Count == 0)
            return (null, "record without transactions");
        if (intent != Core.Intent.Record && transactions.Count > 0)
            return (null, "transactions on a message that records nothing");

        var parsed = new List<ParsedTransaction>(transactions.Count);
        foreach (var t in transactions)
        {
            if (t is null)
                return (null, "empty transaction");
            var (transaction, rejection) = t.Check(evidence, context);
            if (transaction is null)
                return (null, rejection);
            parsed.Add(transaction);
        }
        var language = Language is "en" or "pt" ? Language : context.Language;
        return (new ParsedMessage(intent.Value, parsed, language), null);
    }
}

public sealed record TransactionAnswer(
    [property: JsonPropertyName("amount"), Description("positive amount as written in the message")] decimal Amount,
    [property: JsonPropertyName("currency"), Description("ISO 4217 code"), RegularExpression("^[A-Z]{3}$")] string Currency,
    [property: JsonPropertyName("direction"), AllowedValues("expense", "income", "transfer")] string Direction,
    [property: JsonPropertyName("category"), AllowedValues(
        Categories.Groceries, Categories.Dining, Categories.Transport, Categories.Housing, Categories.Utilities,
        Categories.Health, Categories.Entertainment, Categories.Shopping, Categories.Subscriptions, Categories.Travel,
        Categories.Education, Categories.PersonalCare, Categories.Gifts, Categories.Fees, Categories.Income,
        Categories.Transfer, Categories.Other)] string Category,
    [property: JsonPropertyName("merchant"), Description("shop, company or person named in the message, or null")] string? Merchant,
    [property: JsonPropertyName("date"), Description("yyyy-MM-dd"), RegularExpression(@"^\d{4}-\d{2}-\d{2}$")] string Date,
    [property: JsonPropertyName("description"), Description("what was bought, a few words, or null")] string? Description)
{
    public (ParsedTransaction? Transaction, string? Rejection) Check(TextEvidence evidence, ParseContext context)
    {
        if (!evidence.Supports(Amount))
            return (null, "amount not in text");
        var currency = Currency?.Trim().ToUpperInvariant();
        if (!TextEvidence.IsIsoCurrency(currency))
            return (null, "currency not an ISO code");
        if (!evidence.SupportsCurrency(currency!, context.DefaultCurrency))
            return (null, "currency not in text");
        if (Directions.Read(Direction) is not { } direction)
            return (null, "unknown direction");
        if (!Categories.IsKnown(Category))
            return (null, "category not in taxonomy");
        if (!TryReadDate(Date, out var date))
            return (null, "date not yyyy-MM-dd");
        if (!evidence.SupportsBookingDate(date, context.Today))
            return (null, date > context.Today ? "date in the future" : "date not supported by text");
        var merchant = string.IsNullOrWhiteSpace(Merchant) ? null : Merchant.Trim().ToLowerInvariant();
        if (merchant is not null && !evidence.Mentions(merchant))
            return (null, "merchant not in text");
        var description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim();
        return (new ParsedTransaction(Amount, currency!, direction, Category, merchant, date, description), null);
    }

    internal static bool TryReadDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}

internal static class Directions
{
    public static Direction? Read(string? wire) => wire switch
    {
        "expense" => Direction.Expense,
        "income" => Direction.Income,
        "transfer" => Direction.Transfer,
        _ => null,
    };
}
