using Finance.Channels.WebChat;
using Finance.Core;
using Finance.Testing;
using Microsoft.Extensions.Options;

namespace Finance.Channels.Tests.WebChat;

public sealed class WebChatUploadsTests : IAsyncLifetime
{
    private readonly LedgerDatabase database = new();
    private readonly ManualClock time = new(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));

    public Task InitializeAsync() => database.InitializeAsync();

    public Task DisposeAsync() => database.DisposeAsync();

    private WebChatUploads Uploads(long maxHeldBytes = 1024) => new(database.DataSource, Options.Create(new WebChatOptions
    {
        MaxHeldUploadBytes = maxHeldBytes,
        UploadLifetime = TimeSpan.FromMinutes(15),
    }), time);

    [Fact]
    public async Task An_upload_past_its_lifetime_cannot_be_downloaded_and_the_sweep_deletes_it()
    {
        var uploads = Uploads();
        var replies = new WebChatReplies(database.DataSource, new ReplySignals(), Options.Create(new WebChatOptions()), time);
        var channel = new WebChatChannel(replies, uploads);
        var fileId = await uploads.AddAsync([1, 2, 3], CancellationToken.None);
        var media = new MediaAttachment(MediaKind.Photo, fileId);

        Assert.Equal([1, 2, 3], await channel.DownloadAsync(media, 100, CancellationToken.None));
        time.Advance(TimeSpan.FromMinutes(16));

        await Assert.ThrowsAsync<InvalidOperationException>(() => channel.DownloadAsync(media, 100, CancellationToken.None));
        Assert.Equal(1, await uploads.SweepAsync(CancellationToken.None));
        Assert.Equal(0L, await HeldBytesAsync());
    }

    [Fact]
    public async Task Only_as_many_of_the_oldest_uploads_go_as_make_room_for_a_new_one()
    {
        var uploads = Uploads(maxHeldBytes: 10);

        var first = await uploads.AddAsync(new byte[6], CancellationToken.None);
        var second = await uploads.AddAsync(new byte[3], CancellationToken.None);
        var third = await uploads.AddAsync(new byte[6], CancellationToken.None);

        Assert.Null(await uploads.GetAsync(first, CancellationToken.None));
        Assert.NotNull(await uploads.GetAsync(second, CancellationToken.None));
        Assert.Equal(6, (await uploads.GetAsync(third, CancellationToken.None))!.Length);
        Assert.Equal(9L, await HeldBytesAsync());
    }

    [Fact]
    public async Task An_upload_stored_through_one_host_is_downloaded_through_another()
    {
        var (one, other) = (Uploads(), Uploads());

        var fileId = await one.AddAsync([9, 8, 7], CancellationToken.None);

        Assert.Equal([9, 8, 7], await other.GetAsync(fileId, CancellationToken.None));
    }

    [Fact]
    public async Task File_ids_are_unguessable_and_distinct()
    {
        var uploads = Uploads();

        var ids = new HashSet<string>();
        for (var i = 0; i < 50; i++) ids.Add(await uploads.AddAsync([1], CancellationToken.None));

        Assert.Equal(50, ids.Count);
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
    }

    private async Task<long> HeldBytesAsync()
    {
        await using var command = database.DataSource.CreateCommand("SELECT coalesce(sum(size), 0) FROM web_chat_uploads");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
