using Finance.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Host.Tests.Pipeline;

/// <summary>The host on a clock in the middle of a month: on a month's first day "the month so far" is that one day,
/// which gets the day's title, so a real clock made these tests fail on the 1st.</summary>
public sealed class MidMonthHost : IAsyncLifetime
{
    public FinanceHost Host { get; } = new();

    public Task InitializeAsync()
    {
        Host.Services = services => services.AddSingleton<TimeProvider>(new ManualClock(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero)));
        return Host.InitializeAsync();
    }

    public Task DisposeAsync() => Host.DisposeAsync();
}

public sealed class SubscriptionsAndBudgetsTests(MidMonthHost fixture) : IClassFixture<MidMonthHost>
{
    private readonly FinanceHost host = fixture.Host;

    [Fact]
    public async Task A_subscription_said_in_free_text_is_tracked_not_booked_and_listed_with_its_monthly_total()
    {
        var tracked = await host.SayAsync(2001, "netflix 15.49 monthly");
        await host.SayAsync(2001, "/subs add 119 yearly amazon prime");

        var list = await host.SayAsync(2001, "/subscriptions");

        Assert.Contains("Tracking Netflix: $15.49 monthly", tracked);
        Assert.Contains("Netflix $15.49 monthly · next", list);
        Assert.Contains("Amazon Prime $119.00 yearly", list);
        Assert.Contains("Monthly total: $25.41", list);
        Assert.Equal(0L, await host.ScalarAsync<long>(
            "SELECT count(*) FROM transactions t JOIN channel_identities i ON i.user_id = t.created_by WHERE i.external_user_id = '2001'"));
    }

    [Fact]
    public async Task A_budget_is_set_per_category_and_shows_this_months_progress()
    {
        await host.SayAsync(2002, "dinner 120 at nandos");
        var set = await host.SayAsync(2002, "/budget dining 800");

        var progress = await host.SayAsync(2002, "/budget");

        Assert.Contains("dining budget: $800.00 a month", set);
        Assert.Contains("dining: $120.00 of $800.00 (15%)", progress);
    }

    [Fact]
    public async Task Summary_month_covers_the_month_so_far_and_comes_with_the_chart()
    {
        await host.SayAsync(2003, "groceries 80 at walmart");

        var summary = await host.SayAsync(2003, "/summary month");

        Assert.Contains("Month of", summary);
        Assert.Contains("groceries: $80.00 (1)", summary);
        Assert.Contains(host.Telegram.CallsTo("sendPhoto"), c => c.Field("chat_id") == "2003");
    }
}
