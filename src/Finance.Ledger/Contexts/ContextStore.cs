using System.Security.Cryptography;
using System.Text;

namespace Finance.Ledger.Contexts;

public sealed record ContextMembership(Guid Id, string Name, string Kind, string BaseCurrency, string TimeZone, string Role);

/// <summary>Someone of a context, as others call them.</summary>
public sealed record ContextPerson(Guid UserId, string Name);

public enum JoinResult { Joined, AlreadyMember, UnknownOrExpired }

/// <summary>Contexts, their settings, memberships and invites. Each call runs in the session's unit of work.</summary>
public sealed class ContextStore(TimeProvider time)
{
    // Unambiguous when read aloud or typed on a phone: no 0/O, 1/I/L.
    private const string CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    /// <summary>Every context the acting user belongs to, oldest first.</summary>
    public async Task<IReadOnlyList<ContextMembership>> ListAsync(LedgerSession session) =>
        (await session.QueryAsync<ContextMembership>("""
            SELECT c.id, c.name, c.kind, c.base_currency, c.time_zone, m.role
            FROM context_members m JOIN contexts c ON c.id = m.context_id
            WHERE m.user_id = app_user()
            ORDER BY c.created_at, c.name
            """)).ToList();

    /// <summary>Creates a context owned by the acting user and makes it their active one.</summary>
    public async Task<Guid> CreateAsync(LedgerSession session, string name, string kind, string currency, string timeZone)
    {
        var id = Guid.CreateVersion7(time.GetUtcNow());
        var userId = session.UserId ?? throw new InvalidOperationException("No acting user.");
        session.MembersChanged = true;
        await session.EnterAsync(id, userId);
        await session.ExecuteAsync("""
            INSERT INTO contexts (id, name, kind, base_currency, time_zone, created_by)
            VALUES (app_context(), @name, @kind, @currency, @timeZone, app_user());
            INSERT INTO context_members (context_id, user_id, role) VALUES (app_context(), app_user(), 'owner');
            UPDATE users SET active_context_id = app_context() WHERE id = app_user();
            """, new { name, kind, currency, timeZone });
        return id;
    }

    /// <summary>The other member of the active context called <paramref name="name"/> (by the start of their name);
    /// null when nobody is, or when several are.</summary>
    public async Task<ContextPerson?> OtherMemberNamedAsync(LedgerSession session, string name)
    {
        var found = (await session.QueryAsync<ContextPerson>("""
            SELECT u.id AS user_id, u.display_name AS name FROM context_members m JOIN users u ON u.id = m.user_id
            WHERE m.context_id = app_context() AND m.user_id <> app_user()
              AND u.display_name ILIKE replace(replace(replace(@name, '\', '\\'), '%', '\%'), '_', '\_') || '%'
            LIMIT 2
            """, new { name = name.Trim() })).ToList();
        return found.Count == 1 ? found[0] : null;
    }

    /// <summary>The session's context.</summary>
    public Task<LedgerContext> CurrentAsync(LedgerSession session) =>
        session.QuerySingleAsync<LedgerContext>(
            "SELECT id, name, kind, base_currency, time_zone FROM contexts WHERE id = app_context()");

    public Task UseAsync(LedgerSession session, Guid contextId)
    {
        session.MembersChanged = true;
        return session.ExecuteAsync("UPDATE users SET active_context_id = @contextId WHERE id = app_user()", new { contextId });
    }

    public Task SetCurrencyAsync(LedgerSession session, string currency)
    {
        session.MembersChanged = true;
        return session.ExecuteAsync("UPDATE contexts SET base_currency = @currency WHERE id = app_context()", new { currency });
    }

    public Task SetTimeZoneAsync(LedgerSession session, string timeZone)
    {
        session.MembersChanged = true;
        return session.ExecuteAsync("UPDATE contexts SET time_zone = @timeZone WHERE id = app_context()", new { timeZone });
    }

    /// <summary>A one-time code for the active context; only its hash is kept.</summary>
    public async Task<string> InviteAsync(LedgerSession session, string role, TimeSpan validFor)
    {
        var code = string.Create(8, 0, (chars, _) =>
        {
            for (var i = 0; i < chars.Length; i++) chars[i] = CodeAlphabet[RandomNumberGenerator.GetInt32(CodeAlphabet.Length)];
        });
        await session.ExecuteAsync("""
            INSERT INTO invites (code_hash, context_id, role, created_by, expires_at)
            VALUES (@hash, app_context(), @role, app_user(), @expiresAt)
            """, new { hash = Hash(code), role, expiresAt = time.GetUtcNow() + validFor });
        return code;
    }

    /// <summary>Uses an invite code: the acting user joins its context (and makes it active).</summary>
    public async Task<(JoinResult Result, Guid ContextId)> JoinAsync(LedgerSession session, string code)
    {
        var invite = await session.QuerySingleOrDefaultAsync<(Guid ContextId, string Role)?>("""
            UPDATE invites SET used_by = app_user(), used_at = now()
            WHERE code_hash = @hash AND used_at IS NULL AND expires_at > @now
            RETURNING context_id, role
            """, new { hash = Hash(code.Trim().ToUpperInvariant()), now = time.GetUtcNow() });
        if (invite is not { } found) return (JoinResult.UnknownOrExpired, Guid.Empty);

        session.MembersChanged = true;
        await session.EnterAsync(found.ContextId, session.UserId!.Value);
        var joined = await session.ExecuteAsync("""
            INSERT INTO context_members (context_id, user_id, role) VALUES (app_context(), app_user(), @Role)
            ON CONFLICT (context_id, user_id) DO NOTHING
            """, new { found.Role });
        await UseAsync(session, found.ContextId);
        return (joined == 1 ? JoinResult.Joined : JoinResult.AlreadyMember, found.ContextId);
    }

    private static byte[] Hash(string code) => SHA256.HashData(Encoding.UTF8.GetBytes(code));
}
