namespace Finance.Core;

/// <summary>One connected account's balance as its bank last reported it.</summary>
public sealed record BankBalance(string Account, decimal Amount, string Currency, DateTimeOffset AsOf);

/// <summary>The seam through which a connected bank answers "what's my balance?" beside the ledger's own
/// income − expenses (implemented by Finance.Banks; without it only the ledger answers).</summary>
public interface IBankBalances
{
    Task<IReadOnlyList<BankBalance>> ForContextAsync(Guid contextId, CancellationToken cancellationToken);
}
