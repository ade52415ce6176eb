using System.Net;
using System.Text.RegularExpressions;
using Finance.Testing;

namespace Finance.Host.Tests.Banks;

/// <summary>/bank from chat through the real host: connect, the bank's consent coming back to the host's callback,
/// the accounts-linked message, the first sync's "N new" message, /bank sync, the balance, and who may connect.</summary>
public sealed partial class BankConnectFromChatTests(BankHost banks) : IClassFixture<BankHost>
{
    private FinanceHost Host => banks.Host;

    [Fact]
    public async Task A_bank_connected_from_chat_is_linked_at_the_callback_synced_and_told_in_chat()
    {
        const long chat = 7101;
        banks.GoCardless.AddBooked("gb-tx-1", BankHost.DaysAgo(3), "-41.10", "GBP", "LIDL GB", "POS PURCHASE LIDL GB 1234 LONDON");
        banks.GoCardless.AddBooked("gb-tx-2", BankHost.DaysAgo(2), "-9.99", "GBP", "NETFLIX.COM", "NETFLIX.COM");

        var asked = await Host.SayAsync(chat, "/bank connect GB monzo");
        var link = BankHost.LinkIn(asked);
        Assert.Contains("Monzo", asked);
        Assert.StartsWith(banks.GoCardless.BaseUrl + "psd2/start/", link);

        var back = banks.GoCardless.ConsentGiven(link);
        Assert.StartsWith(BankHost.PublicBaseUrl + "banks/callback/gocardless?ref=", back.ToString());
        var page = await Host.Client.GetAsync(back.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("connected", await page.Content.ReadAsStringAsync());
        var replies = await banks.RepliesAsync(chat, 3);
        Assert.Contains("Monzo is connected", replies[1]);
        Assert.Contains("Current Account", replies[1]);
        Assert.StartsWith("🏦 2 new from Monzo:", replies[2]);
        Assert.Contains("Lidl", replies[2]);
        Assert.Contains("Netflix", replies[2]);
        Assert.Equal(2L, await Host.ScalarAsync<long>("SELECT count(*) FROM transactions WHERE source = 'bank:gocardless'"));

        // The same callback again (a reload) connects nothing twice.
        var again = await Host.Client.GetAsync(back.PathAndQuery);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(1L, await Host.ScalarAsync<long>("SELECT count(*) FROM bank_connections"));

        // On demand: the message is answered at once and the queued sync (Quartz, any host) tells only what is new.
        banks.GoCardless.AddBooked("gb-tx-3", BankHost.DaysAgo(1), "-3.20", "GBP", "PRET A MANGER", "PRET A MANGER LONDON");
        var synced = await banks.SayAndWaitAsync(chat, "/bank sync", 2);
        Assert.Contains("🏦 Syncing Monzo now; I'll write what it brings.", synced);
        Assert.Single(synced, r => r.StartsWith("🏦 1 new from Monzo:") && r.Contains("Pret"));
        Assert.Contains("🏦 Monzo: nothing new.", await banks.SayAndWaitAsync(chat, "/bank sync", 2));

        var list = await Host.SayAsync(chat, "/bank");
        Assert.Matches(@"1\. Monzo \(Current Account.*\) — last sync today", list);

        Assert.Contains("🏦 Monzo Current Account: £1,234.56", await Host.SayAsync(chat, "what's my balance?"));

        Assert.Contains("Monzo is disconnected", await Host.SayAsync(chat, "/bank disconnect monzo"));
        Assert.Equal(0L, await Host.ScalarAsync<long>("SELECT count(*) FROM bank_connections"));
        // The consent ends at GoCardless too, not only here.
        Assert.Contains(("DELETE", $"api/v2/requisitions/{new Uri(link).Segments[^2].TrimEnd('/')}/"), banks.GoCardless.Calls);
        Assert.Equal(3L, await Host.ScalarAsync<long>("SELECT count(*) FROM transactions WHERE source = 'bank:gocardless'"));
    }

    [Fact]
    public async Task A_viewer_cannot_connect_or_sync_a_bank()
    {
        await Host.SayAsync(7111, "/context new Household GBP");
        var code = InviteCode().Match(await Host.SayAsync(7111, "/invite viewer")).Groups[1].Value;
        await Host.SayAsync(7112, "/join " + code);
        var calls = banks.GoCardless.Calls.Count;

        Assert.Contains("can view \"Household\" but not connect", await Host.SayAsync(7112, "/bank connect GB monzo"));
        Assert.Contains("can view \"Household\" but not connect", await Host.SayAsync(7112, "/banco sincronizar"));
        Assert.Equal(calls, banks.GoCardless.Calls.Count);
        Assert.Equal(0L, await Host.ScalarAsync<long>("SELECT count(*) FROM bank_consents c JOIN contexts x ON x.id = c.context_id WHERE x.name = 'Household'"));
    }

    [Fact]
    public async Task A_bank_not_found_is_answered_with_the_countrys_banks_and_Portuguese_works_too()
    {
        var reply = await Host.SayAsync(7121, "/banco conectar GB Banco Imaginário", "pt");

        Assert.Contains("Não encontrei nenhum banco chamado \"Banco Imaginário\" em GB", reply);
        Assert.Contains("Monzo", reply);
        Assert.Contains("Revolut", reply);
    }

    [Fact]
    public async Task A_consent_cancelled_at_the_bank_connects_nothing_and_the_chat_is_told()
    {
        const long chat = 7131;
        var link = BankHost.LinkIn(await Host.SayAsync(chat, "/bank connect GB revolut"));

        var page = await Host.Client.GetAsync(banks.GoCardless.ConsentCancelled(link).PathAndQuery);

        Assert.Contains("did not give consent", await page.Content.ReadAsStringAsync());
        Assert.Contains("Revolut did not give consent", (await banks.RepliesAsync(chat, 2))[1]);
        Assert.Contains("No bank is connected", await Host.SayAsync(chat, "/bank"));
    }

    [Fact]
    public async Task A_callback_with_an_unknown_state_finds_nothing()
    {
        var page = await Host.Client.GetAsync("/banks/callback/gocardless?ref=made-up");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("used already or has expired", await page.Content.ReadAsStringAsync());
    }

    [GeneratedRegex(@": ([A-Z0-9]{8})\n")]
    private static partial Regex InviteCode();
}
