using System.Text;
using Finance.Conversation.Replies;
using Finance.Core;
using Finance.Ledger.Transactions;

namespace Finance.Conversation.Commands;

/// <summary>Answers a question about the context's money with SQL aggregates over its ledger: totals (of a
/// member too), top places, lists, the balance (and the bank's, when a bank is connected), whether something
/// was paid, the period against the one before, and averages. Amounts in other currencies count in the
/// context's currency at their own dates' rates, the original beside them.</summary>
public sealed class SpendingQuestion(TransactionStore transactions, IBankBalances? bank = null)
{
    public async Task<Answer> AnswerAsync(Turn turn, SpendingQuery query, CancellationToken cancellationToken = default)
    {
        var period = Period(turn, query.From, query.To);
        var filter = query.Category is { } c ? $" {turn.Say.On} {CategoryName(turn, c)}"
            : query.Merchant is { } m ? $" {turn.Say.At} {Booking.Title(m)}" : "";
        var text = new StringBuilder();
        switch (query.Kind)
        {
            case QueryKind.Unanswerable:
                return Answer.Text("unanswerable", turn.Format(turn.Say.QueryUnanswerable, turn.Say.QueryExample));
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
            case QueryKind.Balance:
                var all = await Totals(turn, query.From, query.To, null, query);
                text.Append(turn.Format(turn.Say.QueryBalance, period, Balance(turn, all),
                    Sum(turn, all, "income"), Sum(turn, all, "expense")));
                if (bank is not null)
                    foreach (var account in await bank.ForContextAsync(turn.Member.Context.Id, cancellationToken))
                        text.Append('\n').Append(turn.Format(turn.Say.QueryBankBalance, account.Account, turn.Money(account.Amount, account.Currency)));
                break;
            case QueryKind.Paid:
                var paid = await transactions.LatestPaymentAsync(turn.Session, query.From, query.To, query.Subject, query.Category);
                if (paid is not null) return Answer.Text("answered", turn.Format(turn.Say.QueryPaidYes, Booking.Line(turn, paid)));
                text.Append(turn.Format(turn.Say.QueryPaidNo, period));
                var before = await transactions.LatestPaymentAsync(turn.Session, DateOnly.MinValue, query.From.AddDays(-1), query.Subject, query.Category);
                if (before is not null) text.Append('\n').Append(turn.Format(turn.Say.QueryPaidLast, Booking.Line(turn, before)));
                break;
            case QueryKind.Compare:
                var (previousFrom, previousTo) = PreviousPeriod(query.From, query.To);
                var now = await Totals(turn, query.From, query.To, "expense", query);
                var then = await Totals(turn, previousFrom, previousTo, "expense", query);
                text.Append(turn.Format(turn.Say.QueryCompare, Sum(turn, now, "expense"), filter, period,
                    Sum(turn, then, "expense"), Period(turn, previousFrom, previousTo), Change(InBase(now), InBase(then))));
                break;
            case QueryKind.Average:
                var spent = await Totals(turn, query.From, query.To, query.Direction.ToWire(), query);
                var days = query.To.DayNumber - query.From.DayNumber + 1;
                var (units, unit) = query.Per switch
                {
                    "month" => (days / 30.4375m, turn.Say.UnitMonth),
                    "day" => (days, turn.Say.UnitDay),
                    _ => (days / 7m, turn.Say.UnitWeek),
                };
                var average = InBase(spent) is { } total ? turn.Money(Math.Round(total / Math.Max(1m, units), 2), turn.Member.Context.BaseCurrency)
                    : Sum(turn, spent, query.Direction.ToWire());
                text.Append(turn.Format(turn.Say.QueryAverage, average, unit, filter, period, Sum(turn, spent, query.Direction.ToWire())));
                break;
            default:
                if (query.Member is { } member && !await transactions.HasMemberAsync(turn.Session, member))
                    return Answer.Text("answered", turn.Format(turn.Say.QueryNoMember, Booking.Title(member)));
                var totals = await Totals(turn, query.From, query.To, query.Direction.ToWire(), query);
                if (totals.Count == 0) return Answer.Text("answered", string.Format(turn.Say.QueryNothing, period, filter));
                var sum = Sum(turn, totals, query.Direction.ToWire());
                var count = totals.Sum(t => t.Count);
                text.Append(query.Member is { } name
                    ? turn.Format(turn.Say.QueryMemberTotal, sum, filter, period, count, Booking.Title(name))
                    : string.Format(turn.Say.QueryTotal, sum, filter, period, count));
                break;
        }
        return Answer.Text("answered", text.ToString());
    }

    private Task<IReadOnlyList<CurrencyTotal>> Totals(Turn turn, DateOnly from, DateOnly to, string? direction, SpendingQuery query) =>
        transactions.TotalsAsync(turn.Session, from, to, turn.Member.Context.BaseCurrency, direction, query.Category, query.Merchant, query.Member);

    private static string Sum(Turn turn, IReadOnlyList<CurrencyTotal> totals, string direction) =>
        MoneyText.Converted(totals.Where(t => t.Direction == direction).Select(t => (t.Currency, t.Total, t.InBase)),
            turn.Member.Context.BaseCurrency, turn.Language);

    /// <summary>Income − expenses in the base currency; side by side per currency when a rate is missing.</summary>
    private static string Balance(Turn turn, IReadOnlyList<CurrencyTotal> totals)
    {
        var signed = totals.Where(t => t.Direction is "income" or "expense")
            .Select(t => t.Direction == "income" ? t : t with { Total = -t.Total, InBase = -t.InBase }).ToList();
        var balance = MoneyText.Converted(signed.Select(t => (t.Currency, t.Total, t.InBase)), turn.Member.Context.BaseCurrency, turn.Language);
        return signed.Sum(t => t.InBase ?? 0) > 0 && !balance.StartsWith('-') ? "+" + balance : balance;
    }

    /// <summary>The sum in the base currency, or null when any amount lacks a rate.</summary>
    private static decimal? InBase(IReadOnlyList<CurrencyTotal> totals) =>
        totals.All(t => t.InBase is not null) ? totals.Sum(t => t.InBase!.Value) : null;

    private static string Change(decimal? now, decimal? then) => (now, then) switch
    {
        ({ } n, { } t) when t != 0 => (n - t) / t * 100 is var p && p >= 0.5m ? $"↑ {p:0}%" : p <= -0.5m ? $"↓ {-p:0}%" : "=",
        ({ } n, { } t) when t == 0 && n > 0 => "↑",
        _ => "=",
    };

    /// <summary>The period before: the previous calendar month for a month, else the same number of days before.</summary>
    public static (DateOnly From, DateOnly To) PreviousPeriod(DateOnly from, DateOnly to) =>
        from.Day == 1 && (to.Year, to.Month) == (from.Year, from.Month)
            ? Summaries.SummaryPeriods.Previous(Summaries.SummaryPeriod.Month, from, to)
            : (from.AddDays(from.DayNumber - to.DayNumber - 1), from.AddDays(-1));

    /// <summary>"dining", or a group with what it counts: "food (groceries + dining)".</summary>
    private static string CategoryName(Turn turn, string category) => CategoryGroups.IsGroup(category)
        ? $"{turn.Category(category)} ({string.Join(" + ", CategoryGroups.Expand(category).Select(turn.Category))})"
        : turn.Category(category);

    private static string Period(Turn turn, DateOnly from, DateOnly to)
    {
        if (from == to) return from == turn.Today || from == turn.Today.AddDays(-1)
            ? turn.Date(from) : turn.Format(turn.Say.OnDay, turn.Date(from));
        return turn.Format(turn.Say.FromTo, turn.Date(from), turn.Date(to));
    }
}
