using System.Globalization;
using System.Text;
using Finance.Conversation.Commands;
using Finance.Conversation.Replies;
using Finance.Core;
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
        var baseCurrency = context.BaseCurrency;
        var (previousFrom, previousTo) = SummaryPeriods.Previous(period, from, to);
        var current = await transactions.TotalsByCategoryAsync(session, from, to, baseCurrency);
        var previous = await transactions.TotalsByCategoryAsync(session, previousFrom, previousTo, baseCurrency);
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

        var changes = Changes(current, previous, baseCurrency);
        if (current.Count == 0) text.Append('\n').Append(say.NothingBooked);
        else
        {
            // One total in the context's currency, other currencies at their own dates' rates beside the original
            // ("€45.00 ≈ $48.60"); amounts without a rate are left out of it and listed under a line of their own.
            string Sum(IEnumerable<CategoryTotal> rows) =>
                MoneyText.Converted(rows.Select(t => (t.Currency, t.Total, t.InBase)), baseCurrency, language);
            var expenses = current.Where(t => t.Direction == "expense").ToList();
            text.Append('\n').Append(string.Format(say.Spent, Sum(expenses.Where(t => t.InBase is not null))));
            if (current.Any(t => t.Direction == "income"))
                text.Append(" · ").Append(string.Format(say.Earned, Sum(current.Where(t => t.Direction == "income"))));
            void Line(CategoryChange change, string amount) =>
                text.Append("\n• ").Append(MoneyText.Category(change.Category, language)).Append(": ").Append(amount)
                    .Append(" (").Append(change.Count).Append(") ").Append(Trend(change.Current, change.Previous, say));
            foreach (var change in changes.Where(c => c.Current > 0 && c.Currency == baseCurrency))
                Line(change, Sum(expenses.Where(t => t.Category == change.Category && t.InBase is not null)));

            var groups = CategoryGroups.All
                .Select(g => (Group: g, Changes: changes.Where(c => c.Currency == baseCurrency && CategoryGroups.Expand(g).Contains(c.Category)).ToList()))
                .Select(g => (g.Group, Current: g.Changes.Sum(c => c.Current), Previous: g.Changes.Sum(c => c.Previous)))
                .Where(g => g.Current > 0).ToList();
            if (groups.Count > 0)
                text.Append('\n').Append(string.Format(say.GroupTotals, string.Join(" · ", groups.Select(g =>
                    $"{MoneyText.Category(g.Group, language)} {Money(g.Current, baseCurrency)} {Trend(g.Current, g.Previous, say)}"))));

            foreach (var currency in expenses.Where(t => t.InBase is null).Select(t => t.Currency).Distinct())
            {
                var own = changes.Where(c => c.Currency == currency && c.Current > 0).ToList();
                text.Append('\n').Append(string.Format(say.NotConverted, Money(own.Sum(c => c.Current), currency), currency));
                foreach (var change in own) Line(change, Money(change.Current, currency));
            }

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

        return new PeriodSummary(period, from, to, previousFrom, previousTo, baseCurrency, language, text.ToString(), changes);
    }

    /// <summary>Each category's spending now and in the period before: in the base currency where a rate converts it,
    /// else in its own currency; largest first.</summary>
    private static List<CategoryChange> Changes(IReadOnlyList<CategoryTotal> current, IReadOnlyList<CategoryTotal> previous, string baseCurrency)
    {
        static IEnumerable<(string Category, string Currency, decimal Amount, int Count)> Spending(IEnumerable<CategoryTotal> rows, string baseCurrency) =>
            rows.Where(t => t.Direction == "expense")
                .Select(t => t.InBase is { } inBase ? (t.Category, baseCurrency, inBase, t.Count) : (t.Category, t.Currency, t.Total, t.Count));
        var now = Spending(current, baseCurrency).ToList();
        var before = Spending(previous, baseCurrency).ToList();
        // Categories that had spending before but none now still belong on the chart.
        return now.Concat(before).Select(t => (t.Category, t.Currency)).Distinct()
            .Select(key => new CategoryChange(key.Category, key.Currency,
                now.Where(t => (t.Category, t.Currency) == key).Sum(t => t.Amount),
                before.Where(t => (t.Category, t.Currency) == key).Sum(t => t.Amount),
                now.Where(t => (t.Category, t.Currency) == key).Sum(t => t.Count)))
            .OrderByDescending(c => c.Current).ThenByDescending(c => c.Previous).ThenBy(c => c.Category, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>"dining: $620.00 of $800.00 (78%)"</summary>
    public static string BudgetLine(Budget budget, string language) =>
        string.Format(MoneyText.Culture(language), Phrases.For(language).BudgetLine,
            MoneyText.Category(budget.Category, language),
            MoneyText.Amount(budget.Spent, budget.Currency, language),
            MoneyText.Amount(budget.Amount, budget.Currency, language),
            budget.Share * 100) + (budget.Share >= 1 ? " 🔴" : budget.Share >= 0.8m ? " 🟠" : "") + NotCounted(budget, language);

    /// <summary>" + R$ 30,00 not counted (no exchange rate yet)": spending a budget could not convert, said plainly.</summary>
    public static string NotCounted(Budget budget, string language) =>
        budget.UnconvertedCurrencies.Length == 0 ? "" : string.Format(Phrases.For(language).BudgetNotCounted,
            string.Join(" + ", budget.Unconverted.Select(u => MoneyText.Amount(u.Total, u.Currency, language))));

    /// <summary>"↑ 20%", "↓ 5%", "=", or "new" when nothing was spent before.</summary>
    public static string Trend(decimal current, decimal previous, Phrases say)
    {
        if (previous == 0) return say.New;
        var percent = (current - previous) / previous * 100;
        return percent switch
        {
            > 0.5m => $"↑ {percent.ToString("0", CultureInfo.InvariantCulture)}%",
            < -0.5m => $"↓ {(-percent).ToString("0", CultureInfo.InvariantCulture)}%",
            _ => "=",
        };
    }
}
