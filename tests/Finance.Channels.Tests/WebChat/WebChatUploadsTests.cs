using Finance.Channels.WebChat;
using Finance.Core;
using Microsoft.Extensions.Options;

namespace Finance.Channels.Tests.WebChat;

public sealed class WebChatUploadsTests
{
    private readonly ManualTime time = new(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));

    private WebChatUploads Uploads(long maxHeldBytes = 1024) => new(Options.Create(new WebChatOptions
    {
        MaxHeldUploadBytes = maxHeldBytes,
        UploadLifetime = TimeSpan.FromMinutes(15),
    }), time);

    [Fact]
    public async Task An_upload_past_its_lifetime_cannot_be_downloaded()
    {
        var uploads = Uploads();
        var channel = new WebChatChannel(new WebChatMailboxes(Options.Create(new WebChatOptions()), time), uploads, time);
        var fileId = uploads.Add([1, 2, 3]);
        var media = new MediaAttachment(MediaKind.Photo, fileId);

        Assert.Equal([1, 2, 3], await channel.DownloadAsync(media, 100, CancellationToken.None));
        time.Now += TimeSpan.FromMinutes(16);

        await Assert.ThrowsAsync<InvalidOperationException>(() => channel.DownloadAsync(media, 100, CancellationToken.None));
        Assert.Equal(0, uploads.HeldBytes);
    }

    [Fact]
    public void Only_as_many_of_the_oldest_uploads_go_as_make_room_for_a_new_one()
    {
        var uploads = Uploads(maxHeldBytes: 10);

        var first = uploads.Add(new byte[6]);
        var second = uploads.Add(new byte[3]);
        var third = uploads.Add(new byte[6]);

        Assert.False(uploads.TryGet(first, out _));
        Assert.True(uploads.TryGet(second, out _));
        Assert.True(uploads.TryGet(third, out var bytes));
        Assert.Equal(6, bytes.Length);
        Assert.Equal(9, uploads.HeldBytes);
    }

    [Fact]
    public void File_ids_are_unguessable_and_distinct()
    {
        var uploads = Uploads();

        var ids = Enumerable.Range(0, 100).Select(_ => uploads.Add([1])).ToHashSet();

        Assert.Equal(100, ids.Count);
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
    }
}
