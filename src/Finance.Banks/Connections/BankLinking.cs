using System.Globalization;
using System.Text;
using Finance.Banks.Providers;
using Finance.Ledger;
using Finance.Understanding.Parsing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Finance.Banks.Connections;

public enum LinkStartOutcome { Link, NoProvider, NoBank }

/// <summary>The start of /bank connect: the consent link to send, or why there is none (with the banks of the
/// country whose names came closest, for the user to pick).</summary>
public sealed record LinkStart(LinkStartOutcome Outcome, string? Link = null, string? Institution = null, IReadOnlyList<string>? Suggestions = null);

public enum LinkOutcome { Linked, AlreadyDone, Refused, Unknown }

/// <summary>What the callback finished: the connection, the chat to tell and the accounts it covers.</summary>
public sealed record LinkedConsent(LinkOutcome Outcome, Guid ContextId = default, Guid UserId = default, string Channel = "", string ChatId = "",
    long ConnectionId = 0, string Institution = "", IReadOnlyList<LinkedAccount>? Accounts = null);

/// <summary>
/// Connecting a bank: /bank connect picks the provider for the country (Plaid in North America, GoCardless in
/// Europe), finds the bank by name, stores a consent in the context and answers the provider's link, which comes
/// back to the host at <c>{PublicBaseUrl}/banks/callback/{provider}</c>; the callback finishes the consent once
/// and stores the accounts for the context the user was in when they asked.
/// </summary>
public sealed class BankLinking(IEnumerable<IBankProvider> providers, BankConsentStore consents, BankConnectionStore connections,
    NpgsqlDataSource database, IOptions<BankOptions> options)
{
    private static readonly HashSet<string> PlaidCountries = ["US", "CA"];

    public bool Enabled => providers.Any();

    /// <summary>Where a provider's consent comes back to: GoCardless appends <c>?ref=STATE</c>; Plaid Link's page
    /// carries the state in its path.</summary>
    private Uri CallbackFor(string provider, string state) => new(options.Value.PublicBaseUrl!, provider == "plaid"
        ? $"banks/callback/plaid/{Uri.EscapeDataString(state)}"
        : "banks/callback/gocardless");

    public async Task<LinkStart> StartAsync(LedgerSession session, string channel, string chatId, string country, string bankName, string language,
        CancellationToken cancellationToken)
    {
        var state = BankConsentStore.NewState();
        if (PlaidCountries.Contains(country) && providers.OfType<PlaidProvider>().FirstOrDefault() is { } plaid)
        {
            // Plaid Link asks for the bank itself; the name the user gave is what the connection is called.
            var name = Title(bankName);
            var start = await plaid.StartConsentAsync(name, CallbackFor(plaid.Name, state), state, language, cancellationToken);
            await consents.AddAsync(session, state, channel, chatId, plaid.Name, name, start.Reference);
            return new(LinkStartOutcome.Link, start.Link, name);
        }
        if (PlaidCountries.Contains(country) || providers.OfType<GoCardlessProvider>().FirstOrDefault() is not { } gocardless)
            return new(LinkStartOutcome.NoProvider);

        var banks = await gocardless.InstitutionsAsync(country, cancellationToken);
        var wanted = Fold(bankName);
        var found = banks.Where(b => Fold(b.Name) == wanted).Concat(banks.Where(b => Fold(b.Name).StartsWith(wanted, StringComparison.Ordinal)))
            .Concat(banks.Where(b => Fold(b.Name).Contains(wanted, StringComparison.Ordinal))).FirstOrDefault();
        if (wanted.Length == 0 || found is null)
            return new(LinkStartOutcome.NoBank, Suggestions: banks.Select(b => b.Name)
                .OrderBy(b => wanted.Length == 0 ? 0 : EditDistance.Bounded(Fold(b), wanted, 64)).ThenBy(b => b, StringComparer.Ordinal).Take(5).ToList());
        var consent = await gocardless.StartConsentAsync(found, CallbackFor(gocardless.Name, state), state, language, cancellationToken);
        await consents.AddAsync(session, state, channel, chatId, gocardless.Name, found.Name, consent.Reference);
        return new(LinkStartOutcome.Link, consent.Link, found.Name);
    }

    /// <summary>The callback: finishes the consent of <paramref name="state"/> once (a second callback finds it
    /// done) and stores its accounts for the context the user asked in. <paramref name="returned"/> is what the
    /// provider's return carried (Plaid's public token).</summary>
    public async Task<LinkedConsent> CompleteAsync(string state, string? returned, CancellationToken cancellationToken)
    {
        (Guid ContextId, Guid UserId)? owner;
        await using (var lookup = await LedgerSession.BeginAsync(database, cancellationToken))
            owner = await consents.OwnerAsync(lookup, state);
        if (owner is not { } found) return new(LinkOutcome.Unknown);

        await using var session = await LedgerSession.BeginAsync(database, cancellationToken, found.ContextId, found.UserId);
        if (await consents.TakeAsync(session, state) is not { } consent) return new(LinkOutcome.AlreadyDone);
        var provider = providers.Single(p => p.Name == consent.Provider);
        var linked = new LinkedConsent(LinkOutcome.Refused, found.ContextId, found.UserId, consent.Channel, consent.ChatId, Institution: consent.Institution);
        try
        {
            var result = await provider.CompleteConsentAsync(consent.Reference, returned, cancellationToken);
            var id = await connections.ConnectAsync(session, consent.Provider, consent.Institution, result);
            linked = linked with { Outcome = LinkOutcome.Linked, ConnectionId = id, Accounts = result.Accounts };
        }
        catch (ConsentExpiredException)
        {
            // The user said no at the bank, or took too long: the consent is used up either way.
        }
        await session.CommitAsync();
        return linked;
    }

    /// <summary>/bank disconnect: ends the consent at the provider, then forgets the connection and its secret (what
    /// it booked stays). False, and nothing forgotten, while the provider does not answer: the user may try again.
    /// A provider no longer configured cannot be asked; the connection is forgotten here all the same.</summary>
    public async Task<bool> DisconnectAsync(LedgerSession session, long connectionId, CancellationToken cancellationToken)
    {
        if (await connections.ClaimAsync(session, connectionId) is not { } claimed) return false;
        if (providers.SingleOrDefault(p => p.Name == claimed.Connection.Provider) is { } provider)
        {
            try
            {
                await provider.RevokeAsync(claimed.Credential, cancellationToken);
            }
            catch (ConsentExpiredException)
            {
                // Access ended at the provider already.
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }
        return await connections.DeleteAsync(session, connectionId);
    }

    /// <summary>"monzo", "Monzo Bank" → "MONZO", "MONZOBANK": case, accents and spaces do not tell banks apart.</summary>
    private static string Fold(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD))
            if (char.IsLetterOrDigit(c)) text.Append(char.ToUpperInvariant(c));
        return text.ToString();
    }

    private static string Title(string name) => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(name.Trim().ToLowerInvariant());
}
