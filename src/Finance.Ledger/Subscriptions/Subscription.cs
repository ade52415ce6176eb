namespace Finance.Ledger.Subscriptions;

/// <summary>A recurring charge the context tracks: what it costs, how often, when it is due next.</summary>
public sealed record Subscription(
    long Id,
    string Name,
    string Merchant,
    decimal Amount,
    string Currency,
    string Cadence,
    DateOnly NextDue,
    int RemindDays,
    string Status,
    long? LastChargeId)
{
    public decimal MonthlyAmount => Cadence switch
    {
        Cadences.Weekly => Math.Round(Amount * 52 / 12, 2),
        Cadences.Yearly => Math.Round(Amount / 12, 2),
        _ => Amount,
    };
}

public static class Cadences
{
    public const string Weekly = "weekly";
    public const string Monthly = "monthly";
    public const string Yearly = "yearly";

    public static DateOnly Next(DateOnly date, string cadence) => cadence switch
    {
        Weekly => date.AddDays(7),
        Yearly => date.AddYears(1),
        _ => date.AddMonths(1),
    };
}
