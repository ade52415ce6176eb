namespace Finance.Core;

public enum Intent { Record, Query, Other }

/// <summary>One money movement understood from a message, before it is booked.</summary>
/// <param name="Amount">Always positive; <see cref="Direction"/> says which way it went.</param>
/// <param name="Currency">ISO 4217 code, upper case.</param>
/// <param name="Date">The user's local date in the context's time zone.</param>
public sealed record ParsedTransaction(
    decimal Amount,
    string Currency,
    Direction Direction,
    string Category,
    string? Merchant,
    DateOnly Date,
    string? Description = null);

/// <summary>What the understanding stage made of one message.</summary>
/// <param name="Language">"en" or "pt": the language the message was written in, for the reply.</param>
public sealed record ParsedMessage(
    Intent Intent,
    IReadOnlyList<ParsedTransaction> Transactions,
    string Language,
    SpendingQuery? Query = null)
{
    public static ParsedMessage Nothing(string language) => new(Intent.Other, [], language);
}

/// <summary>What a question asks: a total (optionally of one member), the top places, a list, the balance
/// (income − expenses), whether something was paid, the period against the one before, an average per
/// week/month/day, or something the bot cannot answer (it says so and shows a question it can).</summary>
public enum QueryKind { Total, TopMerchants, List, Balance, Paid, Compare, Average, Unanswerable }

/// <summary>A question about spending, resolved to a date range and optional filters.</summary>
/// <param name="Member">"how much did Ana spend": whose bookings, by the start of their name.</param>
/// <param name="Subject">"did I pay rent?": the word the booking is looked for by.</param>
/// <param name="Per">An average's unit: "week", "month" or "day".</param>
public sealed record SpendingQuery(
    QueryKind Kind,
    DateOnly From,
    DateOnly To,
    string? Category = null,
    string? Merchant = null,
    Direction Direction = Direction.Expense,
    string? Member = null,
    string? Subject = null,
    string? Per = null);

/// <summary>The defaults a chat gives to a message: its clock, zone, currency and language, and its country
/// (ISO 3166 alpha-2) when known; without one the parser derives it from the zone and currency.</summary>
public sealed record ParseContext(DateTimeOffset Now, TimeZoneInfo TimeZone, string DefaultCurrency, string Language = "en", string? Country = null)
{
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Now, TimeZone).DateTime);
}

/// <summary>The seam between rules and LLM understanding.</summary>
public interface ITransactionParser
{
    Task<ParsedMessage> ParseAsync(string text, ParseContext context, CancellationToken cancellationToken);
}
