using System.Globalization;
using System.Text;
using Finance.Conversation.Commands;
using Finance.Conversation.Replies;
using Finance.Ledger;
using Finance.Ledger.Budgets;
using Finance.Ledger.Contexts;
using Finance.Ledger.Subscriptions;
using Finance.Ledger.Transactions;

namespace Finance.Conversation.Summaries;

/// <summary>Writes a context's summary of a period: totals spent and earned, categories against the period
/// before, top places, budget status and subscriptions coming due. Used by /summary and the weekly job alike.</summary>
public sealed class SummaryComposer(TransactionStore transactions, BudgetStore budgets, SubscriptionStore subscriptions)
{
    /// <param name="today">The context's local day the summary is written on: budgets are of its month,
    /// subscriptions due from it on are listed.</param>
    public async Task<PeriodSummary> ComposeAsync(
        LedgerSession session, LedgerContext context, string language, SummaryPeriod period,
        DateOnly from, DateOnly to, DateOnly today)
    {
        var say = Phrases.For(language);
        var (previousFrom, previousTo) = SummaryPeriods.Previous(period, from, to);
        var current = await transactions.TotalsByCategoryAsync(session, from, to);
        var previous = await transactions.TotalsByCategoryAsync(session, previousFrom, previousTo);
        string Money(decimal amount, string currency) => MoneyText.Amount(amount, currency, language);

        // A week asked for on its first day is that one day, not "Nov 30 – Nov 30".
        var title = from == to ? say.DayTitle : period switch
        {
            SummaryPeriod.Month => say.MonthTitle,
            SummaryPeriod.Year => say.YearTitle,
            _ => say.WeekTitle,
        };
        var text = new StringBuilder(string.Format(title, context.Name, MoneyText.Day(from, language, from.Year == today.Year),
            MoneyText.Day(to, language, to.Year == today.Year)));

        var changes = current.Where(t => t.Direction == "expense")
            .Select(t => new CategoryChange(t.Category, t.Currency, t.Total,
                previous.Where(p => p.Direction == "expense" && p.Category == t.Category && p.Currency == t.Currency)
                    .Sum(p => p.Total), t.Count))
            .ToList();
        // Categories that had spending before but none now still belong on the chart.
        changes.AddRange(previous.Where(p => p.Direction == "expense"
                && !changes.Any(c => c.Category == p.Category && c.Currency == p.Currency))
            .Select(p => new CategoryChange(p.Category, p.Currency, 0, p.Total, 0)));

        if (current.Count == 0) text.Append('\n').Append(say.NothingBooked);
        else
        {
            // Other currencies count at their own dates' rates, shown beside the original ("€45.00 ≈ $48.60").
            var converted = await transactions.TotalsAsync(session, from, to, context.BaseCurrency);
            string Sum(string direction) => MoneyText.Converted(
                converted.Where(t => t.Direction == direction).Select(t => (t.Currency, t.Total, t.InBase)), context.BaseCurrency, language);
            text.Append('\n').Append(string.Format(say.Spent, Sum("expense")));
            if (current.Any(t => t.Direction == "income")) text.Append(" · ").Append(string.Format(say.Earned, Sum("income")));
            foreach (var change in changes.Where(c => c.Current > 0))
                text.Append("\n• ").Append(MoneyText.Category(change.Category, language)).Append(": ")
                    .Append(Money(change.Current, change.Currency)).Append(" (").Append(change.Count).Append(')')
                    .Append(' ').Append(Trend(change, say));

            var top = await transactions.TopMerchantsAsync(session, from, to, 3);
            if (top.Count > 0)
                text.Append('\n').Append(string.Format(say.TopPlaces,
                    string.Join(" · ", top.Select(m => $"{Booking.Title(m.Merchant)} {Money(m.Total, m.Currency)}"))));
        }

        var month = new DateOnly(today.Year, today.Month, 1);
        var progress = await budgets.ProgressAsync(session, month, today);
        if (progress.Count > 0)
        {
            text.Append('\n').Append(say.Budgets);
            foreach (var budget in progress)
                text.Append("\n• ").Append(BudgetLine(budget, language));
        }

        var due = (await subscriptions.ListAsync(session))
            .Where(s => s.Status == "active" && s.NextDue >= today && s.NextDue <= today.AddDays(7)).ToList();
        if (due.Count > 0)
        {
            text.Append('\n').Append(say.DueSoon);
            foreach (var subscription in due)
                text.Append("\n• ").Append(subscription.Name).Append(' ').Append(Money(subscription.Amount, subscription.Currency))
                    .Append(" · ").Append(MoneyText.Date(subscription.NextDue, today, language));
        }

        return new PeriodSummary(period, from, to, language, text.ToString(),
            changes.OrderByDescending(c => c.Current).ThenByDescending(c => c.Previous).ToList());
    }

    /// <summary>"dining: $620.00 of $800.00 (78%)"</summary>
    public static string BudgetLine(Budget budget, string language) =>
        string.Format(MoneyText.Culture(language), Phrases.For(language).BudgetLine,
            MoneyText.Category(budget.Category, language),
            MoneyText.Amount(budget.Spent, budget.Currency, language),
            MoneyText.Amount(budget.Amount, budget.Currency, language),
            budget.Share * 100) + (budget.Share >= 1 ? " 🔴" : budget.Share >= 0.8m ? " 🟠" : "");

    private static string Trend(CategoryChange change, Phrases say)
    {
        if (change.Previous == 0) return say.New;
        var percent = (change.Current - change.Previous) / change.Previous * 100;
        return percent switch
        {
            > 0.5m => $"↑ {percent.ToString("0", CultureInfo.InvariantCulture)}%",
            < -0.5m => $"↓ {(-percent).ToString("0", CultureInfo.InvariantCulture)}%",
            _ => "=",
        };
    }
}
