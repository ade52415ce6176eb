using Finance.Conversation.Summaries;
using Finance.Core;

namespace Finance.Conversation.Commands;

/// <summary>/summary [week|month|year|last week|last month|october]: that period (so far, when it is the current
/// one) against the same span of the period before, with the chart — the same summary the weekly job sends.
/// A period the bot does not know is said so, never replaced by another.</summary>
public sealed class Summary(SummaryComposer composer)
{
    private static readonly Dictionary<string, int> Months = new(StringComparer.OrdinalIgnoreCase)
    {
        ["january"] = 1, ["february"] = 2, ["march"] = 3, ["april"] = 4, ["may"] = 5, ["june"] = 6, ["july"] = 7,
        ["august"] = 8, ["september"] = 9, ["october"] = 10, ["november"] = 11, ["december"] = 12,
        ["janeiro"] = 1, ["fevereiro"] = 2, ["março"] = 3, ["marco"] = 3, ["abril"] = 4, ["maio"] = 5, ["junho"] = 6,
        ["julho"] = 7, ["agosto"] = 8, ["setembro"] = 9, ["outubro"] = 10, ["novembro"] = 11, ["dezembro"] = 12,
    };

    public async Task<Answer> HandleAsync(Turn turn)
    {
        var asked = ConversationHandler.Argument(turn.Text);
        if (PeriodOf(asked, turn.Today) is not var (period, from, to))
            return Answer.Text("answered", turn.Format(turn.Say.UnknownPeriod, asked));
        var summary = await composer.ComposeAsync(turn.Session, turn.Member.Context, turn.Language, period, from, to, turn.Today);
        return new Answer("answered", new OutboundReply(summary.Text, Photo: SpendingChart.RenderIfAny(summary)));
    }

    /// <summary>The period a /summary argument names, or null when it names none the bot knows.</summary>
    internal static (SummaryPeriod Period, DateOnly From, DateOnly To)? PeriodOf(string asked, DateOnly today)
    {
        var words = string.Join(' ', asked.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        switch (words)
        {
            case "" or "week" or "semana" or "this week" or "esta semana" or "semanal":
                return Span(SummaryPeriod.Week, SummaryPeriods.SoFar(SummaryPeriod.Week, today));
            case "month" or "mês" or "mes" or "mensal" or "this month" or "este mês" or "este mes":
                return Span(SummaryPeriod.Month, SummaryPeriods.SoFar(SummaryPeriod.Month, today));
            case "year" or "ano" or "this year" or "este ano" or "anual":
                return Span(SummaryPeriod.Year, SummaryPeriods.SoFar(SummaryPeriod.Year, today));
            case "last week" or "semana passada":
                return Span(SummaryPeriod.Week, SummaryPeriods.LastWholeWeek(today));
            case "last month" or "mês passado" or "mes passado":
                var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
                return (SummaryPeriod.Month, first, first.AddMonths(1).AddDays(-1));
            case "last year" or "ano passado":
                return (SummaryPeriod.Year, new DateOnly(today.Year - 1, 1, 1), new DateOnly(today.Year - 1, 12, 31));
        }
        if (Months.TryGetValue(words, out var month))
        {
            // "october" in November is the October just gone; a month still to come is last year's.
            var year = month > today.Month ? today.Year - 1 : today.Year;
            var start = new DateOnly(year, month, 1);
            var end = start.AddMonths(1).AddDays(-1);
            return (SummaryPeriod.Month, start, end < today ? end : today);
        }
        return null;

        static (SummaryPeriod, DateOnly, DateOnly) Span(SummaryPeriod period, (DateOnly From, DateOnly To) span) => (period, span.From, span.To);
    }
}
