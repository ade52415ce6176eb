using Finance.Core;
using Microsoft.Extensions.Options;

namespace Finance.Channels.WebChat;

/// <summary>Files posted from the page, held in memory until the pipeline downloads them (the other channels keep
/// files on their servers; the web chat has only this). Bounded in time and in total bytes; the oldest go first.</summary>
public sealed class WebChatUploads(IOptions<WebChatOptions> options, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Upload> uploads = [];
    private readonly LinkedList<string> oldestFirst = new();
    private long heldBytes;

    public long HeldBytes
    {
        get { lock (gate) return heldBytes; }
    }

    /// <summary>Stores the bytes and returns the file id that <see cref="TryGet"/> finds them by.</summary>
    public string Add(byte[] bytes)
    {
        var fileId = WebChatIds.NewFileId();
        var limit = options.Value.MaxHeldUploadBytes;
        if (bytes.Length > limit) throw new MediaTooLargeException($"The file has {bytes.Length} bytes; uploads held at once may total {limit}.");
        lock (gate)
        {
            DropExpired();
            while (heldBytes + bytes.Length > limit && oldestFirst.First is { } oldest) Drop(oldest.Value);
            uploads[fileId] = new Upload(bytes, time.GetUtcNow(), oldestFirst.AddLast(fileId));
            heldBytes += bytes.Length;
        }
        return fileId;
    }

    public bool TryGet(string fileId, out byte[] bytes)
    {
        lock (gate)
        {
            DropExpired();
            bytes = uploads.TryGetValue(fileId, out var upload) ? upload.Bytes : [];
            return upload is not null;
        }
    }

    public void Remove(string fileId)
    {
        lock (gate) Drop(fileId);
    }

    private void DropExpired()
    {
        var cutoff = time.GetUtcNow() - options.Value.UploadLifetime;
        while (oldestFirst.First is { } oldest && uploads[oldest.Value].StoredAt <= cutoff) Drop(oldest.Value);
    }

    private void Drop(string fileId)
    {
        if (!uploads.Remove(fileId, out var upload)) return;
        oldestFirst.Remove(upload.Node);
        heldBytes -= upload.Bytes.Length;
    }

    private sealed record Upload(byte[] Bytes, DateTimeOffset StoredAt, LinkedListNode<string> Node);
}
