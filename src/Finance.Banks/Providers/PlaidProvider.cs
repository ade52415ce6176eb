using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Finance.Core;
using Microsoft.Extensions.Options;

namespace Finance.Banks.Providers;

/// <summary>
/// Plaid: <c>/link/token/create</c> starts Link, the public token Link returns is exchanged for an access token
/// (<c>/item/public_token/exchange</c>), and <c>/transactions/sync</c> pages through added, modified and removed
/// rows with a cursor until <c>has_more</c> is false. Plaid's amounts are positive for money out. A pending row that
/// posts is removed and added again under a new id that names it (<c>pending_transaction_id</c>).
/// </summary>
public sealed class PlaidProvider(HttpClient http, IOptions<BankOptions> options) : IBankProvider
{
    public string Name => "plaid";

    /// <summary>Where an OAuth bank sends the user back (under Finance:PublicBaseUrl): one fixed address, as Plaid wants
    /// it registered in its dashboard; the page there resumes Link (see the host's consent endpoints).</summary>
    public const string OAuthReturnPath = "banks/callback/plaid/oauth";

    public async Task<ConsentStart> StartConsentAsync(string institutionId, Uri redirect, string userReference, string language, CancellationToken cancellationToken)
    {
        var request = new Dictionary<string, object?>
        {
            ["client_name"] = "Finance",
            ["language"] = language,
            ["country_codes"] = new[] { "US", "CA" },
            ["user"] = new { client_user_id = userReference },
            ["products"] = new[] { "transactions" },
            // The first /transactions/sync reads this much history (Plaid's default is 90 days).
            ["transactions"] = new { days_requested = options.Value.FirstSyncDays },
        };
        // Banks that log in with OAuth (most large US banks) send the user back there, and Link resumes on that page.
        if (options.Value.Plaid.OAuthRedirect) request["redirect_uri"] = new Uri(options.Value.PublicBaseUrl!, OAuthReturnPath).ToString();
        var answer = await PostAsync<LinkTokenAnswer>("link/token/create", request, cancellationToken);
        // Plaid Link runs in the browser with the token: the host's page for it (the redirect) is the consent link.
        var link = new UriBuilder(redirect) { Query = $"link_token={Uri.EscapeDataString(answer.LinkToken)}" }.Uri.ToString();
        return new ConsentStart(link, answer.LinkToken);
    }

    public async Task<ConsentResult> CompleteConsentAsync(string reference, string? returned, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(returned)) throw new ConsentExpiredException("Plaid Link returned no public token.");
        var exchanged = await PostAsync<ExchangeAnswer>("item/public_token/exchange", new Dictionary<string, object?> { ["public_token"] = returned }, cancellationToken);
        // Accounts appear with the first sync: every row names its account.
        return new ConsentResult(exchanged.AccessToken, []);
    }

    /// <summary>Removes the item (<c>/item/remove</c>): its access token stops working.</summary>
    public async Task RevokeAsync(string credential, CancellationToken cancellationToken)
    {
        try
        {
            await PostAsync<ItemRemoved>("item/remove", new Dictionary<string, object?> { ["access_token"] = credential }, cancellationToken);
        }
        catch (ConsentExpiredException)
        {
            // The item is gone or its token no longer works: nothing is left to remove.
        }
    }

    public async Task<SyncBatch> SyncAsync(string credential, string accountId, SyncState state, DateOnly today, CancellationToken cancellationToken)
    {
        var rows = new List<BankRow>();
        var removed = new List<string>();
        var balances = new Dictionary<string, AccountBalance>();
        var cursor = state.Cursor;
        while (true)
        {
            var body = new Dictionary<string, object?> { ["access_token"] = credential, ["count"] = 500 };
            if (cursor is not null) body["cursor"] = cursor;
            var page = await PostAsync<SyncAnswer>("transactions/sync", body, cancellationToken);
            foreach (var t in page.Added.Concat(page.Modified))
                if (accountId == "*" || t.AccountId == accountId) rows.Add(Row(t));
            removed.AddRange(page.Removed.Select(r => r.TransactionId));
            foreach (var account in page.Accounts ?? [])
                if (account.Balances is { Current: { } current } money)
                    balances[account.AccountId] = new AccountBalance(account.AccountId,
                        account.Mask is null ? account.Name : $"{account.Name} …{account.Mask}", current,
                        (money.IsoCurrencyCode ?? money.UnofficialCurrencyCode ?? "USD").ToUpperInvariant());
            cursor = page.NextCursor;
            if (!page.HasMore) break;
        }
        return new SyncBatch(rows, removed, new SyncState(null, cursor), balances.Values.ToList());
    }

    private BankRow Row(PlaidTransaction t) =>
        new($"bank:{Name}", t.AccountId, t.TransactionId, DateOnly.ParseExact(t.Date, "yyyy-MM-dd"), Math.Abs(t.Amount),
            (t.IsoCurrencyCode ?? t.UnofficialCurrencyCode ?? "USD").ToUpperInvariant(),
            t.Amount > 0 ? Direction.Expense : Direction.Income, t.Name ?? t.MerchantName ?? "", t.Pending, t.PendingTransactionId);

    private async Task<T> PostAsync<T>(string path, Dictionary<string, object?> body, CancellationToken cancellationToken)
    {
        var settings = options.Value.Plaid;
        body["client_id"] = settings.ClientId;
        body["secret"] = settings.Secret;
        using var response = await http.PostAsJsonAsync(path, body, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = await response.Content.ReadFromJsonAsync<PlaidError>(cancellationToken);
            // A public token that cannot be exchanged is a consent that did not happen: the user connects again.
            if (error?.ErrorCode is "ITEM_LOGIN_REQUIRED" or "ACCESS_NOT_GRANTED" or "ITEM_NOT_FOUND" or "INVALID_ACCESS_TOKEN" or "INVALID_PUBLIC_TOKEN")
                throw new ConsentExpiredException($"Plaid: {error.ErrorCode}");
            throw new HttpRequestException($"Plaid {path} failed: {error?.ErrorCode} {error?.ErrorMessage}", null, response.StatusCode);
        }
        return await response.Content.ReadFromJsonAsync<T>(cancellationToken) ?? throw new HttpRequestException($"Plaid answered {path} with nothing.");
    }

    private sealed record LinkTokenAnswer([property: JsonPropertyName("link_token")] string LinkToken);

    private sealed record ItemRemoved([property: JsonPropertyName("request_id")] string? RequestId);

    private sealed record ExchangeAnswer([property: JsonPropertyName("access_token")] string AccessToken);

    private sealed record SyncAnswer(
        [property: JsonPropertyName("added")] List<PlaidTransaction> Added,
        [property: JsonPropertyName("modified")] List<PlaidTransaction> Modified,
        [property: JsonPropertyName("removed")] List<RemovedTransaction> Removed,
        [property: JsonPropertyName("next_cursor")] string NextCursor,
        [property: JsonPropertyName("has_more")] bool HasMore,
        [property: JsonPropertyName("accounts")] List<PlaidAccount>? Accounts);

    private sealed record PlaidAccount(
        [property: JsonPropertyName("account_id")] string AccountId,
        [property: JsonPropertyName("name")] string? Name,
        [property: JsonPropertyName("mask")] string? Mask,
        [property: JsonPropertyName("balances")] PlaidBalances? Balances);

    private sealed record PlaidBalances(
        [property: JsonPropertyName("current")] decimal? Current,
        [property: JsonPropertyName("iso_currency_code")] string? IsoCurrencyCode,
        [property: JsonPropertyName("unofficial_currency_code")] string? UnofficialCurrencyCode);

    private sealed record RemovedTransaction([property: JsonPropertyName("transaction_id")] string TransactionId);

    private sealed record PlaidTransaction(
        [property: JsonPropertyName("transaction_id")] string TransactionId,
        [property: JsonPropertyName("account_id")] string AccountId,
        [property: JsonPropertyName("amount")] decimal Amount,
        [property: JsonPropertyName("iso_currency_code")] string? IsoCurrencyCode,
        [property: JsonPropertyName("unofficial_currency_code")] string? UnofficialCurrencyCode,
        [property: JsonPropertyName("date")] string Date,
        [property: JsonPropertyName("name")] string? Name,
        [property: JsonPropertyName("merchant_name")] string? MerchantName,
        [property: JsonPropertyName("pending")] bool Pending,
        [property: JsonPropertyName("pending_transaction_id")] string? PendingTransactionId);

    private sealed record PlaidError(
        [property: JsonPropertyName("error_code")] string? ErrorCode,
        [property: JsonPropertyName("error_message")] string? ErrorMessage);
}
