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

    /// <summary>The replies with each button's data replaced by where its action is stored: a reply's buttons are one row
    /// (their commands in order), a button's data that row's id and the button's place in it ("act:ID.N"). The whole
    /// batch of replies in one statement.</summary>
    public async Task<IReadOnlyList<OutboundReply>> StoreAsync(
        LedgerSession session, IReadOnlyList<(string Channel, string ChatId, OutboundReply Reply)> replies)
    {
        var withButtons = replies.Where(r => r.Reply.Buttons is { Count: > 0 }).ToList();
        if (withButtons.Count == 0) return replies.Select(r => r.Reply).ToList();
        // Every button's command in one array, each reply's a slice of it (from, to; from 1): PostgreSQL takes no jagged arrays.
        var data = new List<string>();
        var slices = new List<(int From, int To)>(withButtons.Count);
        foreach (var (_, _, reply) in withButtons)
        {
            var from = data.Count + 1;
            data.AddRange(reply.Buttons!.SelectMany(row => row).Select(b => b.Data));
            slices.Add((from, data.Count));
        }
        var ids = (await session.QueryAsync<long>("""
            INSERT INTO button_actions (channel, chat_id, actions)
            SELECT r.channel, r.chat_id, @data[r.first:r.last]
            FROM unnest(@channels, @chatIds, @firsts, @lasts) WITH ORDINALITY AS r(channel, chat_id, first, last, n)
            ORDER BY r.n
            RETURNING id
            """, new
        {
            data = data.ToArray(),
            channels = withButtons.Select(r => r.Channel).ToArray(),
            chatIds = withButtons.Select(r => r.ChatId).ToArray(),
            firsts = slices.Select(s => s.From).ToArray(),
            lasts = slices.Select(s => s.To).ToArray(),
        })).Order().ToArray();
        // Identity values are taken in the order the rows are inserted, so the sorted ids follow the replies' order.
        var next = 0;
        return replies.Select(r =>
        {
            if (r.Reply.Buttons is not { Count: > 0 } rows) return r.Reply;
            var id = ids[next++].ToString(CultureInfo.InvariantCulture);
            var place = 0;
            return r.Reply with
            {
                Buttons = rows.Select(row => (IReadOnlyList<ReplyButton>)row
                    .Select(b => b with { Data = $"{Prefix}{id}.{(++place).ToString(CultureInfo.InvariantCulture)}" }).ToList()).ToList(),
            };
        }).ToList();
    }

    /// <summary>The command a pressed button stands for, or null when the bot never sent such a button to this chat. A
    /// button sent before a reply's buttons shared a row carries the row's id alone ("act:ID") and finds its data.</summary>
    public Task<string?> FindAsync(LedgerSession session, string channel, string chatId, string callbackData) =>
        Place(callbackData) is (var id, var n)
            ? session.QuerySingleOrDefaultAsync<string?>(
                "SELECT CASE WHEN @n = 0 THEN data ELSE actions[@n] END FROM button_actions WHERE id = @id AND channel = @channel AND chat_id = @chatId",
                new { id, n, channel, chatId })
            : Task.FromResult<string?>(null);

    /// <summary>"act:ID.N" → (ID, N); "act:ID" → (ID, 0); anything else → null.</summary>
    private static (long Id, int N)? Place(string callbackData)
    {
        if (!callbackData.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var rest = callbackData.AsSpan(Prefix.Length);
        var dot = rest.IndexOf('.');
        var n = 0;
        if (dot >= 0 && (!int.TryParse(rest[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out n) || n == 0)) return null;
        return long.TryParse(dot >= 0 ? rest[..dot] : rest, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? (id, n) : null;
    }

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
