using System.Net;
using System.Net.Http.Json;

namespace Finance.Host.Tests.Banks;

/// <summary>Plaid from chat through the real host: the consent link is the host's page running Plaid Link, whose
/// public token comes back to the page's address and is exchanged for the item's access token.</summary>
public sealed class PlaidConnectTests(BankHost banks) : IClassFixture<BankHost>
{
    [Fact]
    public async Task A_US_bank_connects_through_Plaid_Link_and_the_public_token_is_exchanged()
    {
        const long chat = 7201;
        banks.Plaid.Add("plaid-1", BankHost.DaysAgo(2), 12.40m, "STARBUCKS STORE 1234");
        banks.Plaid.Add("plaid-2", BankHost.DaysAgo(1), 54.99m, "SHELL OIL 5742");
        banks.Plaid.Add("plaid-3", BankHost.DaysAgo(1), -2500m, "ACME PAYROLL");

        var asked = await banks.Host.SayAsync(chat, "/bank connect US chase");
        var link = new Uri(BankHost.LinkIn(asked));
        Assert.StartsWith(BankHost.PublicBaseUrl + "banks/callback/plaid/", link.ToString());
        Assert.Contains("link_token=link-sandbox-1", link.Query);

        var page = await banks.Host.Client.GetStringAsync(link.PathAndQuery);
        Assert.Contains("\"link-sandbox-1\"", page);

        var refused = await banks.Host.Client.PostAsJsonAsync(link.AbsolutePath, new { public_token = "public-made-up" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("did not give consent", await refused.Content.ReadAsStringAsync());
        Assert.Contains("Chase did not give consent", (await banks.RepliesAsync(chat, 2))[1]);

        // A new consent, given this time.
        link = new Uri(BankHost.LinkIn(await banks.Host.SayAsync(chat, "/bank connect US chase")));
        var done = await banks.Host.Client.PostAsJsonAsync(link.AbsolutePath, new { public_token = "public-sandbox-1" });

        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var replies = await banks.RepliesAsync(chat, 5);
        Assert.Contains("Chase is connected", replies[3]);
        Assert.Contains("Plaid Checking …0000", replies[3]);
        Assert.StartsWith("🏦 3 new from Chase:", replies[4]);
        Assert.Contains("+$2,500.00", replies[4]);
        Assert.Contains("item/public_token/exchange", banks.Plaid.Calls);
        Assert.Equal(3L, await banks.Host.ScalarAsync<long>("SELECT count(*) FROM transactions WHERE source = 'bank:plaid'"));

        Assert.Contains("Chase is disconnected", await banks.Host.SayAsync(chat, "/banks disconnect"));
        Assert.Contains("item/remove", banks.Plaid.Calls);
    }
}
