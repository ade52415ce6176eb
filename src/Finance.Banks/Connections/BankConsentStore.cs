using System.Buffers.Text;
using System.Security.Cryptography;
using Finance.Ledger;

namespace Finance.Banks.Connections;

/// <summary>A consent taken for completion: where to tell the user, and the provider's opened reference.</summary>
public sealed record OpenConsent(string Channel, string ChatId, string Provider, string Institution, string Reference);

/// <summary>Consents on their way (migration 016): started in a context's session, found again by the callback's
/// state alone, taken once.</summary>
public sealed class BankConsentStore(SecretBox box)
{
    /// <summary>32 random bytes, URL-safe: the callback's only key, so it cannot be guessed.</summary>
    public static string NewState() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public Task AddAsync(LedgerSession session, string state, string channel, string chatId, string provider, string institution, string reference) =>
        session.ExecuteAsync("""
            INSERT INTO bank_consents (state, context_id, user_id, channel, chat_id, provider, institution, reference)
            VALUES (@state, app_context(), app_user(), @channel, @chatId, @provider, @institution, @reference)
            """, new { state, channel, chatId, provider, institution, reference = box.Seal(reference, state) });

    /// <summary>The context and user a consent was started in (a session in no context may ask); null for a state
    /// that is unknown or older than an hour.</summary>
    public Task<(Guid ContextId, Guid UserId)?> OwnerAsync(LedgerSession session, string state) =>
        session.QuerySingleOrDefaultAsync<(Guid ContextId, Guid UserId)?>("SELECT context_id, user_id FROM bank_consent_owner(@state)", new { state });

    /// <summary>Takes the consent for completion; null when it was taken already (a second callback, a reload).</summary>
    public async Task<OpenConsent?> TakeAsync(LedgerSession session, string state)
    {
        var row = await session.QuerySingleOrDefaultAsync<Row>("""
            UPDATE bank_consents SET completed_at = now()
            WHERE context_id = app_context() AND state = @state AND completed_at IS NULL
            RETURNING channel, chat_id, provider, institution, reference
            """, new { state });
        return row is null ? null : new OpenConsent(row.Channel, row.ChatId, row.Provider, row.Institution, box.Open(row.Reference, state));
    }

    private sealed record Row(string Channel, string ChatId, string Provider, string Institution, byte[] Reference);
}
