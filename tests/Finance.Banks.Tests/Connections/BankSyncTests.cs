using System.Security.Cryptography;
using System.Text;
using Finance.Banks.Connections;
using Finance.Banks.Ingest;
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

    private BankSync Sync(ServiceProvider services) =>
        new(new BankConnectionStore(box), NewIngest(), services.GetServices<IBankProvider>(), TimeProvider.System);

    /// <summary>One sync of the connection in its own unit of work, committed.</summary>
    private async Task<SyncResult> SyncOnceAsync(ServiceProvider services, (long Id, Guid Context, Guid User) connection)
    {
        await using var session = await Finance.Ledger.LedgerSession.BeginAsync(db.DataSource, default, connection.Context, connection.User);
        var result = await Sync(services).SyncAsync(session, connection.Id, Today, default);
        await session.CommitAsync();
        return result;
    }

    /// <summary>The context's transactions as (description, amount, removed), oldest first.</summary>
    private async Task<(string Description, decimal Amount, bool Removed)[]> LedgerAsync((long Id, Guid Context, Guid User) connection)
    {
        await using var session = await Finance.Ledger.LedgerSession.BeginAsync(db.DataSource, default, connection.Context, connection.User);
        return (await session.QueryAsync<(string, decimal, bool)>(
            "SELECT description, amount, deleted_at IS NOT NULL FROM transactions WHERE context_id = app_context() ORDER BY id")).ToArray();
    }

    private async Task<(long Id, Guid Context, Guid User)> ConnectAsync(IBankProvider provider, string? returned = null)
    {
        var (session, member) = await EnterAsync(db);
        await using (session)
        {
            var start = await provider.StartConsentAsync("MONZO_MONZGB2L", new Uri("https://finance.example/banks/callback"), "u", "en", default);
            var consent = await provider.CompleteConsentAsync(start.Reference, returned, default);
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

    [Fact]
    public async Task A_sync_the_bank_fails_part_way_keeps_and_tells_what_came_and_the_next_sync_reads_the_rest()
    {
        await using var api = await new LoopbackGoCardless { WithSavings = true, SavingsRateLimited = true }.StartAsync();
        api.AddBooked("cur-1", "2026-10-07", "-41.10", "GBP", "LIDL GB", "POS PURCHASE LIDL GB 1234");
        api.AddBooked("sav-1", "2026-10-08", "2.50", "GBP", null, "INTEREST PAID", LoopbackGoCardless.Savings);
        using var services = GoCardless(api);
        var connection = await ConnectAsync(services.GetRequiredService<GoCardlessProvider>());

        var first = await SyncOnceAsync(services, connection);

        Assert.Equal(SyncOutcome.Failed, first.Outcome);
        Assert.IsType<HttpRequestException>(first.Failure);
        Assert.Equal(["LIDL GB POS PURCHASE LIDL GB 1234"], first.NewRows.Select(r => r.Row.Description));
        var told = Finance.Conversation.Commands.BankReplies.AfterSync("Monzo", first, "en", Today, always: false)!.Text;
        Assert.Contains("Lidl", told);
        Assert.Contains("Not everything came from Monzo", told);
        await using (var session = await Finance.Ledger.LedgerSession.BeginAsync(db.DataSource, default, connection.Context, connection.User))
        {
            // The current account's position is kept; the savings account was not read, and the connection stays due.
            var stored = (await new BankConnectionStore(box).ListAsync(session)).Single();
            Assert.Equal([LoopbackGoCardless.Account], stored.State.Keys);
            Assert.Null(stored.LastSyncedAt);
        }

        api.SavingsRateLimited = false;
        var second = await SyncOnceAsync(services, connection);

        Assert.Equal(SyncOutcome.Synced, second.Outcome);
        Assert.Equal(["INTEREST PAID"], second.NewRows.Select(r => r.Row.Description));
        Assert.Equal([("LIDL GB POS PURCHASE LIDL GB 1234", 41.10m, false), ("INTEREST PAID", 2.50m, false)], await LedgerAsync(connection));
    }

    [Fact]
    public async Task A_row_the_bank_takes_back_leaves_the_ledger_when_only_the_bank_booked_it()
    {
        await using var api = await new LoopbackPlaid().StartAsync();
        api.Add("p-coffee", "2026-10-08", 4.50m, "BLUE BOTTLE COFFEE");
        api.Add("p-books", "2026-10-08", 23.00m, "POWELLS BOOKS");
        using var services = Plaid(api);
        var connection = await ConnectAsync(services.GetRequiredService<PlaidProvider>(), "public-sandbox-1");
        await SyncOnceAsync(services, connection);
        api.Remove("p-books");

        var second = await SyncOnceAsync(services, connection);

        Assert.Equal([("POWELLS BOOKS", "booked")], second.Removed.Select(r => (r.Description, r.Status)));
        Assert.Equal(0, second.New);
        var told = Finance.Conversation.Commands.BankReplies.AfterSync("Plaid", second, "en", Today, always: false)!.Text;
        Assert.Contains("Plaid cancelled", told);
        Assert.Contains("$23.00", told);
        Assert.Contains("took it out of the ledger", told);
        Assert.Equal([("BLUE BOTTLE COFFEE", 4.50m, false), ("POWELLS BOOKS", 23.00m, true)], await LedgerAsync(connection));
        // Taken back once is taken back: the next sync has nothing to say about it.
        Assert.Empty((await SyncOnceAsync(services, connection)).Removed);
    }

    [Fact]
    public async Task A_row_the_bank_takes_back_that_confirmed_a_chatted_booking_is_unlinked_and_the_booking_stays()
    {
        await using var api = await new LoopbackPlaid().StartAsync();
        using var services = Plaid(api);
        var connection = await ConnectAsync(services.GetRequiredService<PlaidProvider>(), "public-sandbox-1");
        await using (var session = await Finance.Ledger.LedgerSession.BeginAsync(db.DataSource, default, connection.Context, connection.User))
        {
            await ChatAsync(session, 4.50m, "Blue Bottle", new DateOnly(2026, 10, 8), "USD");
            await session.CommitAsync();
        }
        api.Add("p-coffee", "2026-10-08", 4.50m, "BLUE BOTTLE COFFEE");
        Assert.Equal([IngestStatus.Linked], (await SyncOnceAsync(services, connection)).Rows.Select(r => r.Status));
        api.Remove("p-coffee");

        var removed = (await SyncOnceAsync(services, connection)).Removed;

        Assert.Equal(["matched"], removed.Select(r => r.Status));
        Assert.Equal([("Blue Bottle", 4.50m, false)], await LedgerAsync(connection));
        // Unlinked: the bank's next row for that coffee confirms the chatted booking again instead of booking it twice.
        api.Add("p-coffee-again", "2026-10-09", 4.50m, "BLUE BOTTLE COFFEE");
        Assert.Equal([IngestStatus.Linked], (await SyncOnceAsync(services, connection)).Rows.Select(r => r.Status));
        Assert.Equal([("Blue Bottle", 4.50m, false)], await LedgerAsync(connection));
    }

    [Fact]
    public async Task A_pending_row_that_posts_with_a_tip_updates_its_booking_instead_of_being_removed()
    {
        await using var api = await new LoopbackPlaid().StartAsync();
        api.Add("p-pending", "2026-10-08", 20.00m, "TARTINE BAKERY", pending: true);
        using var services = Plaid(api);
        var connection = await ConnectAsync(services.GetRequiredService<PlaidProvider>(), "public-sandbox-1");
        Assert.Equal(1, (await SyncOnceAsync(services, connection)).New);
        api.Post("p-pending", "p-posted", "2026-10-09", 24.00m, "TARTINE BAKERY");

        var posted = await SyncOnceAsync(services, connection);

        Assert.Empty(posted.Removed);
        Assert.Equal([IngestStatus.PendingBooked], posted.Rows.Select(r => r.Status));
        Assert.Equal([("TARTINE BAKERY", 24.00m, false)], await LedgerAsync(connection));
    }

    [Fact]
    public async Task A_row_the_bank_corrects_updates_its_booking_and_says_nothing_new()
    {
        await using var api = await new LoopbackPlaid().StartAsync();
        api.Add("p-fuel", "2026-10-08", 54.99m, "SHELL OIL 5742");
        using var services = Plaid(api);
        var connection = await ConnectAsync(services.GetRequiredService<PlaidProvider>(), "public-sandbox-1");
        await SyncOnceAsync(services, connection);
        api.Modify("p-fuel", "2026-10-07", 45.99m, "SHELL OIL 5742");

        var corrected = await SyncOnceAsync(services, connection);

        Assert.Equal([IngestStatus.Changed], corrected.Rows.Select(r => r.Status));
        Assert.Equal(0, corrected.New);
        Assert.Equal([("SHELL OIL 5742", 45.99m, false)], await LedgerAsync(connection));
    }
}
