using Finance.Core;

namespace Finance.Banks;

/// <summary>One transaction as a bank or a statement file tells it, before it is matched and booked.</summary>
/// <param name="Source">Where it came from: <c>bank:gocardless</c>, <c>bank:plaid</c>, <c>import</c>.</param>
/// <param name="ProviderId">The provider's own id for the row (or a fingerprint for files without one):
/// with <paramref name="Source"/> and <paramref name="AccountKey"/> it books a row at most once.</param>
/// <param name="AccountKey">The account it belongs to (a provider account id or a statement's account number).</param>
/// <param name="Amount">Always positive; <paramref name="Direction"/> says which way it went.</param>
/// <param name="Pending">A bank row not booked yet; the same row later booked updates it.</param>
/// <param name="PendingId">For a booked row, the provider id of the pending row it replaces when the provider says
/// (Plaid's <c>pending_transaction_id</c>; the amount may differ from the pending one's, a tip added).</param>
public sealed record BankRow(
    string Source,
    string AccountKey,
    string ProviderId,
    DateOnly Date,
    decimal Amount,
    string Currency,
    Direction Direction,
    string Description,
    bool Pending = false,
    string? PendingId = null);
