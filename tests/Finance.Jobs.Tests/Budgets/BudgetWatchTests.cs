namespace Finance.Jobs.Tests.Budgets;

public sealed class BudgetWatchTests
{
    [Fact]
    public async Task Alerts_come_at_80_and_100_percent_once_each_per_month()
    {
        await using var world = await JobsHost.StartAsync(new DateTimeOffset(2026, 11, 10, 20, 0, 0, TimeSpan.Zero));
        var context = await world.AddContextAsync(801, "Europe/London", createdAt: new DateTimeOffset(2026, 11, 9, 0, 0, 0, TimeSpan.Zero));
        await world.ExecuteAsync("INSERT INTO budgets (context_id, category, amount, currency) VALUES (@context, 'dining', 800, 'USD')",
            new() { ["context"] = context });
        var work = world.NewDueWork();

        await world.BookAsync(context, new DateOnly(2026, 11, 3), 500, "dining");
        await work.RunAsync(CancellationToken.None);
        Assert.Empty(world.SentTo(801, "🟠", "🔴"));

        await world.BookAsync(context, new DateOnly(2026, 11, 10), 150, "dining");
        await work.RunAsync(CancellationToken.None);
        await work.RunAsync(CancellationToken.None);
        Assert.Equal(["🟠 81% of your dining budget used: $650.00 of $800.00."], world.SentTo(801, "🟠", "🔴").Select(JobsHost.TextOf));

        await world.BookAsync(context, new DateOnly(2026, 11, 10), 200, "dining");
        await work.RunAsync(CancellationToken.None);
        await work.RunAsync(CancellationToken.None);
        Assert.Equal("🔴 You've spent $850.00 of your $800.00 dining budget this month.", JobsHost.TextOf(world.SentTo(801, "🟠", "🔴")[^1]));
        Assert.Equal(2, world.SentTo(801, "🟠", "🔴").Count);

        // December starts afresh: 80 % again is news again.
        await world.BookAsync(context, new DateOnly(2026, 12, 2), 700, "dining");
        world.Clock.Set(new DateTimeOffset(2026, 12, 2, 20, 0, 0, TimeSpan.Zero));
        await work.RunAsync(CancellationToken.None);
        Assert.Equal(3, world.SentTo(801, "🟠", "🔴").Count);
    }

    [Fact]
    public async Task A_food_budget_counts_groceries_and_dining_converted_and_names_what_no_rate_converts()
    {
        await using var world = await JobsHost.StartAsync(new DateTimeOffset(2026, 11, 10, 20, 0, 0, TimeSpan.Zero));
        var context = await world.AddContextAsync(802, "Europe/London", createdAt: new DateTimeOffset(2026, 11, 9, 0, 0, 0, TimeSpan.Zero));
        await world.ExecuteAsync("""
            INSERT INTO budgets (context_id, category, amount, currency) VALUES (@context, 'food', 500, 'USD');
            INSERT INTO exchange_rates (rate_date, base, currency, rate) VALUES ('2026-11-05', 'EUR', 'USD', 1.10);
            """, new() { ["context"] = context });

        await world.BookAsync(context, new DateOnly(2026, 11, 3), 200, "groceries");
        await world.BookAsync(context, new DateOnly(2026, 11, 6), 100, "dining", currency: "EUR"); // $110.00 that day
        await world.BookAsync(context, new DateOnly(2026, 11, 7), 90, "dining");
        await world.BookAsync(context, new DateOnly(2026, 11, 8), 999, "transport");
        await world.BookAsync(context, new DateOnly(2026, 11, 8), 50, "dining", currency: "BRL"); // no BRL rate
        await world.NewDueWork().RunAsync(CancellationToken.None);

        Assert.Equal(["🟠 80% of your food budget used: $400.00 of $500.00. + R$ 50.00 not counted (no exchange rate yet)"],
            world.SentTo(802, "🟠", "🔴").Select(JobsHost.TextOf));
    }
}
