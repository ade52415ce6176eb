using System.Globalization;
using Finance.Conversation.Summaries;
using Finance.Core;
using Finance.Jobs.Scheduling;

namespace Finance.Jobs.WeeklySummary;

/// <summary>Queues a context's weekly summary (last week, with the chart) once its summary day and time
/// (Monday 09:00 unless changed) have come in its own time zone.</summary>
public sealed class WeeklySummaryNotice(SummaryComposer composer)
{
    public const string Kind = "weekly_summary";

    public async Task RunAsync(ContextVisit visit)
    {
        var day = LatestDue(visit.Schedule, visit.LocalNow);
        // A context made after that moment has no week to look back on yet.
        var dueUtc = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(visit.Schedule.SummaryTime), visit.Context.Zone);
        if (visit.Schedule.CreatedAt > dueUtc) return;
        if (!await visit.ClaimAsync(Kind, "", PeriodKey(day))) return;

        var (from, to) = (day.AddDays(-7), day.AddDays(-1));
        await visit.TellEveryoneAsync(Kind, async language =>
        {
            var summary = await composer.ComposeAsync(visit.Session, visit.Context, language, SummaryPeriod.Week, from, to, day);
            return new OutboundReply(summary.Text, Photo: SpendingChart.RenderIfAny(summary));
        });
    }

    /// <summary>The day of the most recent scheduled summary moment at or before <paramref name="localNow"/>
    /// (wall clock, so 09:00 stays 09:00 across daylight-saving changes).</summary>
    public static DateOnly LatestDue(ScheduledContext schedule, DateTime localNow)
    {
        var today = DateOnly.FromDateTime(localNow);
        var day = SummaryPeriods.WeekStart(today).AddDays(schedule.SummaryDay - 1);
        if (day.ToDateTime(schedule.SummaryTime) > localNow) day = day.AddDays(-7);
        return day;
    }

    /// <summary>"2026-W48": one summary per ISO week.</summary>
    public static string PeriodKey(DateOnly day)
    {
        var date = day.ToDateTime(TimeOnly.MinValue);
        return $"{ISOWeek.GetYear(date)}-W{ISOWeek.GetWeekOfYear(date):00}";
    }
}
