using System.Text.Json;
using Dapper;
using Finance.Core;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Finance.Channels.WebChat;

/// <summary>
/// Every chat's latest replies, in PostgreSQL: whichever host handled the message stores the reply, and whichever
/// host the page's event stream is connected to reads it. An insert notifies (NOTIFY, at commit) the hosts'
/// <see cref="WebChatReplyListener"/>, which wakes the streams of that chat.
/// </summary>
public sealed class WebChatReplies(NpgsqlDataSource database, ReplySignals signals, IOptions<WebChatOptions> options, TimeProvider time)
{
    public const string NotifyChannel = "web_chat_reply";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Stores the reply under the chat's next id (only the latest <see cref="WebChatOptions.RepliesPerChat"/>
    /// are kept) and wakes the chat's streams on every host.</summary>
    public async Task<WebChatReply> AddAsync(string chatId, OutboundReply reply, string? photoUrl, CancellationToken cancellationToken)
    {
        var sentAt = time.GetUtcNow();
        var stored = new WebChatReply(0, reply.Text, reply.Buttons, photoUrl, reply.ReplyToMessageId, sentAt,
            reply.Document is { } d ? $"data:{d.MimeType};base64,{Convert.ToBase64String(d.Content)}" : null, reply.Document?.FileName);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        while (true)
        {
            // The next id comes from the chat's last one, so ids increase in commit order: a stream that has seen an
            // id never misses a smaller one committed later. A host adding to the same chat at the same moment takes
            // the same id; one of the two inserts nothing and tries again.
            var id = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition("""
                WITH next AS (
                    SELECT greatest(coalesce(max(id), 0) + 1, @floor) AS id FROM web_chat_replies WHERE chat_id = @chatId),
                added AS (
                    INSERT INTO web_chat_replies (chat_id, id, reply, sent_at)
                    SELECT @chatId, id, @reply::jsonb, @sentAt FROM next
                    ON CONFLICT DO NOTHING
                    RETURNING id),
                trimmed AS (
                    DELETE FROM web_chat_replies
                    WHERE chat_id = @chatId AND EXISTS (SELECT FROM added) AND id <= (
                        SELECT id FROM web_chat_replies WHERE chat_id = @chatId ORDER BY id DESC OFFSET @keep - 1 LIMIT 1))
                SELECT id, pg_notify(@channel, @chatId) FROM added
                """, new
            {
                chatId,
                // Milliseconds since the epoch as a floor: a page whose cursor is older than the chat's trimmed
                // replies (or than this table) still sees what comes next.
                floor = sentAt.ToUnixTimeMilliseconds(),
                reply = JsonSerializer.Serialize(stored, Json),
                sentAt,
                keep = options.Value.RepliesPerChat,
                channel = NotifyChannel,
            }, cancellationToken: cancellationToken));
            if (id is { } added)
            {
                signals.Wake(chatId); // this host's streams need not wait for the notification's round trip
                return stored with { Id = added };
            }
        }
    }

    /// <summary>The chat's replies after <paramref name="afterId"/>, oldest first.</summary>
    public async Task<IReadOnlyList<WebChatReply>> AfterAsync(string chatId, long afterId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string Reply)>(new CommandDefinition("""
            SELECT id, reply::text FROM web_chat_replies WHERE chat_id = @chatId AND id > @afterId ORDER BY id
            """, new { chatId, afterId }, cancellationToken: cancellationToken));
        return rows.Select(r => JsonSerializer.Deserialize<WebChatReply>(r.Reply, Json)! with { Id = r.Id }).ToList();
    }

    /// <summary>Forgets replies older than <see cref="WebChatOptions.ReplyLifetime"/> (chats whose page went away).</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM web_chat_replies WHERE sent_at < @cutoff",
            new { cutoff = time.GetUtcNow() - options.Value.ReplyLifetime }, cancellationToken: cancellationToken));
    }
}
