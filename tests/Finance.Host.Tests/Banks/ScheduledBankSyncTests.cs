using Finance.Jobs.Banks;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Host.Tests.Banks;

/// <summary>The scheduled sync (what the Quartz job runs), on two hosts of one database.</summary>
public sealed class ScheduledBankSyncTests(BankHost banks) : IClassFixture<BankHost>
{
    private async Task ConnectAsync(long chat)
    {
        var link = BankHost.LinkIn(await banks.Host.SayAsync(chat, "/bank connect GB revolut"));
        (await banks.Host.Client.GetAsync(banks.GoCardless.ConsentGiven(link).PathAndQuery)).EnsureSuccessStatusCode();
        await banks.RepliesAsync(chat, 2);
        // As if the last sync were a day ago: the next scheduled run finds it due.
        await banks.Host.ExecuteAsync("UPDATE bank_connections SET last_synced_at = now() - interval '1 day'");
    }

    private int TransactionReads => banks.GoCardless.CallsTo($"api/v2/accounts/{Finance.Testing.LoopbackGoCardless.Account}/transactions/");

    [Fact]
    public async Task Two_hosts_never_sync_one_connection_at_once_and_one_message_tells_what_is_new()
    {
        const long chat = 7301;
        await ConnectAsync(chat);
        var second = banks.Host.StartHost();
        banks.GoCardless.AddBooked("sched-1", BankHost.DaysAgo(1), "-23.00", "GBP", "TESCO STORES", "TESCO STORES 3021");
        var before = TransactionReads;
        var repliesBefore = banks.Host.RepliesTo(chat).Count;

        var runs = await Task.WhenAll(
            banks.Host.StartHost().Services.GetRequiredService<BankSyncRun>().RunAsync(default),
            second.Services.GetRequiredService<BankSyncRun>().RunAsync(default));

        Assert.Equal(1, runs.Sum());
        Assert.Equal(before + 1, TransactionReads);
        var replies = await banks.RepliesAsync(chat, repliesBefore + 1);
        Assert.Single(replies.Skip(repliesBefore));
        Assert.StartsWith("🏦 1 new from Revolut:", replies[^1]);

        // Expired consent: marked, and the user asked to reconnect once, not on every run.
        await banks.Host.ExecuteAsync("UPDATE bank_connections SET last_synced_at = now() - interval '1 day'");
        banks.GoCardless.AgreementExpired = true;
        var run = second.Services.GetRequiredService<BankSyncRun>();
        await run.RunAsync(default);
        await run.RunAsync(default);

        replies = await banks.RepliesAsync(chat, repliesBefore + 2);
        Assert.Contains("consent for Revolut has expired", replies[^1]);
        Assert.Single(banks.Host.RepliesTo(chat), r => r.Contains("has expired"));
        Assert.Equal("expired", await banks.Host.ScalarAsync<string>("SELECT status FROM bank_connections"));
        Assert.Contains("⚠️ consent expired: /bank connect Revolut", await banks.Host.SayAsync(chat, "/bank"));
    }
}
