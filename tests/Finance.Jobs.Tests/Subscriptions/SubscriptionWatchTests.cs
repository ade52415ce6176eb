using Finance.Ledger;
using Finance.Ledger.Buttons;

namespace Finance.Jobs.Tests.Subscriptions;

public sealed class SubscriptionWatchTests
{
    [Fact]
    public async Task The_reminder_comes_two_days_before_the_due_date_at_nine_and_only_once()
    {
        // Sao Paulo is UTC-3 all year: 09:00 local is 12:00 UTC.
        await using var world = await JobsHost.StartAsync(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero));
        var context = await world.AddContextAsync(701, "America/Sao_Paulo", "BRL", "pt", createdAt: new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero));
        await world.ExecuteAsync("""
            INSERT INTO subscriptions (context_id, name, merchant, amount, currency, cadence, next_due)
            VALUES (@context, 'Netflix', 'netflix', 55.90, 'BRL', 'monthly', '2026-12-05');
            """, new() { ["context"] = context });
        var work = world.NewDueWork();
        var sentAt = new List<DateTimeOffset>();

        for (var now = world.Clock.GetUtcNow(); now.Day != 6; now = now.AddHours(1))
        {
            world.Clock.Set(now);
            await work.RunAsync(CancellationToken.None);
            while (world.SentTo(701, "⏰").Count > sentAt.Count) sentAt.Add(now);
        }

        Assert.Equal([new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero)], sentAt);
        Assert.Equal("⏰ Netflix renova em 2 dia(s), 05/12: R$ 55,90.", JobsHost.TextOf(world.SentTo(701, "⏰")[0]));
    }

    [Fact]
    public async Task A_charge_moves_the_due_date_on_and_a_new_price_gets_a_note()
    {
        await using var world = await JobsHost.StartAsync(new DateTimeOffset(2026, 12, 5, 15, 0, 0, TimeSpan.Zero));
        var context = await world.AddContextAsync(702, "America/New_York", createdAt: new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero));
        await world.ExecuteAsync("""
            INSERT INTO subscriptions (context_id, name, merchant, amount, currency, cadence, next_due, remind_days)
            VALUES (@context, 'Netflix', 'netflix', 15.49, 'USD', 'monthly', '2026-12-05', 0);
            """, new() { ["context"] = context });
        await world.BookAsync(context, new DateOnly(2026, 12, 5), 17.99m, "subscriptions", "netflix");
        var work = world.NewDueWork();

        await work.RunAsync(CancellationToken.None);
        await work.RunAsync(CancellationToken.None);

        Assert.Equal("ℹ️ Netflix charged $17.99; it usually costs $15.49.", JobsHost.TextOf(Assert.Single(world.SentTo(702))));
        Assert.Equal(new DateTime(2027, 1, 5), await world.ScalarAsync<DateTime>("SELECT next_due::timestamp FROM subscriptions"));
        Assert.Equal(17.99m, await world.ScalarAsync<decimal>("SELECT amount FROM subscriptions"));
    }

    [Fact]
    public async Task A_detected_subscription_is_offered_once_with_buttons_to_track_it()
    {
        await using var world = await JobsHost.StartAsync(new DateTimeOffset(2026, 11, 24, 15, 0, 0, TimeSpan.Zero));
        var context = await world.AddContextAsync(703, "America/New_York", createdAt: new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));
        foreach (var month in new[] { 8, 9, 10, 11 })
            await world.BookAsync(context, new DateOnly(2026, month, 12), 11.99m, "subscriptions", "spotify");
        await world.BookAsync(context, new DateOnly(2026, 11, 3), 4.50m, "dining", "starbucks");
        var work = world.NewDueWork();

        await work.RunAsync(CancellationToken.None);
        world.Clock.Advance(TimeSpan.FromDays(1));
        await work.RunAsync(CancellationToken.None);

        var offer = Assert.Single(world.SentTo(703));
        Assert.Equal("🔁 Looks like Spotify $11.99 every month — track it?", JobsHost.TextOf(offer));
        var buttons = offer.JsonField("reply_markup")!["inline_keyboard"]![0]!.AsArray();
        // A button carries the id of its stored action; the action is kept for this chat only.
        Assert.Equal("/subs add 11.99 USD monthly spotify", await ActionAsync(buttons[0]!["callback_data"]!.GetValue<string>()));
        Assert.Equal("/subs ignore spotify", await ActionAsync(buttons[1]!["callback_data"]!.GetValue<string>()));

        async Task<string?> ActionAsync(string data)
        {
            await using var session = await LedgerSession.BeginAsync(world.Database.DataSource, default);
            return await new ButtonActionStore(world.Database.DataSource).FindAsync(session, "telegram", "703", data);
        }
    }
}
