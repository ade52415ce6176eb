using Finance.Host.Pipeline;
using Finance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Host.Tests.Pipeline;

/// <summary>The per-sender limit on a host whose clock the test holds still, so a flood falls in one minute however
/// long it takes to handle.</summary>
public sealed class SenderRateLimitTests : IAsyncLifetime
{
    private readonly ManualClock clock = new(new DateTimeOffset(2026, 11, 25, 14, 30, 10, TimeSpan.Zero));
    private readonly FinanceHost host = new();

    public Task InitializeAsync()
    {
        host.Services = services => services.AddSingleton<TimeProvider>(clock);
        return host.InitializeAsync();
    }

    public Task DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task A_flood_from_one_sender_is_refused_once_politely_and_others_are_still_answered()
    {
        var flood = Enumerable.Range(0, 70).Select(i => FinanceHost.TextUpdate(4051, $"coffee {i + 1}")).ToList();
        foreach (var update in flood) (await host.PostAsync(update)).EnsureSuccessStatusCode();

        Assert.Contains("$2.50", await host.SayAsync(4052, "coffee 2.50"));
        await host.EventuallyAsync("SELECT count(*) FROM inbox WHERE chat_id = '4051' AND status = 'done'", 70L);

        Assert.Equal(60L, await BookedByAsync(4051));
        Assert.Single(host.RepliesTo(4051), r => r.Contains("faster than I can book"));
        Assert.Equal(61, host.RepliesTo(4051).Count);
    }

    [Fact]
    public async Task A_sender_refused_in_one_minute_is_answered_again_in_the_next()
    {
        for (var i = 0; i < 61; i++) (await host.PostAsync(FinanceHost.TextUpdate(4061, $"tea {i + 1}", "pt"))).EnsureSuccessStatusCode();
        await host.EventuallyAsync("SELECT count(*) FROM inbox WHERE chat_id = '4061' AND status = 'done'", 61L);
        Assert.Single(host.RepliesTo(4061), r => r.Contains("mais rápido do que consigo anotar"));

        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Contains("R$", await host.SayAsync(4061, "chá 3", "pt"));
        Assert.Equal(61L, await BookedByAsync(4061));
    }

    [Fact]
    public async Task Counts_of_past_minutes_and_button_actions_past_their_lifetime_are_swept()
    {
        Assert.Contains("$3.00", await host.SayAsync(4071, "coffee 3"));
        await host.ExecuteAsync("UPDATE button_actions SET created_at = created_at - interval '91 days' WHERE chat_id = '4071'");
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Contains("$4.00", await host.SayAsync(4072, "tea 4"));

        var swept = await host.FirstHostServices.GetRequiredService<PipelineSweep>().SweepAsync(default);

        // 4071's count is of a minute that has passed, and its reply's buttons (one row) are older than the 90 days they work for.
        Assert.Equal(2, swept);
        Assert.Equal(["telegram:4072"], await host.ScalarAsync<string[]>("SELECT array_agg(sender) FROM sender_rate"));
        Assert.Equal(["4072"], await host.ScalarAsync<string[]>("SELECT array_agg(chat_id) FROM button_actions"));
        Assert.Contains("$5.00", await host.SayAsync(4071, "coffee 5"));
    }

    private Task<long> BookedByAsync(long chatId) => host.ScalarAsync<long>($"""
        SELECT count(*) FROM transactions t JOIN channel_identities i ON i.user_id = t.created_by
        WHERE i.external_user_id = '{chatId}'
        """);
}
