using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Finance.Testing;

/// <summary>
/// GoCardless Bank Account Data API v2 on 127.0.0.1, speaking its documented JSON: token new/refresh (with
/// expiries), institutions by country, end-user agreements, requisitions (link, status, accounts), account
/// details, balances and transactions with <c>booked</c> and <c>pending</c> lists filtered by <c>date_from</c>. Tests add
/// transactions, make the next calls answer 429 with Retry-After, or expire the agreement (then account
/// endpoints answer as GoCardless does for expired access).
/// </summary>
public sealed class LoopbackGoCardless : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<(string Method, string Path)> calls = new();
    private readonly ConcurrentDictionary<string, List<JsonObject>> booked = new();
    private readonly ConcurrentDictionary<string, List<JsonObject>> pending = new();
    private readonly ConcurrentDictionary<string, (string Redirect, string? Reference)> started = new();
    private readonly ConcurrentDictionary<string, bool> cancelled = new();
    private int throttled;
    private int requisitions;

    public LoopbackGoCardless() => app = LoopbackServer.Create(HandleAsync);

    public string BaseUrl { get; private set; } = "";
    public const string SecretId = "loopback-id";
    public const string SecretKey = "loopback-key";
    public const string Account = "7e944232-bda9-40bc-b784-660c7ab5fe78";
    public const string Savings = "99a0bfe2-0bef-46df-bff2-e9ae0c8c5d3a";

    /// <summary>The requisition links a savings account too, read after the current account.</summary>
    public bool WithSavings { get; set; }

    /// <summary>The savings account is out of its daily calls: its transactions answer 429 with a Retry-After of hours
    /// (GoCardless allows a few calls per account a day), too long for a sync to wait.</summary>
    public bool SavingsRateLimited { get; set; }

    /// <summary>Seconds the access token lives; a test may shorten it to see it refreshed.</summary>
    public int AccessExpires { get; set; } = 86400;
    public bool AgreementExpired { get; set; }

    /// <summary>What <c>/balances/</c> reports for the account (interimAvailable), as the bank's text.</summary>
    public string Balance { get; set; } = "1234.56";

    public IReadOnlyList<(string Method, string Path)> Calls => calls.ToArray();
    public int CallsTo(string pathStart) => calls.Count(c => c.Path.StartsWith(pathStart, StringComparison.Ordinal));

    public async Task<LoopbackGoCardless> StartAsync()
    {
        BaseUrl = await LoopbackServer.StartAsync(app) + "/";
        return this;
    }

    /// <summary>The user gave consent at the bank for the requisition of <paramref name="link"/>: where GoCardless
    /// sends them back, the requisition's redirect with <c>?ref=</c> its reference.</summary>
    public Uri ConsentGiven(string link)
    {
        var id = new Uri(link).Segments[^2].TrimEnd('/');
        var (redirect, reference) = started[id];
        return new Uri($"{redirect}?ref={Uri.EscapeDataString(reference ?? id)}");
    }

    /// <summary>The user cancelled at the bank: GoCardless sends them back with an error, and the requisition
    /// never links (it stays created, with no accounts).</summary>
    public Uri ConsentCancelled(string link)
    {
        var id = new Uri(link).Segments[^2].TrimEnd('/');
        cancelled[id] = true;
        return new Uri(ConsentGiven(link) + "&error=UserCancelledSession&details=User+cancelled+the+session.");
    }

    /// <summary>The next <paramref name="count"/> requests answer 429 with Retry-After: 1.</summary>
    public void Throttle(int count) => Interlocked.Exchange(ref throttled, count);

    public void AddBooked(string id, string date, string amount, string currency, string? creditor, string remittance, string account = Account) =>
        booked.GetOrAdd(account, _ => []).Add(Transaction(id, date, amount, currency, creditor, remittance));

    /// <summary>A pending row as banks give it: no transactionId, no booking id yet.</summary>
    public void AddPending(string date, string amount, string currency, string? creditor, string remittance)
    {
        var row = Transaction(null, date, amount, currency, creditor, remittance);
        pending.GetOrAdd(Account, _ => []).Add(row);
    }

    /// <summary>The pending rows book: they leave the pending list and come back booked with an id.</summary>
    public void BookPending(string id, string date)
    {
        var list = pending.GetOrAdd(Account, _ => []);
        foreach (var row in list.ToList())
        {
            list.Remove(row);
            row["transactionId"] = id;
            row["bookingDate"] = date;
            booked.GetOrAdd(Account, _ => []).Add(row);
        }
    }

    private static JsonObject Transaction(string? id, string date, string amount, string currency, string? creditor, string remittance)
    {
        var row = new JsonObject
        {
            ["bookingDate"] = date,
            ["valueDate"] = date,
            ["transactionAmount"] = new JsonObject { ["amount"] = amount, ["currency"] = currency },
            ["remittanceInformationUnstructured"] = remittance,
        };
        if (id is not null) row["transactionId"] = id;
        if (creditor is not null) row[amount.StartsWith('-') ? "creditorName" : "debtorName"] = creditor;
        return row;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value!.TrimStart('/');
        calls.Enqueue((request.Method, path + request.QueryString));
        if (Interlocked.Decrement(ref throttled) >= 0)
        {
            context.Response.Headers.RetryAfter = "1";
            await Json(context, 429, new JsonObject { ["summary"] = "Rate limit exceeded", ["detail"] = "Try again later.", ["status_code"] = 429 });
            return;
        }
        var text = await new StreamReader(request.Body).ReadToEndAsync();
        var body = text.Length > 0 ? JsonNode.Parse(text) : null;
        if (path.StartsWith("api/v2/token/", StringComparison.Ordinal))
        {
            if (path == "api/v2/token/new/" && (body?["secret_id"]?.GetValue<string>() != SecretId || body?["secret_key"]?.GetValue<string>() != SecretKey))
            {
                await Json(context, 401, new JsonObject { ["summary"] = "Authentication failed", ["status_code"] = 401 });
                return;
            }
            var token = new JsonObject { ["access"] = "access-" + Guid.NewGuid().ToString("N"), ["access_expires"] = AccessExpires };
            if (path == "api/v2/token/new/") { token["refresh"] = "refresh-token"; token["refresh_expires"] = 2592000; }
            await Json(context, 200, token);
            return;
        }
        if (!(request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer access-", StringComparison.Ordinal)))
        {
            await Json(context, 401, new JsonObject { ["summary"] = "Invalid token", ["status_code"] = 401 });
            return;
        }
        switch (path)
        {
            case "api/v2/institutions/":
                await Json(context, 200, new JsonArray(
                    new JsonObject { ["id"] = "MONZO_MONZGB2L", ["name"] = "Monzo", ["bic"] = "MONZGB2L", ["transaction_total_days"] = "730", ["countries"] = new JsonArray("GB") },
                    new JsonObject { ["id"] = "REVOLUT_REVOGB21", ["name"] = "Revolut", ["bic"] = "REVOGB21", ["transaction_total_days"] = "730", ["countries"] = new JsonArray("GB") }));
                return;
            case "api/v2/agreements/enduser/":
                await Json(context, 201, new JsonObject
                {
                    ["id"] = "agreement-1", ["institution_id"] = body?["institution_id"]?.GetValue<string>(),
                    ["max_historical_days"] = body?["max_historical_days"]?.GetValue<int>(), ["access_valid_for_days"] = 90,
                });
                return;
            case "api/v2/requisitions/":
                var id = $"requisition-{Interlocked.Increment(ref requisitions)}";
                started[id] = (body?["redirect"]?.GetValue<string>() ?? "", body?["reference"]?.GetValue<string>());
                await Json(context, 201, new JsonObject
                {
                    ["id"] = id, ["status"] = "CR", ["redirect"] = body?["redirect"]?.GetValue<string>(),
                    ["agreement"] = body?["agreement"]?.GetValue<string>(), ["accounts"] = new JsonArray(),
                    ["link"] = $"{BaseUrl}psd2/start/{id}/{body?["institution_id"]?.GetValue<string>()}",
                });
                return;
        }
        if (path.StartsWith("api/v2/requisitions/", StringComparison.Ordinal) && request.Method == "DELETE")
        {
            await Json(context, 200, new JsonObject { ["summary"] = "Requisition deleted", ["detail"] = $"Requisition {path.Split('/')[3]} deleted with all its End User Agreements" });
            return;
        }
        if (path.StartsWith("api/v2/requisitions/", StringComparison.Ordinal))
        {
            var requisition = path.Split('/')[3];
            await Json(context, 200, cancelled.ContainsKey(requisition)
                ? new JsonObject { ["id"] = requisition, ["status"] = "CR", ["accounts"] = new JsonArray() }
                : new JsonObject
                {
                    ["id"] = requisition, ["status"] = AgreementExpired ? "EX" : "LN",
                    ["accounts"] = WithSavings ? new JsonArray(Account, Savings) : new JsonArray(Account),
                });
            return;
        }
        var account = path.StartsWith("api/v2/accounts/", StringComparison.Ordinal) ? path.Split('/')[3] : null;
        if (account is Account or Savings)
        {
            if (AgreementExpired)
            {
                await Json(context, 401, new JsonObject
                {
                    ["summary"] = "Access has expired or it has been revoked.",
                    ["detail"] = "End User Agreement (EUA) agreement-1 has expired", ["status_code"] = 401,
                });
                return;
            }
            if (path.EndsWith("/details/", StringComparison.Ordinal))
            {
                await Json(context, 200, new JsonObject
                {
                    ["account"] = new JsonObject { ["iban"] = "GB33BUKB20201555555555", ["currency"] = "GBP", ["name"] = account == Account ? "Current Account" : "Savings" },
                });
                return;
            }
            if (account == Savings && SavingsRateLimited)
            {
                context.Response.Headers.RetryAfter = "3600";
                await Json(context, 429, new JsonObject
                {
                    ["summary"] = "Rate limit exceeded", ["detail"] = "The daily request limit for this account has been reached.", ["status_code"] = 429,
                });
                return;
            }
            if (path.EndsWith("/balances/", StringComparison.Ordinal))
            {
                JsonObject Of(string type, string amount) => new()
                {
                    ["balanceAmount"] = new JsonObject { ["amount"] = amount, ["currency"] = "GBP" }, ["balanceType"] = type, ["referenceDate"] = "2026-10-10",
                };
                await Json(context, 200, new JsonObject { ["balances"] = new JsonArray(Of("closingBooked", "1000.00"), Of("interimAvailable", Balance)) });
                return;
            }
            var from = request.Query["date_from"].ToString();
            JsonArray Since(ConcurrentDictionary<string, List<JsonObject>> lists) => new(lists.GetOrAdd(account, _ => [])
                .Where(t => string.CompareOrdinal(t["bookingDate"]!.GetValue<string>(), from) >= 0)
                .Select(t => (JsonNode)t.DeepClone()).ToArray());
            await Json(context, 200, new JsonObject { ["transactions"] = new JsonObject { ["booked"] = Since(booked), ["pending"] = Since(pending) } });
            return;
        }
        await Json(context, 404, new JsonObject { ["summary"] = "Not found.", ["status_code"] = 404 });
    }

    private static Task Json(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
