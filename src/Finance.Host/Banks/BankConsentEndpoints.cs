using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Finance.Banks.Connections;
using Finance.Banks.Providers;
using Finance.Conversation.Replies;
using Finance.Jobs.Banks;

namespace Finance.Host.Banks;

/// <summary>
/// Where a bank consent comes back to (built from Finance:PublicBaseUrl): GoCardless sends the user to
/// <c>/banks/callback/gocardless?ref=STATE</c>; Plaid Link runs on the page <c>/banks/callback/plaid/STATE</c>, which
/// posts the public token back to itself (an OAuth bank returns to <c>/banks/callback/plaid/oauth</c>, where Link
/// resumes). Either finishes the consent once (any host may get it), tells the chat
/// that asked which accounts were linked, runs the first sync, and shows a short page to close.
/// </summary>
public static class BankConsentEndpoints
{
    public static IEndpointRouteBuilder MapBankConsent(this IEndpointRouteBuilder app)
    {
        app.MapGet("/banks/callback/gocardless", (HttpContext http, BankLinking linking, BankSyncRun run, string? @ref) =>
            FinishAsync(http, linking, run, @ref, null));
        // A literal segment wins over {state}, so this is never taken for a consent's state.
        app.MapGet("/" + PlaidProvider.OAuthReturnPath, (HttpContext http) => PlaidOAuthReturn(Language(http)));
        app.MapGet("/banks/callback/plaid/{state}", (HttpContext http, string state, string? link_token) =>
            PlaidPage(Language(http), state, link_token));
        app.MapPost("/banks/callback/plaid/{state}", (HttpContext http, BankLinking linking, BankSyncRun run, string state, PublicToken body) =>
            FinishAsync(http, linking, run, state, body.Value));
        return app;
    }

    private static async Task<IResult> FinishAsync(HttpContext http, BankLinking linking, BankSyncRun run, string? state, string? returned)
    {
        var language = Language(http);
        if (string.IsNullOrEmpty(state)) return Page(language, Phrases.For(language).BankPageGone, HttpStatusCode.NotFound);
        LinkedConsent linked;
        try
        {
            linked = await linking.CompleteAsync(state, returned, http.RequestAborted);
        }
        catch (HttpRequestException)
        {
            // Nothing was taken (the unit of work rolled back): the same link works again once the provider answers.
            return Page(language, Phrases.For(language).BankPageRetry, HttpStatusCode.BadGateway);
        }
        if (linked.Outcome is LinkOutcome.Unknown or LinkOutcome.AlreadyDone)
            return Page(language, Phrases.For(language).BankPageGone, HttpStatusCode.NotFound);
        language = await run.LinkedAsync(linked, http.RequestAborted);
        var say = Phrases.For(language);
        return linked.Outcome == LinkOutcome.Linked ? Page(language, say.BankPageLinked) : Page(language, say.BankPageRefused);
    }

    /// <summary>Plaid Link, opened with the link token of the consent; its public token goes back to this page's address.
    /// An OAuth bank sends the user to <see cref="PlaidOAuthReturn"/> instead, which needs the token and the state again:
    /// the browser keeps them (Plaid's documented way; a link token lives 30 minutes).</summary>
    private static IResult PlaidPage(string language, string state, string? linkToken)
    {
        var say = Phrases.For(language);
        if (string.IsNullOrEmpty(linkToken)) return Page(language, say.BankPageGone, HttpStatusCode.NotFound);
        return PlaidLinkPage(language, say.BankPagePlaid, $$"""
            <button id="go" style="font-size: 1.2rem; padding: .6rem 1.4rem">{{WebUtility.HtmlEncode(say.BankPagePlaidButton)}}</button>
            <script>
            const consent = { state: {{JsonSerializer.Serialize(state)}}, token: {{JsonSerializer.Serialize(linkToken)}}, at: Date.now() };
            localStorage.setItem({{JsonSerializer.Serialize(OAuthStorageKey)}}, JSON.stringify(consent));
            const link = Plaid.create({ token: consent.token, onSuccess: publicToken => finish(consent, publicToken) });
            document.getElementById("go").onclick = () => link.open();
            </script>
            """);
    }

    /// <summary>Where an OAuth bank sends the user back (Plaid's <c>redirect_uri</c>, one fixed address): Link resumes
    /// with the same link token and <c>receivedRedirectUri</c>, and its public token finishes the consent it began.</summary>
    private static IResult PlaidOAuthReturn(string language)
    {
        var say = Phrases.For(language);
        return PlaidLinkPage(language, say.BankPagePlaid, $$"""
            <p id="say">{{WebUtility.HtmlEncode(say.BankPagePlaidResume)}}</p>
            <script>
            const consent = JSON.parse(localStorage.getItem({{JsonSerializer.Serialize(OAuthStorageKey)}}) || "null");
            if (!consent || Date.now() - consent.at > 30 * 60 * 1000) {
              document.getElementById("say").textContent = {{JsonSerializer.Serialize(say.BankPagePlaidLost)}};
            } else {
              Plaid.create({ token: consent.token, receivedRedirectUri: window.location.href, onSuccess: publicToken => finish(consent, publicToken) }).open();
            }
            </script>
            """);
    }

    /// <summary>The browser's note of the Plaid consent in progress, for the OAuth return page.</summary>
    private const string OAuthStorageKey = "finance-plaid-consent";

    /// <summary>A page running Plaid Link: <c>finish</c> posts the public token to the consent's own address (relative,
    /// so a public address with a path works) and shows the host's answer.</summary>
    private static IResult PlaidLinkPage(string language, string title, string body) => Results.Content($$"""
        <!doctype html>
        <html lang="{{language}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{WebUtility.HtmlEncode(title)}}</title>
        <script src="https://cdn.plaid.com/link/v2/stable/link-initialize.js"></script>
        <script>
        async function finish(consent, publicToken) {
          localStorage.removeItem({{JsonSerializer.Serialize(OAuthStorageKey)}});
          const answer = await fetch(encodeURIComponent(consent.state), {
            method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ public_token: publicToken }) });
          document.open(); document.write(await answer.text()); document.close();
        }
        </script></head>
        <body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem">
        <h1>{{WebUtility.HtmlEncode(title)}}</h1>
        {{body}}
        </body></html>
        """, "text/html; charset=utf-8");

    private static IResult Page(string language, string text, HttpStatusCode status = HttpStatusCode.OK) => Results.Content($"""
        <!doctype html>
        <html lang="{language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Finance</title></head>
        <body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem"><p>{WebUtility.HtmlEncode(text)}</p></body></html>
        """, "text/html; charset=utf-8", statusCode: (int)status);

    /// <summary>The browser's first language the bot speaks; the consent's user's own once known.</summary>
    private static string Language(HttpContext http) =>
        http.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value?.Split('-')[0].ToLowerInvariant()).FirstOrDefault(l => l is not null && Phrases.Languages.Contains(l))
        ?? Phrases.DefaultLanguage;

    private sealed record PublicToken([property: JsonPropertyName("public_token")] string? Value);
}
