using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Finance.Core;
using Microsoft.Extensions.Options;

namespace Finance.Banks.Providers;

/// <summary>
/// GoCardless Bank Account Data, API v2: a token pair from the secrets (<c>/token/new/</c>), the access token
/// refreshed (<c>/token/refresh/</c>) a minute before it expires and a new pair once the refresh token has
/// expired too; an end-user agreement and a requisition give the consent link; the requisition lists the
/// accounts; <c>/accounts/{id}/transactions/</c> gives booked and pending rows from a date on. The token lives
/// in this process only: it is a cache any host can rebuild from the secrets.
/// </summary>
public sealed class GoCardlessProvider(HttpClient http, IOptions<BankOptions> options, TimeProvider time) : IBankProvider
{
    private readonly SemaphoreSlim tokenLock = new(1, 1);
    private Token? token;

    public string Name => "gocardless";

    public async Task<IReadOnlyList<Institution>> InstitutionsAsync(string country, CancellationToken cancellationToken) =>
        await SendAsync<List<Institution>>(HttpMethod.Get, $"api/v2/institutions/?country={Uri.EscapeDataString(country.ToLowerInvariant())}", null, cancellationToken);

    public Task<ConsentStart> StartConsentAsync(string institutionId, Uri redirect, string userReference, string language, CancellationToken cancellationToken) =>
        StartConsentAsync(institutionId, options.Value.FirstSyncDays, redirect, userReference, language, cancellationToken);

    /// <summary>A consent for <paramref name="institution"/> asking for the first-sync history or what the bank keeps,
    /// whichever is less (GoCardless refuses an agreement that asks for more than the bank gives).</summary>
    public Task<ConsentStart> StartConsentAsync(Institution institution, Uri redirect, string userReference, string language, CancellationToken cancellationToken) =>
        StartConsentAsync(institution.Id,
            int.TryParse(institution.TransactionTotalDays, NumberStyles.None, CultureInfo.InvariantCulture, out var kept) && kept > 0
                ? Math.Min(kept, options.Value.FirstSyncDays) : options.Value.FirstSyncDays,
            redirect, userReference, language, cancellationToken);

    private async Task<ConsentStart> StartConsentAsync(string institutionId, int historyDays, Uri redirect, string userReference, string language,
        CancellationToken cancellationToken)
    {
        var agreement = await SendAsync<Agreement>(HttpMethod.Post, "api/v2/agreements/enduser/", new
        {
            institution_id = institutionId,
            max_historical_days = historyDays,
            access_valid_for_days = 90,
            access_scope = new[] { "balances", "details", "transactions" },
        }, cancellationToken);
        var requisition = await SendAsync<Requisition>(HttpMethod.Post, "api/v2/requisitions/", new
        {
            redirect = redirect.ToString(),
            institution_id = institutionId,
            agreement = agreement.Id,
            reference = userReference,
            user_language = language.ToUpperInvariant(),
        }, cancellationToken);
        return new ConsentStart(requisition.Link ?? throw new HttpRequestException("GoCardless gave a requisition without a link."), requisition.Id);
    }

    public async Task<ConsentResult> CompleteConsentAsync(string reference, string? returned, CancellationToken cancellationToken)
    {
        var requisition = await SendAsync<Requisition>(HttpMethod.Get, $"api/v2/requisitions/{Uri.EscapeDataString(reference)}/", null, cancellationToken);
        // Only a linked requisition (LN) gives accounts; the user cancelled, was rejected or the link expired otherwise.
        if (requisition.Status != "LN")
            throw new ConsentExpiredException($"The requisition is {requisition.Status}, not linked.");
        var accounts = new List<LinkedAccount>();
        foreach (var id in requisition.Accounts ?? [])
        {
            var details = await SendAsync<AccountDetails>(HttpMethod.Get, $"api/v2/accounts/{Uri.EscapeDataString(id)}/details/", null, cancellationToken);
            accounts.Add(new LinkedAccount(id, details.Account?.Name ?? details.Account?.Product ?? MaskedIban(details.Account?.Iban), details.Account?.Currency));
        }
        return new ConsentResult(requisition.Id, accounts);
    }

    /// <summary>Deletes the requisition (its agreement goes with it); one already gone is as good.</summary>
    public async Task RevokeAsync(string credential, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"api/v2/requisitions/{Uri.EscapeDataString(credential)}/");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await AccessTokenAsync(cancellationToken));
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound) response.EnsureSuccessStatusCode();
    }

    public async Task<SyncBatch> SyncAsync(string credential, string accountId, SyncState state, DateOnly today, CancellationToken cancellationToken)
    {
        // The first sync names no start: the agreement's history (the first-sync days, or fewer if the bank keeps
        // fewer) bounds it, and a date before what the bank allows would be refused.
        var window = state.From is { } from ? $"date_from={from:yyyy-MM-dd}&date_to={today:yyyy-MM-dd}" : $"date_to={today:yyyy-MM-dd}";
        var answer = await SendAsync<TransactionsAnswer>(HttpMethod.Get,
            $"api/v2/accounts/{Uri.EscapeDataString(accountId)}/transactions/?{window}", null, cancellationToken);
        var rows = new List<BankRow>();
        foreach (var (list, pending) in new[] { (answer.Transactions?.Booked, false), (answer.Transactions?.Pending, true) })
            foreach (var t in list ?? [])
                if (Row(accountId, t, pending) is { } row) rows.Add(row);
        // Banks back-date bookings by a few days: the next sync starts a week back, and ids keep it from booking twice.
        return new SyncBatch(rows, [], new SyncState(today.AddDays(-7), null), await BalanceAsync(accountId, cancellationToken));
    }

    /// <summary>The account's balance, the most current kind the bank gives; none when the bank gives none or is
    /// out of balance calls for today (banks allow a few a day): the transactions are what the sync is for.</summary>
    private async Task<IReadOnlyList<AccountBalance>> BalanceAsync(string accountId, CancellationToken cancellationToken)
    {
        BalancesAnswer answer;
        try
        {
            answer = await SendAsync<BalancesAnswer>(HttpMethod.Get, $"api/v2/accounts/{Uri.EscapeDataString(accountId)}/balances/", null, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return [];
        }
        var best = (answer.Balances ?? []).OrderBy(b => Array.IndexOf(BalanceKinds, b.BalanceType) is var i && i >= 0 ? i : BalanceKinds.Length).FirstOrDefault();
        return best?.BalanceAmount is { } money && decimal.TryParse(money.Amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount)
            ? [new AccountBalance(accountId, null, amount, money.Currency.ToUpperInvariant())]
            : [];
    }

    /// <summary>Berlin Group balance types, most current first.</summary>
    private static readonly string[] BalanceKinds = ["interimAvailable", "interimBooked", "expected", "closingBooked", "openingBooked"];

    private BankRow? Row(string accountId, BankTransaction t, bool pending)
    {
        if (t.TransactionAmount is not { } money ||
            !decimal.TryParse(money.Amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) || amount == 0) return null;
        var dateText = t.BookingDate ?? t.ValueDate ?? t.BookingDateTime?[..10];
        if (dateText is null || !DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return null;
        var party = amount < 0 ? t.CreditorName : t.DebtorName;
        var remittance = t.RemittanceInformationUnstructured ?? string.Join(' ', t.RemittanceInformationUnstructuredArray ?? []);
        var description = string.Join(' ', new[] { party, remittance, t.AdditionalInformation }.Where(s => !string.IsNullOrWhiteSpace(s)).Distinct());
        // Pending rows often come without transactionId: a fingerprint stands in, and the booked row replaces it.
        var id = t.TransactionId ?? t.InternalTransactionId
            ?? Statements.Fingerprint.Of(accountId, date, amount, description, 0);
        return new BankRow($"bank:{Name}", accountId, id, date, Math.Abs(amount), money.Currency.ToUpperInvariant(),
            amount < 0 ? Direction.Expense : Direction.Income, description, pending);
    }

    private static string? MaskedIban(string? iban) => iban is { Length: > 4 } ? "…" + iban[^4..] : iban;

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await AccessTokenAsync(cancellationToken));
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden && path.StartsWith("api/v2/accounts/", StringComparison.Ordinal))
            throw new ConsentExpiredException($"GoCardless refused the account ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken)}");
        if (response.StatusCode == HttpStatusCode.BadRequest && path.StartsWith("api/v2/accounts/", StringComparison.Ordinal) &&
            (await response.Content.ReadAsStringAsync(cancellationToken)).Contains("expired", StringComparison.OrdinalIgnoreCase))
            throw new ConsentExpiredException("GoCardless says the end-user agreement expired.");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(cancellationToken) ?? throw new HttpRequestException($"GoCardless answered {path} with nothing.");
    }

    private async Task<string> AccessTokenAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (token is { } current && current.AccessExpires > now.AddMinutes(1)) return current.Access;
        await tokenLock.WaitAsync(cancellationToken);
        try
        {
            now = time.GetUtcNow();
            if (token is { } again && again.AccessExpires > now.AddMinutes(1)) return again.Access;
            if (token is { } stale && stale.RefreshExpires > now.AddMinutes(1))
            {
                var refreshed = await PostTokenAsync<TokenAnswer>("api/v2/token/refresh/", new { refresh = stale.Refresh }, cancellationToken);
                token = stale with { Access = refreshed.Access, AccessExpires = now.AddSeconds(refreshed.AccessExpires) };
            }
            else
            {
                var settings = options.Value.GoCardless;
                var fresh = await PostTokenAsync<TokenAnswer>("api/v2/token/new/", new { secret_id = settings.SecretId, secret_key = settings.SecretKey }, cancellationToken);
                token = new Token(fresh.Access, now.AddSeconds(fresh.AccessExpires), fresh.Refresh!, now.AddSeconds(fresh.RefreshExpires ?? 0));
            }
            return token.Access;
        }
        finally
        {
            tokenLock.Release();
        }
    }

    private async Task<T> PostTokenAsync<T>(string path, object body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(path, body, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(cancellationToken) ?? throw new HttpRequestException("GoCardless gave no token.");
    }

    private sealed record Token(string Access, DateTimeOffset AccessExpires, string Refresh, DateTimeOffset RefreshExpires);

    private sealed record TokenAnswer(
        [property: JsonPropertyName("access")] string Access,
        [property: JsonPropertyName("access_expires")] int AccessExpires,
        [property: JsonPropertyName("refresh")] string? Refresh,
        [property: JsonPropertyName("refresh_expires")] int? RefreshExpires);

    public sealed record Institution(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("transaction_total_days")] string? TransactionTotalDays);

    private sealed record Agreement([property: JsonPropertyName("id")] string Id);

    private sealed record Requisition(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("status")] string? Status,
        [property: JsonPropertyName("link")] string? Link,
        [property: JsonPropertyName("accounts")] List<string>? Accounts);

    private sealed record AccountDetails([property: JsonPropertyName("account")] AccountInfo? Account);

    private sealed record AccountInfo(
        [property: JsonPropertyName("iban")] string? Iban,
        [property: JsonPropertyName("currency")] string? Currency,
        [property: JsonPropertyName("name")] string? Name,
        [property: JsonPropertyName("product")] string? Product);

    private sealed record BalancesAnswer([property: JsonPropertyName("balances")] List<Balance>? Balances);

    private sealed record Balance(
        [property: JsonPropertyName("balanceAmount")] Money? BalanceAmount,
        [property: JsonPropertyName("balanceType")] string? BalanceType);

    private sealed record TransactionsAnswer([property: JsonPropertyName("transactions")] TransactionLists? Transactions);

    private sealed record TransactionLists(
        [property: JsonPropertyName("booked")] List<BankTransaction>? Booked,
        [property: JsonPropertyName("pending")] List<BankTransaction>? Pending);

    private sealed record Money(
        [property: JsonPropertyName("amount")] string Amount,
        [property: JsonPropertyName("currency")] string Currency);

    private sealed record BankTransaction(
        [property: JsonPropertyName("transactionId")] string? TransactionId,
        [property: JsonPropertyName("internalTransactionId")] string? InternalTransactionId,
        [property: JsonPropertyName("bookingDate")] string? BookingDate,
        [property: JsonPropertyName("bookingDateTime")] string? BookingDateTime,
        [property: JsonPropertyName("valueDate")] string? ValueDate,
        [property: JsonPropertyName("transactionAmount")] Money? TransactionAmount,
        [property: JsonPropertyName("creditorName")] string? CreditorName,
        [property: JsonPropertyName("debtorName")] string? DebtorName,
        [property: JsonPropertyName("remittanceInformationUnstructured")] string? RemittanceInformationUnstructured,
        [property: JsonPropertyName("remittanceInformationUnstructuredArray")] List<string>? RemittanceInformationUnstructuredArray,
        [property: JsonPropertyName("additionalInformation")] string? AdditionalInformation);
}
