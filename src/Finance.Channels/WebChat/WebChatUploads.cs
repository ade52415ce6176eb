using Dapper;
using Finance.Core;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Finance.Channels.WebChat;

/// <summary>Files posted from the page, in PostgreSQL until the pipeline (on whichever host claims the message)
/// downloads them; the other channels keep files on their servers, the web chat has only this. Bounded in time
/// (<see cref="WebChatOptions.UploadLifetime"/>) and in total bytes (<see cref="WebChatOptions.MaxHeldUploadBytes"/>):
/// only as many of the oldest go as make room for a new one.</summary>
public sealed class WebChatUploads(NpgsqlDataSource database, IOptions<WebChatOptions> options, TimeProvider time)
{
    // Any constant: it only makes two hosts' uploads take turns at making room, so the total stays within the limit.
    private const long RoomLockKey = 0x57656243686174;

    /// <summary>Stores the bytes and returns the file id that <see cref="GetAsync"/> finds them by.</summary>
    public async Task<string> AddAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxHeldUploadBytes;
        if (bytes.Length > limit) throw new MediaTooLargeException($"The file has {bytes.Length} bytes; uploads held at once may total {limit}.");
        var fileId = WebChatIds.NewFileId();
        var now = time.GetUtcNow();
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        // One command, one implicit transaction: expired ones go, then the oldest until the new one fits.
        await connection.ExecuteAsync(new CommandDefinition("""
            SELECT pg_advisory_xact_lock(@RoomLockKey);
            DELETE FROM web_chat_uploads WHERE stored_at <= @cutoff;
            DELETE FROM web_chat_uploads WHERE seq IN (
                SELECT seq FROM (SELECT seq, sum(size) OVER (ORDER BY seq DESC) AS newer FROM web_chat_uploads) held
                WHERE newer > @room);
            INSERT INTO web_chat_uploads (file_id, content, size, stored_at) VALUES (@fileId, @bytes, @size, @now);
            """, new
        {
            RoomLockKey,
            cutoff = now - options.Value.UploadLifetime,
            room = limit - bytes.Length,
            fileId,
            bytes,
            size = bytes.Length,
            now,
        }, cancellationToken: cancellationToken));
        return fileId;
    }

    /// <summary>The file's bytes, or null when it expired or made room for newer ones.</summary>
    public async Task<byte[]?> GetAsync(string fileId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<byte[]>(new CommandDefinition(
            "SELECT content FROM web_chat_uploads WHERE file_id = @fileId AND stored_at > @cutoff",
            new { fileId, cutoff = time.GetUtcNow() - options.Value.UploadLifetime }, cancellationToken: cancellationToken));
    }

    public async Task RemoveAsync(string fileId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM web_chat_uploads WHERE file_id = @fileId", new { fileId }, cancellationToken: cancellationToken));
    }

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM web_chat_uploads WHERE stored_at <= @cutoff",
            new { cutoff = time.GetUtcNow() - options.Value.UploadLifetime }, cancellationToken: cancellationToken));
    }
}
