using System.Text;
using Finance.Conversation.Replies;
using Finance.Ledger.Transactions;

namespace Finance.Conversation.Commands;

/// <summary>/summary: this week's (Monday to today, in the context's zone) totals and categories.</summary>
public sealed class WeekSummary(TransactionStore transactions)
{
    public async Task<Answer> HandleAsync(Turn turn)
    {
        var to = turn.Today;
        var from = to.AddDays(-(((int)to.DayOfWeek + 6) % 7));
        var totals = await transactions.TotalsByCategoryAsync(turn.Session, from, to);
        var say = turn.Say;
        var text = new StringBuilder(string.Format(say.SummaryTitle, turn.Member.Context.Name,
            MoneyText.Day(from, turn.Language), MoneyText.Day(to, turn.Language)));
        if (totals.Count == 0) return Answer.Text("answered", text.Append('\n').Append(say.NoSpendingYet).ToString());

        string Sum(string direction) => MoneyText.Totals(
            totals.Where(t => t.Direction == direction).GroupBy(t => t.Currency).Select(g => (g.Key, g.Sum(t => t.Total))),
            turn.Member.Context.BaseCurrency, turn.Language);

        text.Append('\n').Append(string.Format(say.Spent, Sum("expense")));
        foreach (var line in totals.Where(t => t.Direction == "expense"))
            text.Append("\n• ").Append(turn.Category(line.Category)).Append(": ").Append(turn.Money(line.Total, line.Currency))
                .Append(" (").Append(line.Count).Append(')');
        if (totals.Any(t => t.Direction == "income")) text.Append('\n').Append(string.Format(say.Earned, Sum("income")));
        if (totals.Any(t => t.Direction == "transfer")) text.Append('\n').Append(string.Format(say.Moved, Sum("transfer")));
        return Answer.Text("answered", text.ToString());
    }
}
