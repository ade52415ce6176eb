using Finance.Conversation.Summaries;
using SkiaSharp;

namespace Finance.Jobs.Tests.WeeklySummary;

public sealed class WeeklySummaryNoticeTests
{
    private static readonly DateTimeOffset Saturday = new(2026, 10, 24, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_summary_goes_out_once_a_week_at_nine_local_in_each_contexts_zone_across_daylight_saving_changes()
    {
        // London leaves summer time on Oct 25 2026, New York on Nov 1: three Mondays straddle both changes.
        await using var world = await JobsHost.StartAsync(Saturday);
        await world.AddContextAsync(501, "Europe/London", createdAt: Saturday);
        await world.AddContextAsync(502, "America/New_York", createdAt: Saturday);
        var work = world.NewDueWork();
        var sentAt = new Dictionary<long, List<DateTimeOffset>> { [501] = [], [502] = [] };

        for (var now = Saturday; now < Saturday.AddDays(18); now = now.AddHours(1))
        {
            world.Clock.Set(now);
            await work.RunAsync(CancellationToken.None);
            foreach (var chat in sentAt.Keys)
                while (world.SentTo(chat).Count > sentAt[chat].Count) sentAt[chat].Add(now);
        }

        Assert.Equal(
            [Utc(2026, 10, 26, 9), Utc(2026, 11, 2, 9), Utc(2026, 11, 9, 9)],  // GMT after Oct 25
            sentAt[501]);
        Assert.Equal(
            [Utc(2026, 10, 26, 13), Utc(2026, 11, 2, 14), Utc(2026, 11, 9, 14)], // EDT, then EST from Nov 1
            sentAt[502]);
    }

    [Fact]
    public async Task A_host_that_was_down_on_monday_sends_this_weeks_summary_once_when_back_and_no_older_ones()
    {
        await using var world = await JobsHost.StartAsync(Utc(2026, 11, 19, 15)); // Thursday
        await world.AddContextAsync(503, "Europe/Lisbon");
        var work = world.NewDueWork();

        await work.RunAsync(CancellationToken.None);
        world.Clock.Advance(TimeSpan.FromHours(5));
        await work.RunAsync(CancellationToken.None);

        var sent = Assert.Single(world.SentTo(503));
        Assert.Contains("Nov 9 – Nov 15", JobsHost.TextOf(sent));
    }

    [Fact]
    public async Task A_context_created_after_mondays_moment_waits_for_next_week()
    {
        await using var world = await JobsHost.StartAsync(Utc(2026, 11, 18, 12));
        await world.AddContextAsync(504, "Europe/Lisbon", createdAt: Utc(2026, 11, 17, 8));
        var work = world.NewDueWork();

        await work.RunAsync(CancellationToken.None);
        world.Clock.Set(Utc(2026, 11, 23, 9));
        await work.RunAsync(CancellationToken.None);

        Assert.Single(world.SentTo(504));
    }

    [Fact]
    public async Task Two_scans_running_at_once_send_each_contexts_summary_once()
    {
        await using var world = await JobsHost.StartAsync(Utc(2026, 11, 23, 12));
        var chats = Enumerable.Range(510, 6).Select(i => (long)i).ToList();
        foreach (var chat in chats)
        {
            var context = await world.AddContextAsync(chat, "Europe/Lisbon");
            await world.BookAsync(context, new DateOnly(2026, 11, 17), 20, "dining", "cafe");
        }
        var (first, second) = (world.NewDueWork(), world.NewDueWork());

        await Task.WhenAll(first.RunAsync(CancellationToken.None), second.RunAsync(CancellationToken.None),
            first.RunAsync(CancellationToken.None), second.RunAsync(CancellationToken.None));

        foreach (var chat in chats) Assert.Single(world.SentTo(chat));
        Assert.Equal(6L, await world.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE status = 'sent'"));
    }

    [Fact]
    public async Task The_summary_has_totals_changes_top_places_budgets_due_subscriptions_and_a_chart_photo()
    {
        await using var world = await JobsHost.StartAsync(Utc(2026, 11, 23, 9, 30)); // Monday, London = UTC
        var context = await world.AddContextAsync(520, "Europe/London");
        await world.BookAsync(context, new DateOnly(2026, 11, 10), 100, "dining", "nandos");
        await world.BookAsync(context, new DateOnly(2026, 11, 17), 90, "dining", "nandos");
        await world.BookAsync(context, new DateOnly(2026, 11, 18), 30, "dining", "pret");
        await world.BookAsync(context, new DateOnly(2026, 11, 19), 80, "groceries", "tesco");
        await world.BookAsync(context, new DateOnly(2026, 11, 20), 2000, "income", direction: "income");
        await world.ExecuteAsync("""
            INSERT INTO budgets (context_id, category, amount, currency) VALUES (@context, 'dining', 800, 'USD');
            INSERT INTO subscriptions (context_id, name, merchant, amount, currency, cadence, next_due)
            VALUES (@context, 'Netflix', 'netflix', 15.49, 'USD', 'monthly', '2026-11-25');
            """, new() { ["context"] = context });

        await world.NewDueWork().RunAsync(CancellationToken.None);

        var sent = Assert.Single(world.SentTo(520, "📊"));
        Assert.Equal("sendPhoto", sent.Method);
        var text = JobsHost.TextOf(sent);
        Assert.Contains("Nov 16 – Nov 22", text);
        Assert.Contains("Spent: $200.00", text);
        Assert.Contains("Earned: $2,000.00", text);
        Assert.Contains("dining: $120.00 (2) ↑ 20%", text);
        Assert.Contains("groceries: $80.00 (1) new", text);
        Assert.Contains("Top places: Nandos $90.00 · Tesco $80.00 · Pret $30.00", text);
        Assert.Contains("dining: $220.00 of $800.00 (28%)", text); // the month so far, Nov 1–23
        Assert.Contains("Netflix $15.49", text);
        using var chart = SKBitmap.Decode(sent.Files.Values.Single());
        Assert.Equal(SpendingChart.Width, chart.Width);
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}
