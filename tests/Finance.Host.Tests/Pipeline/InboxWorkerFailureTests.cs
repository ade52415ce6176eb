namespace Finance.Host.Tests.Pipeline;

public sealed class InboxWorkerFailureTests
{
    [Fact]
    public async Task A_message_that_keeps_failing_is_dead_lettered_and_the_user_is_told_it_was_not_booked()
    {
        await using var host = new OwnedHost(new()
        {
            ["Finance:Pipeline:MaxAttempts"] = "3",
            ["Finance:Pipeline:FirstRetryDelay"] = "00:00:00.020",
        });
        await host.InitializeAsync();
        await host.Value.SayAsync(2001, "/start"); // the user exists; now make every booking fail
        await host.Value.ExecuteAsync("REVOKE INSERT ON transactions FROM finance_app");

        var reply = await host.Value.SayAsync(2001, "coffee 4.50");

        Assert.Contains("NOT booked", reply);
        Assert.Contains("coffee 4.50", reply);
        Assert.Equal(("dead", 3), (await host.Value.EventuallyAsync("SELECT status FROM inbox ORDER BY id DESC LIMIT 1", "dead"),
            await host.Value.ScalarAsync<int>("SELECT attempts FROM inbox ORDER BY id DESC LIMIT 1")));
        Assert.Equal(0L, await host.Value.ScalarAsync<long>("SELECT count(*) FROM transactions"));
    }

    [Fact]
    public async Task A_failing_reply_is_retried_and_the_booking_is_not_repeated()
    {
        await using var host = new OwnedHost(new() { ["Finance:Pipeline:FirstRetryDelay"] = "00:00:00.020" });
        await host.InitializeAsync();
        // More failures than the channel's own retries absorb, so the worker has to retry the reply too.
        host.Value.Telegram.FailNext("sendMessage", 6, errorCode: 500);

        var reply = await host.Value.SayAsync(2002, "coffee 4.50");

        Assert.Contains("$4.50", reply);
        Assert.Equal(1L, await host.Value.ScalarAsync<long>("SELECT count(*) FROM transactions"));
        Assert.Equal("done", await host.Value.EventuallyAsync("SELECT status FROM inbox", "done"));
        Assert.True(await host.Value.ScalarAsync<int>("SELECT attempts FROM inbox") >= 2);
    }

    [Fact]
    public async Task A_host_stopped_mid_batch_loses_nothing_and_books_nothing_twice()
    {
        // A short lease (with readings quick enough to fit in it: checked at start), so the fresh host takes over soon.
        await using var host = new OwnedHost(new()
        {
            ["Finance:Pipeline:Lease"] = "00:00:06",
            ["Finance:Media:RecognitionTimeout"] = "00:00:01",
            ["Finance:Media:DecodeTimeout"] = "00:00:01",
        });
        host.Value.StartHostOnInitialize = false;
        await host.InitializeAsync();
        const int messages = 40;
        var first = host.Value.StartHost();
        var client = first.CreateClient();
        for (var i = 0; i < messages; i++)
            (await host.Value.PostAsync(FinanceHost.TextUpdate(3000 + i % 8, $"coffee {i + 1}"), client: client)).EnsureSuccessStatusCode();
        await host.Value.Telegram.WaitForAsync("sendMessage", 1);
        await first.DisposeAsync(); // stops its worker mid-batch: some rows are claimed and leased

        host.Value.StartHost(); // a fresh host on the same database takes over once the leases expire
        Assert.Equal(messages, await host.Value.EventuallyAsync(
            "SELECT count(*) FROM inbox WHERE status = 'done'", (long)messages, TimeSpan.FromSeconds(30)));

        Assert.Equal(messages, await host.Value.ScalarAsync<long>("SELECT count(*) FROM transactions"));
        Assert.Equal(messages, await host.Value.ScalarAsync<long>("SELECT count(DISTINCT amount) FROM transactions"));
        var answered = Enumerable.Range(3000, 8).SelectMany(chat => host.Value.RepliesTo(chat)).Distinct().Count();
        Assert.Equal(messages, answered); // every message answered (a reply may repeat, never go missing)
    }

    /// <summary>A host of this test's own, so its failure injection cannot touch other tests.</summary>
    private sealed class OwnedHost(Dictionary<string, string?> settings) : IAsyncDisposable
    {
        public FinanceHost Value { get; } = new();

        public Task InitializeAsync()
        {
            foreach (var (key, value) in settings) Value.Settings[key] = value;
            return Value.InitializeAsync();
        }

        public async ValueTask DisposeAsync() => await Value.DisposeAsync();
    }
}
