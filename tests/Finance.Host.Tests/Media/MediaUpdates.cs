using System.Text.Json.Nodes;

namespace Finance.Host.Tests.Media;

/// <summary>Telegram updates carrying a voice note, a photo or a document, and waiting for their answers.</summary>
public static class MediaUpdates
{
    private static long nextId = 800_000;

    /// <summary>Posts the update, waits until its inbox row is done, and returns the replies it got.</summary>
    public static async Task<IReadOnlyList<string>> SendAndWaitAsync(this FinanceHost host, long chatId, JsonObject update)
    {
        var before = host.RepliesTo(chatId).Count;
        (await host.PostAsync(update)).EnsureSuccessStatusCode();
        Assert.Equal("done", await host.EventuallyAsync(
            $"SELECT status FROM inbox WHERE external_id = '{update["update_id"]}'", "done", TimeSpan.FromSeconds(30)));
        return host.RepliesTo(chatId).Skip(before).ToList();
    }

    public static string BookedBy(long chatId, string what) =>
        $"SELECT {what} FROM transactions t JOIN channel_identities i ON i.user_id = t.created_by WHERE i.external_user_id = '{chatId}' AND t.deleted_at IS NULL";

    public static JsonObject Voice(long chatId, string fileId, int seconds, string languageCode = "en", bool reportSize = true)
    {
        var voice = new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = "U" + fileId, ["duration"] = seconds, ["mime_type"] = "audio/ogg" };
        if (reportSize) voice["file_size"] = 4096;
        return Message(chatId, languageCode, "voice", voice);
    }

    public static JsonObject Photo(long chatId, string fileId, int width, int height) =>
        Message(chatId, "en", "photo", new JsonArray(
            new JsonObject { ["file_id"] = "thumb" + fileId, ["file_unique_id"] = "T" + fileId, ["width"] = 90, ["height"] = 90 * height / width },
            new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = "U" + fileId, ["width"] = width, ["height"] = height }));

    public static JsonObject Document(long chatId, string fileId, string mimeType, string fileName) =>
        Message(chatId, "en", "document", new JsonObject
        {
            ["file_id"] = fileId, ["file_unique_id"] = "U" + fileId, ["file_name"] = fileName, ["mime_type"] = mimeType,
        });

    public static JsonObject Message(long chatId, string languageCode, string field, JsonNode media) => new()
    {
        ["update_id"] = Interlocked.Increment(ref nextId),
        ["message"] = new JsonObject
        {
            ["message_id"] = Interlocked.Increment(ref nextId),
            ["from"] = new JsonObject { ["id"] = chatId, ["is_bot"] = false, ["first_name"] = "Ana", ["language_code"] = languageCode },
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private", ["first_name"] = "Ana" },
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            [field] = media,
        },
    };
}
