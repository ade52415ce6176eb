using System.Text;
using Finance.Core;
using Finance.Ledger.Transactions;

namespace Finance.Conversation.Commands;

/// <summary>Answers a question about spending with SQL aggregates over the context's ledger.</summary>
public sealed class SpendingQuestion(TransactionStore transactions)
{
    public async Task<Answer> AnswerAsync(Turn turn, SpendingQuery query)
    {
        var period = Period(turn, query.From, query.To);
        var filter = query.Category is { } c ? $" {turn.Say.On} {turn.Category(c)}"
            : query.Merchant is { } m ? $" {turn.Say.At} {Booking.Title(m)}" : "";
        var text = new StringBuilder();
        switch (query.Kind)
        {
            case QueryKind.TopMerchants:
                var top = await transactions.TopMerchantsAsync(turn.Session, query.From, query.To, 5);
                if (top.Count == 0) return Answer.Text("answered", string.Format(turn.Say.QueryNothing, period, ""));
                text.Append(string.Format(turn.Say.QueryTopMerchants, period));
                foreach (var (merchant, i) in top.Select((t, i) => (t, i + 1)))
                    text.Append($"\n{i}. {Booking.Title(merchant.Merchant)} — {turn.Money(merchant.Total, merchant.Currency)} ({merchant.Count})");
                break;
            case QueryKind.List:
                var items = await transactions.ListAsync(turn.Session, query.From, query.To, query.Category, query.Merchant, 15);
                if (items.Count == 0) return Answer.Text("answered", string.Format(turn.Say.QueryNothing, period, filter));
                text.Append(string.Format(turn.Say.QueryList, period));
                foreach (var item in items) text.Append("\n• ").Append(Booking.Line(turn, item));
                break;
            default:
                var totals = await transactions.TotalAsync(turn.Session, query.From, query.To,
                    query.Direction.ToWire(), query.Category, query.Merchant);
                if (totals.Count == 0) return Answer.Text("answered", string.Format(turn.Say.QueryNothing, period, filter));
                var sum = Replies.MoneyText.Totals(totals.Select(t => (t.Currency, t.Total)),
                    turn.Member.Context.BaseCurrency, turn.Language);
                text.Append(string.Format(turn.Say.QueryTotal, sum, filter, period, totals.Sum(t => t.Count)));
                break;
        }
        return Answer.Text("answered", text.ToString());
    }

    private static string Period(Turn turn, DateOnly from, DateOnly to)
    {
        if (from == to) return from == turn.Today || from == turn.Today.AddDays(-1)
            ? turn.Date(from) : turn.Format(turn.Say.OnDay, turn.Date(from));
        return turn.Format(turn.Say.FromTo, turn.Date(from), turn.Date(to));
    }
}
