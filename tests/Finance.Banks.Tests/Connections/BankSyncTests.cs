using System.Security.Cryptography;
using System.Text;
using Finance.Banks.Connections;
using Finance.Banks.Providers;
using Finance.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static Finance.Banks.Tests.BankTestContext;

namespace Finance.Banks.Tests.Connections;

public sealed class BankSyncTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    private static readonly DateOnly Today = new(2026, 10, 10);
    private readonly SecretBox box = new(RandomNumberGenerator.GetBytes(32));

    private static ServiceProvider GoCardless(LoopbackGoCardless api) =>
        new ServiceCollection().AddBanks(new ConfigurationBuilder().AddInMemoryCollection(BankSettings).AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Finance:Banks:GoCardless:BaseUrl"] = api.BaseUrl,
            ["Finance:Banks:GoCardless:SecretId"] = LoopbackGoCardless.SecretId,
            ["Finance:Banks:GoCardless:SecretKey"] = LoopbackGoCardless.SecretKey,
        }).Build()).BuildServiceProvider();

    private BankSync Sync(ServiceProvider services) =>
        new(new BankConnectionStore(box), NewIngest(), services.GetServices<IBankProvider>(), TimeProvider.System);

    private async Task<(long Id, Guid Context, Guid User)> ConnectAsync(IBankProvider provider)
    {
        var (session, member) = await EnterAsync(db);
        await using (session)
        {
            var start = await provider.StartConsentAsync("MONZO_MONZGB2L", new Uri("https://finance.example/banks/callback"), "u", "en", default);
            var consent = await provider.CompleteConsentAsync(start.Reference, null, default);
            var id = await new BankConnectionStore(box).ConnectAsync(session, provider.Name, "Monzo", consent);
            await session.CommitAsync();
            return (id, member.Context.Id, member.UserId);
        }
    }

    [Fact]
    public async Task The_providers_secret_is_stored_sealed_and_opens_only_with_the_key()
    {
        await using var api = await new LoopbackGoCardless().StartAsync();
        using var services = GoCardless(api);
        var (id, context, user) = await ConnectAsync(services.GetRequiredService<GoCardlessProvider>());

        await using var session = await Finance.Ledger.LedgerSession.BeginAsync(db.DataSource, default, context, user);
        var stored = await session.QuerySingleAsync<byte[]>("SELECT credential FROM bank_connections WHERE id = @id", new { id });
        Assert.DoesNotContain("requisition-", Encoding.UTF8.GetString(stored));
        Assert.StartsWith("requisition-", (await new BankConnectionStore(box).ClaimAsync(session, id))!.Value.Credential);
        await Assert.ThrowsAnyAsync<CryptographicException>(() => new BankConnectionStore(new SecretBox(RandomNumberGenerator.GetBytes(32))).ClaimAsync(session, id));
    }

    [Fact]
    public async Task A_sync_books_what_is_new_and_the_next_sync_books_nothing_twice()
    {
        await using var api = await new LoopbackGoCardless().StartAsync();
        api.AddBooked("tx-1", "2026-10-07", "-41.10", "GBP", "LIDL GB", "POS PURCHASE LIDL GB 1234");
        api.AddBooked("tx-2", "2026-10-08", "-9.99", "GBP", "NETFLIX.COM", "NETFLIX.COM");
        using var services = GoCardless(api);
        var (id, context, user) = await ConnectAsync(services.GetRequiredService<GoCardlessProvider>());

        async Task<SyncResult> SyncOnceAsync()
        {
            await using var session = await Finance.Ledger.LedgerSession.BeginAsync(db.DataSource, default, context, user);
            var result = await Sync(services).SyncAsync(session, id, Today, default);
            await session.CommitAsync();
            return result;
        }

        var first = await SyncOnceAsync();
        var second = await SyncOnceAsync();

        Assert.Equal((SyncOutcome.Synced, 2), (first.Outcome, first.New));
        Assert.Equal((SyncOutcome.Synced, 0), (second.Outcome, second.New));
        // The first sync reads what the agreement allows, the next one from a week before the last sync (late bookings).
        Assert.Equal(["date_to=2026-10-10", "date_from=2026-10-03"],
            api.Calls.Where(c => c.Path.Contains("/transactions/")).Select(c => c.Path.Split('?')[1].Split('&')[0]).ToArray());
    }

    [Fact]
    public async Task Two_hosts_never_sync_one_connection_at_once()
    {
        await using var api = await new LoopbackGoCardless().StartAsync();
        using var services = GoCardless(api);
        var (id, context, user) = await ConnectAsync(services.GetRequiredService<GoCardlessProvider>());
        await using var first = await Finance.Ledger.LedgerSession.BeginAsync(db.DataSource, default, context, user);
        await using var second = await Finance.Ledger.LedgerSession.BeginAsync(db.DataSource, default, context, user);

        Assert.NotNull(await new BankConnectionStore(box).ClaimAsync(first, id));
        var other = await Sync(services).SyncAsync(second, id, Today, default);

        Assert.Equal(SyncOutcome.Busy, other.Outcome);
    }

    [Fact]
    public async Task An_expired_consent_marks_the_connection_and_says_so_once()
    {
        await using var api = await new LoopbackGoCardless().StartAsync();
        using var services = GoCardless(api);
        var (id, context, user) = await ConnectAsync(services.GetRequiredService<GoCardlessProvider>());
        api.AgreementExpired = true;

        var outcomes = new List<SyncOutcome>();
        for (var run = 0; run < 2; run++)
        {
            await using var session = await Finance.Ledger.LedgerSession.BeginAsync(db.DataSource, default, context, user);
            outcomes.Add((await Sync(services).SyncAsync(session, id, Today, default)).Outcome);
            await session.CommitAsync();
        }

        Assert.Equal([SyncOutcome.ConsentExpired, SyncOutcome.ConsentExpiredAlreadyTold], outcomes);
        await using var check = await Finance.Ledger.LedgerSession.BeginAsync(db.DataSource, default, context, user);
        Assert.Equal("expired", (await new BankConnectionStore(box).ListAsync(check)).Single().Status);
    }

    [Fact]
    public async Task A_scheduled_sync_skips_a_connection_synced_since_and_on_demand_does_not()
    {
        await using var api = await new LoopbackGoCardless().StartAsync();
        using var services = GoCardless(api);
        var (id, context, user) = await ConnectAsync(services.GetRequiredService<GoCardlessProvider>());
        async Task<SyncOutcome> SyncAsync(DateTimeOffset? syncedBefore)
        {
            await using var session = await Finance.Ledger.LedgerSession.BeginAsync(db.DataSource, default, context, user);
            var outcome = (await Sync(services).SyncAsync(session, id, Today, default, syncedBefore)).Outcome;
            await session.CommitAsync();
            return outcome;
        }

        var first = await SyncAsync(DateTimeOffset.UtcNow.AddHours(-3));
        var scheduled = await SyncAsync(DateTimeOffset.UtcNow.AddHours(-3));
        var asked = await SyncAsync(null);

        Assert.Equal([SyncOutcome.Synced, SyncOutcome.Busy, SyncOutcome.Synced], new[] { first, scheduled, asked });
    }

    [Fact]
    public async Task Connecting_a_bank_again_renews_its_expired_connection_and_keeps_where_it_was()
    {
        await using var api = await new LoopbackGoCardless().StartAsync();
        using var services = GoCardless(api);
        var provider = services.GetRequiredService<GoCardlessProvider>();
        var (id, context, user) = await ConnectAsync(provider);
        await using var session = await Finance.Ledger.LedgerSession.BeginAsync(db.DataSource, default, context, user);
        await Sync(services).SyncAsync(session, id, Today, default);
        await new BankConnectionStore(box).ExpiredAsync(session, id, DateTimeOffset.UtcNow);

        var start = await provider.StartConsentAsync("MONZO_MONZGB2L", new Uri("https://finance.example/banks/callback"), "u2", "en", default);
        var again = await new BankConnectionStore(box).ConnectAsync(session, provider.Name, "monzo", await provider.CompleteConsentAsync(start.Reference, null, default));

        Assert.Equal(id, again);
        var renewed = (await new BankConnectionStore(box).ListAsync(session)).Single();
        Assert.Equal("active", renewed.Status);
        Assert.Equal(new DateOnly(2026, 10, 3), renewed.State[LoopbackGoCardless.Account].From);
        Assert.Equal(start.Reference, (await new BankConnectionStore(box).ClaimAsync(session, id))!.Value.Credential);
        // Asked once again when this consent expires too.
        Assert.True(await new BankConnectionStore(box).ExpiredAsync(session, id, DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task A_sync_keeps_the_banks_balance_for_the_balance_question()
    {
        await using var api = await new LoopbackGoCardless { Balance = "-12.30" }.StartAsync();
        using var services = GoCardless(api);
        var (id, context, user) = await ConnectAsync(services.GetRequiredService<GoCardlessProvider>());
        await using (var session = await Finance.Ledger.LedgerSession.BeginAsync(db.DataSource, default, context, user))
        {
            await Sync(services).SyncAsync(session, id, Today, default);
            await session.CommitAsync();
        }

        var balances = await new StoredBankBalances(db.DataSource, new BankConnectionStore(box)).ForContextAsync(context, default);

        Assert.Equal([("Monzo Current Account", -12.30m, "GBP")], balances.Select(b => (b.Account, b.Amount, b.Currency)).ToArray());
        var (other, stranger) = await EnterAsync(db);
        await using (other)
            Assert.Empty(await new StoredBankBalances(db.DataSource, new BankConnectionStore(box)).ForContextAsync(stranger.Context.Id, default));
    }
}
