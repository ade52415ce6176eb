namespace Finance.Ledger.Budgets;

/// <summary>A monthly limit of one category (or group of categories, "food"), and what has been spent against it
/// this month: <see cref="Spent"/> in the budget's currency, converted at each amount's own date's rate;
/// spending in a currency without a rate cannot count, and is listed apart so it is never silently left out.</summary>
public sealed record Budget
{
    public required string Category { get; init; }
    public required decimal Amount { get; init; }
    public required string Currency { get; init; }
    public required decimal Spent { get; init; }
    // Settable properties rather than a constructor: Dapper hands PostgreSQL arrays over as System.Array,
    // which no constructor signature matches.
    public string[] UnconvertedCurrencies { get; init; } = [];
    public decimal[] UnconvertedTotals { get; init; } = [];

    public decimal Share => Amount == 0 ? 0 : Spent / Amount;

    public IEnumerable<(string Currency, decimal Total)> Unconverted => UnconvertedCurrencies.Zip(UnconvertedTotals);
}
