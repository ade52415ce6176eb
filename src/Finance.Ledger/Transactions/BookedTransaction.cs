namespace Finance.Ledger.Transactions;

/// <summary>A transaction as the ledger holds it.</summary>
public sealed record BookedTransaction(
    long Id,
    decimal Amount,
    string Currency,
    string Direction,
    string Category,
    string? Merchant,
    string? Description,
    DateOnly LocalDate,
    string Source,
    string? SourceMessageId,
    Guid CreatedBy);

/// <summary>What booking a message did: the rows it booked, or none and the earlier booking it repeats.</summary>
public sealed record BookingOutcome(IReadOnlyList<BookedTransaction> Booked, RepeatedBooking? Repeats);

/// <summary>A booking made moments ago with every item of a new one (its first item's row), and when it was booked
/// (on the clock of the host that booked it).</summary>
public sealed record RepeatedBooking(BookedTransaction Earlier, DateTimeOffset BookedAt);

/// <summary>Totals of one category in one currency and direction over a period; <paramref name="InBase"/> is the
/// same in the base currency asked for (null when not asked for, or for the amounts without a rate).</summary>
public sealed record CategoryTotal(string Category, string Currency, string Direction, decimal Total, int Count, decimal? InBase);

public sealed record MerchantTotal(string Merchant, string Currency, decimal Total, int Count);

/// <summary>Totals of one direction in one currency over a period, and the same in the context's base currency
/// at each amount's own date's rate (null when a rate is missing).</summary>
public sealed record CurrencyTotal(string Direction, string Currency, decimal Total, int Count, decimal? InBase);
