using Finance.Ledger.Subscriptions;

namespace Finance.Jobs.Subscriptions;

/// <summary>An expense as the detector sees it.</summary>
public sealed record Charge(string Merchant, decimal Amount, string Currency, DateOnly Date);

/// <summary>A subscription the history suggests: same merchant, near-equal amounts, a regular cadence.</summary>
public sealed record DetectedSubscription(string Merchant, decimal Amount, string Currency, string Cadence, DateOnly LastCharge, DateOnly NextDue);

/// <summary>Finds recurring charges in a context's history: one merchant, amounts within a few percent of
/// each other, every gap the same weekly, monthly or yearly cadence, at least two repeats after the first
/// charge, and the latest charge recent enough that the subscription still seems to run.</summary>
public static class SubscriptionDetector
{
    public const int MinimumCharges = 3;
    public const decimal AmountTolerance = 0.05m;

    /// <summary>How far back the history must reach for a yearly subscription's three charges.</summary>
    public const int LookbackDays = 3 * 366 + 45;

    private static readonly (string Cadence, int Min, int Max, int Period)[] Cadences =
    [
        (Ledger.Subscriptions.Cadences.Weekly, 6, 8, 7),
        (Ledger.Subscriptions.Cadences.Monthly, 27, 34, 30),
        (Ledger.Subscriptions.Cadences.Yearly, 355, 375, 365),
    ];

    public static IReadOnlyList<DetectedSubscription> Detect(IEnumerable<Charge> charges, DateOnly today)
    {
        var found = new List<DetectedSubscription>();
        foreach (var group in charges.GroupBy(c => (Merchant: c.Merchant.Trim().ToLowerInvariant(), c.Currency)))
        {
            var series = group.OrderBy(c => c.Date).ToList();
            if (series.Count < MinimumCharges) continue;
            if (Detect(series, today) is { } detected) found.Add(detected);
        }
        return found.OrderBy(d => d.Merchant).ToList();
    }

    private static DetectedSubscription? Detect(List<Charge> series, DateOnly today)
    {
        // The cadence is judged on the latest run of charges, so a past price change or a gap years ago
        // does not hide a subscription that is regular now.
        foreach (var (cadence, min, max, period) in Cadences)
        {
            var run = new List<Charge> { series[^1] };
            for (var i = series.Count - 2; i >= 0; i--)
            {
                var gap = run[^1].Date.DayNumber - series[i].Date.DayNumber;
                if (gap < min || gap > max) break;
                run.Add(series[i]);
            }
            if (run.Count < MinimumCharges) continue;
            // Anything else from the same merchant inside the run means spending there is not one charge per period.
            var first = run[^1].Date;
            if (series.Count(c => c.Date >= first) != run.Count) continue;
            var amounts = run.Select(c => c.Amount).Order().ToList();
            var median = amounts[amounts.Count / 2];
            if (amounts.Any(a => Math.Abs(a - median) > median * AmountTolerance)) continue;
            var last = run[0];
            if (today.DayNumber - last.Date.DayNumber > max + period / 2) continue;
            return new DetectedSubscription(last.Merchant.Trim().ToLowerInvariant(), last.Amount, last.Currency, cadence,
                last.Date, Ledger.Subscriptions.Cadences.Next(last.Date, cadence));
        }
        return null;
    }
}
