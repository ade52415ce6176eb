using Finance.Banks.Ingest;
using Finance.Banks.Providers;
using Finance.Core;
using Finance.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static Finance.Banks.Tests.BankTestContext;

namespace Finance.Banks.Tests.Providers;

public sealed class ProviderTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    private static readonly DateOnly Today = new(2026, 10, 10);
    private static readonly Uri Callback = new("https://finance.example/banks/callback");

    [Fact]
    public void A_provider_without_its_secrets_is_off()
    {
        using var services = Services(new() { ["Finance:Banks:GoCardless:SecretId"] = "only-the-id" });

        Assert.Empty(services.GetServices<IBankProvider>());
    }

    [Fact]
    public void A_provider_without_a_public_address_or_a_sealing_key_is_refused_at_start_with_what_to_set()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Finance:Banks:GoCardless:SecretId"] = "id", ["Finance:Banks:GoCardless:SecretKey"] = "key",
            ["Finance:Banks:EncryptionKey"] = "c2hvcnQ=", ["Finance:PublicBaseUrl"] = "",
        };
        using var services = new ServiceCollection().AddBanks(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).BuildServiceProvider();

        var refused = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<BankOptions>>().Value);

        Assert.Contains(refused.Failures, f => f.Contains("Finance__PublicBaseUrl"));
        Assert.Contains(refused.Failures, f => f.Contains("Finance__Banks__EncryptionKey"));
    }

    [Fact]
    public async Task GoCardless_consent_is_an_agreement_and_a_requisition_whose_link_comes_back_with_the_accounts()
    {
        await using var api = await new LoopbackGoCardless().StartAsync();
        using var services = GoCardless(api);
        var provider = services.GetRequiredService<GoCardlessProvider>();

        var institutions = await provider.InstitutionsAsync("GB", default);
        var start = await provider.StartConsentAsync(institutions.Single(i => i.Name == "Monzo").Id, Callback, "user-1", "en", default);
        var done = await provider.CompleteConsentAsync(start.Reference, null, default);

        Assert.StartsWith(api.BaseUrl + "psd2/start/", start.Link);
        Assert.Equal(start.Reference, done.Credential);
        Assert.Equal([(LoopbackGoCardless.Account, "Current Account", "GBP")], done.Accounts.Select(a => (a.Id, a.Name, a.Currency)).ToArray());
        Assert.Equal(1, api.CallsTo("api/v2/token/new/")); // the token is cached across calls
    }

    [Fact]
    public async Task GoCardless_refreshes_an_access_token_about_to_expire_instead_of_asking_for_a_new_pair()
    {
        await using var api = await new LoopbackGoCardless { AccessExpires = 30 }.StartAsync();
        using var services = GoCardless(api);
        var provider = services.GetRequiredService<GoCardlessProvider>();

        await provider.InstitutionsAsync("GB", default);
        await provider.InstitutionsAsync("GB", default);

        Assert.Equal(1, api.CallsTo("api/v2/token/new/"));
        Assert.Equal(1, api.CallsTo("api/v2/token/refresh/"));
    }

    [Fact]
    public async Task GoCardless_429_is_retried_after_the_time_it_asked_for()
    {
        await using var api = await new LoopbackGoCardless().StartAsync();
        api.AddBooked("tx-1", "2026-10-07", "-41.10", "GBP", "LIDL GB", "POS PURCHASE LIDL GB 1234");
        using var services = GoCardless(api);
        var provider = services.GetRequiredService<GoCardlessProvider>();
        await provider.InstitutionsAsync("GB", default);
        api.Throttle(1);

        var batch = await provider.SyncAsync("requisition-1", LoopbackGoCardless.Account, new SyncState(null, null), Today, default);

        Assert.Single(batch.Rows);
        Assert.Equal(2, api.CallsTo($"api/v2/accounts/{LoopbackGoCardless.Account}/transactions/"));
    }

    [Fact]
    public async Task GoCardless_expired_agreement_is_a_consent_to_renew()
    {
        await using var api = await new LoopbackGoCardless { AgreementExpired = true }.StartAsync();
        using var services = GoCardless(api);
        var provider = services.GetRequiredService<GoCardlessProvider>();

        await Assert.ThrowsAsync<ConsentExpiredException>(() =>
            provider.SyncAsync("requisition-1", LoopbackGoCardless.Account, new SyncState(null, null), Today, default));
    }

    [Fact]
    public async Task GoCardless_pending_then_booked_ends_as_one_transaction_in_the_ledger()
    {
        await using var api = await new LoopbackGoCardless().StartAsync();
        using var services = GoCardless(api);
        var provider = services.GetRequiredService<GoCardlessProvider>();
        var ingest = NewIngest();
        var (session, _) = await EnterAsync(db);
        await using var _s = session;

        api.AddPending("2026-10-08", "-18.40", "GBP", "UBER", "UBER *TRIP");
        var first = await provider.SyncAsync("requisition-1", LoopbackGoCardless.Account, new SyncState(null, null), Today, default);
        await ingest.IngestAsync(session, first.Rows);
        api.BookPending("tx-booked-9", "2026-10-09");
        var second = await provider.SyncAsync("requisition-1", LoopbackGoCardless.Account, first.Next, Today.AddDays(1), default);
        var outcomes = await ingest.IngestAsync(session, second.Rows);

        Assert.True(first.Rows.Single().Pending);
        Assert.Equal(IngestStatus.PendingBooked, outcomes.Single().Status);
        Assert.Equal(1L, await session.QuerySingleAsync<long>("SELECT count(*) FROM transactions WHERE deleted_at IS NULL"));
        Assert.Equal("transport", await session.QuerySingleAsync<string>("SELECT category FROM transactions"));
    }

    [Fact]
    public async Task Plaid_link_token_and_public_token_exchange_give_the_access_token()
    {
        await using var api = await new LoopbackPlaid().StartAsync();
        using var services = Plaid(api);
        var provider = services.GetRequiredService<PlaidProvider>();

        var start = await provider.StartConsentAsync("ins_1", Callback, "user-1", "en", default);
        var done = await provider.CompleteConsentAsync(start.Reference, "public-sandbox-1", default);

        Assert.Equal("link-sandbox-1", start.Reference);
        Assert.Contains("link_token=link-sandbox-1", start.Link);
        Assert.Equal(LoopbackPlaid.AccessToken, done.Credential);
    }

    [Fact]
    public async Task Plaid_sync_pages_through_the_cursor_and_the_next_sync_starts_where_it_stopped()
    {
        await using var api = await new LoopbackPlaid { PageSize = 2 }.StartAsync();
        api.Add("p-1", "2026-10-07", 6.45m, "STARBUCKS STORE 00123");
        api.Add("p-2", "2026-10-08", 23.10m, "UBER *TRIP", pending: true);
        api.Add("p-3", "2026-10-09", -2400m, "PAYROLL ACME INC");
        using var services = Plaid(api);
        var provider = services.GetRequiredService<PlaidProvider>();

        var first = await provider.SyncAsync(LoopbackPlaid.AccessToken, "*", new SyncState(null, null), Today, default);
        api.Modify("p-2", "2026-10-09", 23.10m, "UBER *TRIP");
        api.Remove("p-1");
        var second = await provider.SyncAsync(LoopbackPlaid.AccessToken, "*", first.Next, Today, default);

        Assert.Equal([("p-1", Direction.Expense), ("p-2", Direction.Expense), ("p-3", Direction.Income)],
            first.Rows.Select(r => (r.ProviderId, r.Direction)).ToArray());
        Assert.Equal(2, api.Calls.Count(c => c == "transactions/sync") - 1); // two pages, then one for the second sync
        Assert.Equal([("p-2", false)], second.Rows.Select(r => (r.ProviderId, r.Pending)).ToArray());
        Assert.Equal(["p-1"], second.Removed);
    }

    [Fact]
    public async Task Plaid_item_login_required_is_a_consent_to_renew()
    {
        await using var api = await new LoopbackPlaid { LoginRequired = true }.StartAsync();
        using var services = Plaid(api);

        await Assert.ThrowsAsync<ConsentExpiredException>(() =>
            services.GetRequiredService<PlaidProvider>().SyncAsync(LoopbackPlaid.AccessToken, "*", new SyncState(null, null), Today, default));
    }
}
