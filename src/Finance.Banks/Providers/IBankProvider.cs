namespace Finance.Banks.Providers;

/// <summary>The start of a consent: where to send the user, and the provider's reference to finish it with
/// (a GoCardless requisition id, a Plaid link token).</summary>
public sealed record ConsentStart(string Link, string Reference);

/// <summary>A finished consent: the secret the provider gives for reading (a requisition id, a Plaid access token)
/// and the accounts it covers.</summary>
public sealed record ConsentResult(string Credential, IReadOnlyList<LinkedAccount> Accounts);

public sealed record LinkedAccount(string Id, string? Name, string? Currency);

/// <summary>Where a connection's sync stopped: a date (GoCardless: transactions from here on) or a cursor (Plaid).</summary>
public sealed record SyncState(DateOnly? From, string? Cursor);

/// <summary>What one sync brought: rows added or changed (a pending row booked is a change), provider ids removed,
/// where the next sync starts, and the accounts' balances as the bank reports them now.</summary>
public sealed record SyncBatch(IReadOnlyList<BankRow> Rows, IReadOnlyList<string> Removed, SyncState Next, IReadOnlyList<AccountBalance> Balances);

/// <summary>An account's balance as its bank reported it; the name when the provider gives one with it (Plaid).</summary>
public sealed record AccountBalance(string AccountId, string? Name, decimal Amount, string Currency);

/// <summary>The user's consent expired or was revoked: the connection needs the user to reconnect.</summary>
public sealed class ConsentExpiredException(string message) : Exception(message);

/// <summary>An open-banking provider (GoCardless Bank Account Data, Plaid): consent, then incremental reads.</summary>
public interface IBankProvider
{
    /// <summary>"gocardless" or "plaid"; bank rows carry it as their source (<c>bank:NAME</c>).</summary>
    string Name { get; }

    /// <summary>Starts a consent for a bank (an institution id) that comes back to <paramref name="redirect"/>.</summary>
    Task<ConsentStart> StartConsentAsync(string institutionId, Uri redirect, string userReference, string language, CancellationToken cancellationToken);

    /// <summary>Finishes a consent: <paramref name="reference"/> from the start, <paramref name="returned"/> what the
    /// callback carried (Plaid's public token; nothing for GoCardless).</summary>
    Task<ConsentResult> CompleteConsentAsync(string reference, string? returned, CancellationToken cancellationToken);

    /// <summary>Ends the consent at the provider (/bank disconnect), so reading stops there too, not only here.</summary>
    Task RevokeAsync(string credential, CancellationToken cancellationToken);

    /// <summary>Reads what is new for one account since <paramref name="state"/>.</summary>
    Task<SyncBatch> SyncAsync(string credential, string accountId, SyncState state, DateOnly today, CancellationToken cancellationToken);
}
