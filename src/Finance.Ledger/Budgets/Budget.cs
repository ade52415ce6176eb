namespace Finance.Ledger.Budgets;

/// <summary>A monthly limit of one category, and what has been spent against it this month.</summary>
public sealed record Budget(string Category, decimal Amount, string Currency, decimal Spent)
{
    public decimal Share => Amount == 0 ? 0 : Spent / Amount;
}
