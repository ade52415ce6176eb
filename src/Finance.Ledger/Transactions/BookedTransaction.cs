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

/// <summary>Totals of one category in one currency and direction over a period.</summary>
public sealed record CategoryTotal(string Category, string Currency, string Direction, decimal Total, int Count);

public sealed record MerchantTotal(string Merchant, string Currency, decimal Total, int Count);
