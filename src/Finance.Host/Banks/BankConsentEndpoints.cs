using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Finance.Banks.Connections;
using Finance.Conversation.Replies;
using Finance.Jobs.Banks;

namespace Finance.Host.Banks;

/// <summary>
/// Where a bank consent comes back to (built from Finance:PublicBaseUrl): GoCardless sends the user to
/// <c>/banks/callback/gocardless?ref=STATE</c>; Plaid Link runs on the page <c>/banks/callback/plaid/STATE</c>, which
/// posts the public token back to itself. Either finishes the consent once (any host may get it), tells the chat
/// that asked which accounts were linked, runs the first sync, and shows a short page to close.
/// </summary>
public static class BankConsentEndpoints
{
    public static IEndpointRouteBuilder MapBankConsent(this IEndpointRouteBuilder app)
    {
        app.MapGet("/banks/callback/gocardless", (HttpContext http, BankLinking linking, BankSyncRun run, string? @ref) =>
            FinishAsync(http, linking, run, @ref, null));
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

    /// <summary>Plaid Link, opened with the link token of the consent; its public token goes back to this page's address.</summary>
    private static IResult PlaidPage(string language, string state, string? linkToken)
    {
        var say = Phrases.For(language);
        if (string.IsNullOrEmpty(linkToken)) return Page(language, say.BankPageGone, HttpStatusCode.NotFound);
        var html = $$"""
            <!doctype html>
            <html lang="{{language}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{WebUtility.HtmlEncode(say.BankPagePlaid)}}</title>
            <script src="https://cdn.plaid.com/link/v2/stable/link-initialize.js"></script></head>
            <body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem">
            <h1>{{WebUtility.HtmlEncode(say.BankPagePlaid)}}</h1>
            <button id="go" style="font-size: 1.2rem; padding: .6rem 1.4rem">{{WebUtility.HtmlEncode(say.BankPagePlaidButton)}}</button>
            <script>
            const link = Plaid.create({
              token: {{JsonSerializer.Serialize(linkToken)}},
              onSuccess: async publicToken => {
                const answer = await fetch({{JsonSerializer.Serialize("/banks/callback/plaid/" + Uri.EscapeDataString(state))}}, {
                  method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ public_token: publicToken }) });
                document.open(); document.write(await answer.text()); document.close();
              },
            });
            document.getElementById("go").onclick = () => link.open();
            </script></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

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
