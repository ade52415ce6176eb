using System.Globalization;
using Dapper;
using Finance.Core;
using Npgsql;

namespace Finance.Ledger.Buttons;

/// <summary>
/// Buttons carry a stored action id instead of the command they run: the command is kept here for the chat the
/// button was sent to, and a press is turned back into it only when the id was issued to that chat. Data from a
/// button the bot never sent (or sent elsewhere) finds nothing and is refused.
/// </summary>
public sealed class ButtonActionStore(NpgsqlDataSource database)
{
    public const string Prefix = "act:";

    /// <summary>The reply with each button's data replaced by the id of its stored action.</summary>
    public async Task<OutboundReply> StoreAsync(LedgerSession session, string channel, string chatId, OutboundReply reply) =>
        (await StoreAsync(session, [(channel, chatId, reply)]))[0];

    /// <summary>The replies with each button's data replaced by the id of its stored action: the buttons of a whole
    /// batch of replies in one statement.</summary>
    public async Task<IReadOnlyList<OutboundReply>> StoreAsync(
        LedgerSession session, IReadOnlyList<(string Channel, string ChatId, OutboundReply Reply)> replies)
    {
        var buttons = replies.SelectMany(r => (r.Reply.Buttons ?? []).SelectMany(row => row).Select(b => (r.Channel, r.ChatId, b.Data))).ToList();
        if (buttons.Count == 0) return replies.Select(r => r.Reply).ToList();
        var ids = (await session.QueryAsync<long>("""
            INSERT INTO button_actions (channel, chat_id, data)
            SELECT b.channel, b.chat_id, b.data FROM unnest(@channels, @chatIds, @data) WITH ORDINALITY AS b(channel, chat_id, data, n)
            ORDER BY b.n
            RETURNING id
            """, new
        {
            channels = buttons.Select(b => b.Channel).ToArray(),
            chatIds = buttons.Select(b => b.ChatId).ToArray(),
            data = buttons.Select(b => b.Data).ToArray(),
        })).Order().ToArray();
        // Identity values are taken in the order the rows are inserted, so the sorted ids follow the buttons' order.
        var next = 0;
        return replies.Select(r => r.Reply.Buttons is { Count: > 0 } rows
            ? r.Reply with
            {
                Buttons = rows.Select(row => (IReadOnlyList<ReplyButton>)row
                    .Select(b => b with { Data = Prefix + ids[next++].ToString(CultureInfo.InvariantCulture) }).ToList()).ToList(),
            }
            : r.Reply).ToList();
    }

    /// <summary>The command a pressed button stands for, or null when the bot never sent such a button to this chat.</summary>
    public Task<string?> FindAsync(LedgerSession session, string channel, string chatId, string callbackData) =>
        callbackData.StartsWith(Prefix, StringComparison.Ordinal)
        && long.TryParse(callbackData.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? session.QuerySingleOrDefaultAsync<string?>(
                "SELECT data FROM button_actions WHERE id = @id AND channel = @channel AND chat_id = @chatId",
                new { id, channel, chatId })
            : Task.FromResult<string?>(null);

    /// <summary>Deletes up to <paramref name="limit"/> of the oldest actions stored more than <paramref name="lifetime"/>
    /// ago (a press on one of those buttons gets the unknown-button answer). Oldest first by id, so each call reads
    /// only the primary key's first entries; the age is on the database's clock, which stamped the rows.</summary>
    public async Task<int> SweepAsync(TimeSpan lifetime, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(SweepStatement, new { lifetime, limit }, cancellationToken: cancellationToken));
    }

    // The oldest ids are an array, not an IN (subquery), whose generic plan joined them to a scan of the whole table.
    internal const string SweepStatement = """
        DELETE FROM button_actions WHERE id = ANY(ARRAY(
            SELECT id FROM button_actions ORDER BY id LIMIT @limit))
          AND created_at < now() - @lifetime
        """;
}
