using Finance.Core;
using Npgsql;

namespace Finance.Ledger.Contexts;

/// <summary>Finds (or on first contact creates) the user behind a channel identity, with their personal
/// context, and enters their active context in the session.</summary>
public sealed class MemberStore(TimeProvider time)
{
    public async Task<Member> EnterAsync(LedgerSession session, InboundMessage message)
    {
        // One round trip for the common case: find the user and enter their active context (set_config returns the
        // value it sets, so the row that finds them enters them), then read that context through row-level security.
        UserRow? user;
        ContextRow? context;
        await using (var results = await session.QueryMultipleAsync("""
            SELECT set_config('app.user_id', u.id::text, true)::uuid AS id, u.display_name, u.language,
                   set_config('app.context_id', u.active_context_id::text, true)::uuid AS active_context_id
            FROM channel_identities i JOIN users u ON u.id = i.user_id
            WHERE i.channel = @Channel AND i.external_user_id = @SenderId;
            SELECT c.id, c.name, c.kind, c.base_currency, c.time_zone, m.role
            FROM contexts c JOIN context_members m ON m.context_id = c.id AND m.user_id = app_user()
            WHERE c.id = app_context();
            """, new { message.Channel, message.SenderId }))
        {
            user = await results.ReadSingleOrDefaultAsync<UserRow>();
            context = await results.ReadSingleOrDefaultAsync<ContextRow>();
        }

        var isNew = user is null;
        if (user is null)
        {
            user = await CreateAsync(session, message);
            context = await session.QuerySingleOrDefaultAsync<ContextRow>("""
                SELECT c.id, c.name, c.kind, c.base_currency, c.time_zone, m.role
                FROM contexts c JOIN context_members m ON m.context_id = c.id AND m.user_id = app_user()
                WHERE c.id = app_context()
                """);
        }
        if (context is null) throw new InvalidOperationException("The user's active context is gone or they left it.");
        session.Entered(user.ActiveContextId, user.Id);

        return new Member(user.Id, user.DisplayName, user.Language, context.Role,
            new LedgerContext(context.Id, context.Name, context.Kind, context.BaseCurrency, context.TimeZone), isNew);
    }

    /// <summary>
    /// The senders of <paramref name="messages"/>, each in their active context, in one statement (null where a sender is
    /// not known yet, or cannot enter their active context: <see cref="EnterAsync"/> then creates them or says why).
    /// Entering one is <see cref="Enter"/>, which costs no round trip of its own. What is read may go out of date within
    /// the transaction: after <see cref="LedgerSession.MembersChanged"/>, look up again.
    /// </summary>
    public async Task<Member?[]> LookUpAsync(LedgerSession session, IReadOnlyList<InboundMessage> messages)
    {
        var found = new Member?[messages.Count];
        var channels = new string[messages.Count];
        var senders = new string[messages.Count];
        for (var i = 0; i < messages.Count; i++) (channels[i], senders[i]) = (messages[i].Channel, messages[i].SenderId);
        // $1 channels, $2 sender ids; n is the message's position, from 1. The function (migration 029) reads past
        // row-level security, but only for the senders it is given.
        foreach (var (n, member) in await session.QueryAsync("""
            SELECT n, user_id, display_name, language, context_id, name, kind, base_currency, time_zone, role
            FROM senders_active_contexts($1::text[], $2::text[])
            """,
            reader => (reader.GetInt64(0), new Member(reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                reader.GetString(9), new LedgerContext(reader.GetGuid(4), reader.GetString(5), reader.GetString(6), reader.GetString(7),
                    reader.GetString(8)), IsNew: false)),
            new NpgsqlParameter<string[]> { TypedValue = channels },
            new NpgsqlParameter<string[]> { TypedValue = senders }))
            found[n - 1] = member;
        session.MembersChanged = false;
        return found;
    }

    /// <summary>Enters a member found by <see cref="LookUpAsync"/>: the switch goes with the session's next statement.</summary>
    public static Member Enter(LedgerSession session, Member member)
    {
        session.EnterWithNextStatement(member.Context.Id, member.UserId);
        return member;
    }

    private async Task<UserRow> CreateAsync(LedgerSession session, InboundMessage message)
    {
        session.MembersChanged = true;
        var (language, currency, timeZone) = LocaleDefaults.For(message.LanguageCode, message.TimeZone);
        var now = time.GetUtcNow();
        var user = new UserRow(Guid.CreateVersion7(now), message.SenderName, language, Guid.CreateVersion7(now));
        await session.EnterAsync(user.ActiveContextId, user.Id);
        var inserted = await session.ExecuteAsync("""
            INSERT INTO users (id, display_name, language, active_context_id)
            VALUES (@Id, @DisplayName, @Language, @ActiveContextId);
            INSERT INTO contexts (id, name, kind, base_currency, time_zone, created_by)
            VALUES (@ActiveContextId, 'Personal', 'personal', @currency, @timeZone, @Id);
            INSERT INTO context_members (context_id, user_id, role) VALUES (@ActiveContextId, @Id, 'owner');
            INSERT INTO channel_identities (channel, external_user_id, chat_id, user_id)
            VALUES (@channel, @senderId, @chatId, @Id)
            ON CONFLICT DO NOTHING;
            """, new
            {
                user.Id, user.DisplayName, user.Language, user.ActiveContextId, currency, timeZone,
                channel = message.Channel, senderId = message.SenderId, chatId = message.ChatId,
            });
        // Two first messages of one new user processed at once: the loser retries and finds the winner's rows.
        if (inserted < 4) throw new ConcurrentFirstContactException();
        return user;
    }

    /// <summary>Enters another of the member's contexts for the rest of this unit of work (a "#trip" prefix,
    /// a button); null when they are not a member of it.</summary>
    public async Task<Member?> SwitchAsync(LedgerSession session, Member member, Guid contextId)
    {
        await session.EnterAsync(contextId, member.UserId);
        var context = await session.QuerySingleOrDefaultAsync<ContextRow>("""
            SELECT c.id, c.name, c.kind, c.base_currency, c.time_zone, m.role
            FROM contexts c JOIN context_members m ON m.context_id = c.id AND m.user_id = app_user()
            WHERE c.id = app_context()
            """);
        if (context is null)
        {
            await session.EnterAsync(member.Context.Id, member.UserId);
            return null;
        }
        return member with
        {
            Role = context.Role,
            Context = new LedgerContext(context.Id, context.Name, context.Kind, context.BaseCurrency, context.TimeZone),
        };
    }

    public Task SetLanguageAsync(LedgerSession session, Guid userId, string language)
    {
        session.MembersChanged = true;
        return session.ExecuteAsync("UPDATE users SET language = @language WHERE id = @userId", new { userId, language });
    }

    private sealed record UserRow(Guid Id, string? DisplayName, string Language, Guid ActiveContextId);

    private sealed record ContextRow(Guid Id, string Name, string Kind, string BaseCurrency, string TimeZone, string Role);
}

public sealed class ConcurrentFirstContactException() : Exception("Another worker created this user first; retry.");
