using Finance.Conversation.Summaries;
using Finance.Core;

namespace Finance.Conversation.Commands;

/// <summary>/summary [week|month]: this week's (or month's) summary so far, against the same span of the
/// period before, with the chart — the same summary the weekly job sends.</summary>
public sealed class Summary(SummaryComposer composer)
{
    public async Task<Answer> HandleAsync(Turn turn)
    {
        var period = ConversationHandler.Argument(turn.Text).ToLowerInvariant() is "month" or "mês" or "mes" or "mensal"
            ? SummaryPeriod.Month
            : SummaryPeriod.Week;
        var (from, to) = SummaryPeriods.SoFar(period, turn.Today);
        var summary = await composer.ComposeAsync(turn.Session, turn.Member.Context, turn.Language, period, from, to, turn.Today);
        return new Answer("answered", new OutboundReply(summary.Text, Photo: SpendingChart.RenderIfAny(summary, turn.Member.Context.BaseCurrency)));
    }
}
