namespace Finance.Conversation.Summaries;

public enum SummaryPeriod { Week, Month, Year }

/// <summary>One category's spending in the summarised period and the one before, in <paramref name="Currency"/>:
/// the context's currency (other currencies converted at their dates' rates), or the amounts' own currency
/// when no rate converts them.</summary>
public sealed record CategoryChange(string Category, string Currency, decimal Current, decimal Previous, int Count);

/// <summary>A summary ready to send: the text, and the numbers its chart is drawn from (largest first).</summary>
public sealed record PeriodSummary(
    SummaryPeriod Period,
    DateOnly From,
    DateOnly To,
    DateOnly PreviousFrom,
    DateOnly PreviousTo,
    string Currency,
    string Language,
    string Text,
    IReadOnlyList<CategoryChange> Categories);

/// <summary>The date ranges summaries cover.</summary>
public static class SummaryPeriods
{
    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>This week or month so far (from its first day to <paramref name="today"/>).</summary>
    public static (DateOnly From, DateOnly To) SoFar(SummaryPeriod period, DateOnly today) => period switch
    {
        SummaryPeriod.Month => (new DateOnly(today.Year, today.Month, 1), today),
        SummaryPeriod.Year => (new DateOnly(today.Year, 1, 1), today),
        _ => (WeekStart(today), today),
    };

    /// <summary>The last whole week (Monday to Sunday) before <paramref name="today"/>'s week.</summary>
    public static (DateOnly From, DateOnly To) LastWholeWeek(DateOnly today)
    {
        var from = WeekStart(today).AddDays(-7);
        return (from, from.AddDays(6));
    }

    /// <summary>The same span one period earlier (a month's span ends at that month's last day at most).</summary>
    public static (DateOnly From, DateOnly To) Previous(SummaryPeriod period, DateOnly from, DateOnly to)
    {
        if (period == SummaryPeriod.Week) return (from.AddDays(-7), to.AddDays(-7));
        if (period == SummaryPeriod.Year) return (from.AddYears(-1), to.AddYears(-1));
        var start = from.AddMonths(-1);
        var end = to.AddMonths(-1);
        var lastDay = start.AddMonths(1).AddDays(-1);
        return (start, end < lastDay ? end : lastDay);
    }
}
