using System.Globalization;
using Finance.Core;

namespace Finance.Ledger.Buttons;

/// <summary>
/// Buttons carry a stored action id instead of the command they run: the command is kept here for the chat the
/// button was sent to, and a press is turned back into it only when the id was issued to that chat. Data from a
/// button the bot never sent (or sent elsewhere) finds nothing and is refused.
/// </summary>
public sealed class ButtonActionStore
{
    public const string Prefix = "act:";

    /// <summary>The reply with each button's data replaced by the id of its stored action.</summary>
    public async Task<OutboundReply> StoreAsync(LedgerSession session, string channel, string chatId, OutboundReply reply)
    {
        if (reply.Buttons is not { Count: > 0 } rows) return reply;
        var data = rows.SelectMany(row => row.Select(b => b.Data)).ToArray();
        var ids = (await session.QueryAsync<long>("""
            INSERT INTO button_actions (channel, chat_id, data)
            SELECT @channel, @chatId, d.data FROM unnest(@data) WITH ORDINALITY AS d(data, n) ORDER BY d.n
            RETURNING id
            """, new { channel, chatId, data })).Order().ToArray();
        var next = 0;
        return reply with
        {
            Buttons = rows.Select(row => (IReadOnlyList<ReplyButton>)row
                .Select(b => b with { Data = Prefix + ids[next++].ToString(CultureInfo.InvariantCulture) }).ToList()).ToList(),
        };
    }

    /// <summary>The command a pressed button stands for, or null when the bot never sent such a button to this chat.</summary>
    public Task<string?> FindAsync(LedgerSession session, string channel, string chatId, string callbackData) =>
        callbackData.StartsWith(Prefix, StringComparison.Ordinal)
        && long.TryParse(callbackData.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? session.QuerySingleOrDefaultAsync<string?>(
                "SELECT data FROM button_actions WHERE id = @id AND channel = @channel AND chat_id = @chatId",
                new { id, channel, chatId })
            : Task.FromResult<string?>(null);
}
