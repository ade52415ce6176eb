using Finance.Host.Tests.WebChat;
using Microsoft.Playwright;

namespace Finance.Host.Tests.Banks;

/// <summary>A Plaid bank that logs in with OAuth, in a real browser: the link token names the host's OAuth return
/// page, and that page resumes Link with the same token and <c>receivedRedirectUri</c>. Plaid's Link script is a
/// stand-in served to the browser in its place (it cannot be fetched here), acting as Link does for an OAuth bank.</summary>
public sealed class PlaidOAuthPageTests(BankHost banks) : IClassFixture<BankHost>
{
    [Fact]
    public async Task An_OAuth_bank_returns_to_the_hosts_page_where_Link_resumes_and_the_consent_completes()
    {
        const long chat = 7501;
        var link = new Uri(BankHost.LinkIn(await banks.Host.SayAsync(chat, "/bank connect US chase")));
        var redirect = banks.Plaid.LinkTokenRequests[^1]["redirect_uri"]!.GetValue<string>();
        Assert.Equal(BankHost.PublicBaseUrl + "banks/callback/plaid/oauth", redirect);

        // Any host may serve the pages: this one on 127.0.0.1, for the browser.
        var address = FinanceHost.ClientOf(banks.Host.StartHost(kestrel: true)).BaseAddress!.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = WebChatHost.ChromiumPath, Headless = true, ChromiumSandbox = false, Args = WebChatHost.LoopbackOnly,
        });
        var page = await (await browser.NewContextAsync()).NewPageAsync();
        // Link first sends the user to the bank, which returns to redirect_uri with oauth_state_id; resumed there with
        // the same token and that address, it finishes with a public token.
        await page.RouteAsync("https://cdn.plaid.com/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/javascript",
            Body = $$"""
                window.Plaid = { create: config => ({ open: () => {
                  if (!config.receivedRedirectUri) { location.href = {{System.Text.Json.JsonSerializer.Serialize(address + new Uri(redirect).AbsolutePath + "?oauth_state_id=oauth-1")}}; return; }
                  if (config.token === "link-sandbox-1" && config.receivedRedirectUri.endsWith("/banks/callback/plaid/oauth?oauth_state_id=oauth-1"))
                    config.onSuccess("public-sandbox-1", {});
                } }) };
                """,
        }));

        await page.GotoAsync(address + link.PathAndQuery);
        await page.ClickAsync("#go");

        // Bounded generously: a loaded machine may take a while, and the outcome, not the time, is what is checked.
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Your bank is connected", new() { Timeout = 60_000 });
        Assert.Contains("Chase is connected", (await banks.RepliesAsync(chat, 2))[1]);
        Assert.Null(await page.EvaluateAsync<string?>("localStorage.getItem('finance-plaid-consent')"));
    }

    [Fact]
    public async Task The_OAuth_return_page_in_a_browser_with_no_consent_in_progress_says_to_open_the_link_again()
    {
        var page = await (await banks.Host.Client.GetAsync("/banks/callback/plaid/oauth?oauth_state_id=oauth-9")).Content.ReadAsStringAsync();

        Assert.Contains("receivedRedirectUri: window.location.href", page);
        Assert.Contains("no bank connection in progress", page);
    }
}
