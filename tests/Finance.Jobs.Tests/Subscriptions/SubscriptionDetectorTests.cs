using Finance.Jobs.Subscriptions;

namespace Finance.Jobs.Tests.Subscriptions;

public sealed class SubscriptionDetectorTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static IEnumerable<Charge> Every(string merchant, decimal amount, DateOnly last, int count, Func<DateOnly, DateOnly> back)
    {
        var date = last;
        for (var i = 0; i < count; i++, date = back(date)) yield return new Charge(merchant, amount, "BRL", date);
    }

    [Fact]
    public void A_monthly_charge_of_the_same_merchant_and_price_is_found()
    {
        var found = Assert.Single(SubscriptionDetector.Detect(
            Every("Spotify", 21.90m, new DateOnly(2026, 11, 5), 4, d => d.AddMonths(-1)), Today));

        Assert.Equal(("spotify", 21.90m, "monthly", new DateOnly(2026, 12, 5)), (found.Merchant, found.Amount, found.Cadence, found.NextDue));
    }

    [Fact]
    public void A_yearly_charge_is_found()
    {
        var found = Assert.Single(SubscriptionDetector.Detect(
            Every("amazon prime", 119m, new DateOnly(2026, 3, 14), 3, d => d.AddYears(-1)), Today));

        Assert.Equal(("yearly", new DateOnly(2027, 3, 14)), (found.Cadence, found.NextDue));
    }

    [Fact]
    public void Small_price_differences_and_month_lengths_still_count_as_monthly()
    {
        Charge[] charges =
        [
            new("netflix", 55.90m, "BRL", new DateOnly(2026, 8, 30)),
            new("netflix", 55.90m, "BRL", new DateOnly(2026, 9, 30)),
            new("netflix", 57.00m, "BRL", new DateOnly(2026, 10, 28)),
            new("netflix", 57.00m, "BRL", new DateOnly(2026, 11, 30).AddDays(-2)),
        ];

        Assert.Equal("monthly", Assert.Single(SubscriptionDetector.Detect(charges, Today)).Cadence);
    }

    [Fact]
    public void One_off_and_twice_only_spending_is_not_a_subscription()
    {
        Charge[] charges =
        [
            new("ikea", 899m, "BRL", new DateOnly(2026, 10, 2)),
            new("gym", 120m, "BRL", new DateOnly(2026, 10, 10)),
            new("gym", 120m, "BRL", new DateOnly(2026, 11, 10)),
        ];

        Assert.Empty(SubscriptionDetector.Detect(charges, Today));
    }

    [Fact]
    public void Irregular_spending_at_one_merchant_is_not_a_subscription()
    {
        Charge[] coffee =
        [
            new("starbucks", 12m, "BRL", new DateOnly(2026, 8, 3)),
            new("starbucks", 12m, "BRL", new DateOnly(2026, 9, 1)),
            new("starbucks", 12m, "BRL", new DateOnly(2026, 9, 15)),
            new("starbucks", 12m, "BRL", new DateOnly(2026, 10, 2)),
            new("starbucks", 12m, "BRL", new DateOnly(2026, 11, 1)),
        ];

        Assert.Empty(SubscriptionDetector.Detect(coffee, Today));
    }

    [Fact]
    public void Monthly_dates_with_very_different_amounts_are_not_a_subscription()
    {
        var groceries = new[] { 310m, 120m, 455m, 230m }
            .Select((amount, i) => new Charge("carrefour", amount, "BRL", new DateOnly(2026, 11, 2).AddMonths(-i)));

        Assert.Empty(SubscriptionDetector.Detect(groceries, Today));
    }

    [Fact]
    public void A_subscription_that_stopped_months_ago_is_not_suggested()
    {
        Assert.Empty(SubscriptionDetector.Detect(Every("hbo", 34.90m, new DateOnly(2026, 5, 3), 5, d => d.AddMonths(-1)), Today));
    }
}
