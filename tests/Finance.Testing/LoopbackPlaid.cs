using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Finance.Testing;

/// <summary>
/// Plaid on 127.0.0.1, speaking its documented JSON: <c>/link/token/create</c>, <c>/item/public_token/exchange</c>
/// and <c>/transactions/sync</c>, whose cursor is the position in a change log that tests append to (added,
/// modified, removed), served <see cref="PageSize"/> changes a page with <c>has_more</c>. Errors come as Plaid's
/// error objects (ITEM_LOGIN_REQUIRED when the item needs the user again).
/// </summary>
public sealed class LoopbackPlaid : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly List<(string Kind, JsonObject Transaction)> log = [];
    private readonly ConcurrentQueue<string> calls = new();
    private readonly ConcurrentQueue<JsonNode> linkTokenRequests = new();

    public LoopbackPlaid() => app = LoopbackServer.Create(HandleAsync);

    public const string ClientId = "loopback-client";
    public const string Secret = "loopback-secret";
    public const string AccessToken = "access-sandbox-1";
    public string BaseUrl { get; private set; } = "";
    public int PageSize { get; set; } = 2;
    public bool LoginRequired { get; set; }
    public IReadOnlyList<string> Calls => calls.ToArray();

    /// <summary>The bodies of <c>/link/token/create</c> calls (secrets included), oldest first.</summary>
    public IReadOnlyList<JsonNode> LinkTokenRequests => linkTokenRequests.ToArray();

    public async Task<LoopbackPlaid> StartAsync()
    {
        BaseUrl = await LoopbackServer.StartAsync(app) + "/";
        return this;
    }

    /// <summary>A new row; a posted row names the pending one it replaces with <paramref name="pendingId"/> (Plaid then
    /// also lists the pending one as removed: see <see cref="Post"/>).</summary>
    public void Add(string id, string date, decimal amount, string name, bool pending = false, string? pendingId = null) =>
        Append("added", id, date, amount, name, pending, pendingId);

    public void Modify(string id, string date, decimal amount, string name, bool pending = false) =>
        Append("modified", id, date, amount, name, pending, null);

    /// <summary>The bank took a row back (a reversed charge, an authorisation that never posted).</summary>
    public void Remove(string id)
    {
        lock (log) log.Add(("removed", new JsonObject { ["transaction_id"] = id, ["account_id"] = "acc-plaid-1" }));
    }

    /// <summary>A pending row posts as Plaid tells it: the pending id removed, the posted row added under a new id
    /// with <c>pending_transaction_id</c>, in one update.</summary>
    public void Post(string pendingId, string id, string date, decimal amount, string name)
    {
        Remove(pendingId);
        Add(id, date, amount, name, pendingId: pendingId);
    }

    private void Append(string kind, string id, string date, decimal amount, string name, bool pending, string? pendingId)
    {
        lock (log)
            log.Add((kind, new JsonObject
            {
                ["transaction_id"] = id, ["account_id"] = "acc-plaid-1", ["amount"] = amount, ["iso_currency_code"] = "USD",
                ["unofficial_currency_code"] = null, ["date"] = date, ["authorized_date"] = date, ["name"] = name,
                ["merchant_name"] = null, ["pending"] = pending, ["pending_transaction_id"] = pendingId,
            }));
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!.TrimStart('/');
        calls.Enqueue(path);
        var body = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync())!;
        if (body["client_id"]?.GetValue<string>() != ClientId || body["secret"]?.GetValue<string>() != Secret)
        {
            await Error(context, 400, "INVALID_API_KEYS", "invalid client_id or secret provided");
            return;
        }
        switch (path)
        {
            case "link/token/create":
                linkTokenRequests.Enqueue(body);
                await Json(context, 200, new JsonObject { ["link_token"] = "link-sandbox-1", ["expiration"] = "2026-10-20T16:00:00Z", ["request_id"] = "r1" });
                return;
            case "item/public_token/exchange":
                if (body["public_token"]?.GetValue<string>() != "public-sandbox-1")
                {
                    await Error(context, 400, "INVALID_PUBLIC_TOKEN", "provided public token is in an invalid format");
                    return;
                }
                await Json(context, 200, new JsonObject { ["access_token"] = AccessToken, ["item_id"] = "item-1", ["request_id"] = "r2" });
                return;
            case "item/remove":
                await Json(context, 200, new JsonObject { ["request_id"] = "r4" });
                return;
            case "transactions/sync":
                if (LoginRequired)
                {
                    await Error(context, 400, "ITEM_LOGIN_REQUIRED", "the login details of this item have changed");
                    return;
                }
                var start = int.TryParse(body["cursor"]?.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : 0;
                List<(string Kind, JsonObject Transaction)> page;
                int total;
                lock (log)
                {
                    total = log.Count;
                    page = log.Skip(start).Take(PageSize).Select(e => (e.Kind, (JsonObject)e.Transaction.DeepClone())).ToList();
                }
                JsonArray Of(string kind) => new(page.Where(e => e.Kind == kind).Select(e => (JsonNode)e.Transaction).ToArray());
                var next = start + page.Count;
                await Json(context, 200, new JsonObject
                {
                    ["added"] = Of("added"), ["modified"] = Of("modified"), ["removed"] = Of("removed"),
                    ["next_cursor"] = next.ToString(CultureInfo.InvariantCulture), ["has_more"] = next < total, ["request_id"] = "r3",
                    ["accounts"] = new JsonArray(new JsonObject
                    {
                        ["account_id"] = "acc-plaid-1", ["name"] = "Plaid Checking", ["mask"] = "0000", ["type"] = "depository",
                        ["balances"] = new JsonObject { ["available"] = 100m, ["current"] = 110m, ["iso_currency_code"] = "USD", ["unofficial_currency_code"] = null },
                    }),
                });
                return;
        }
        await Error(context, 404, "NOT_FOUND", "unknown endpoint");
    }

    private static Task Error(HttpContext context, int status, string code, string message) =>
        Json(context, status, new JsonObject
        {
            ["error_type"] = code == "ITEM_LOGIN_REQUIRED" ? "ITEM_ERROR" : "INVALID_REQUEST", ["error_code"] = code,
            ["error_message"] = message, ["display_message"] = null, ["request_id"] = "r-error",
        });

    private static Task Json(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
