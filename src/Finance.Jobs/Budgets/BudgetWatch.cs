using Finance.Conversation.Replies;
using Finance.Conversation.Summaries;
using Finance.Core;
using Finance.Jobs.Scheduling;
using Finance.Ledger.Budgets;

namespace Finance.Jobs.Budgets;

/// <summary>Tells the context when a category's spending this month reaches 80 % and 100 % of its budget,
/// each once a month. Reaching 100 % straight away says only that.</summary>
public sealed class BudgetWatch(BudgetStore budgets)
{
    public const string Kind = "budget_alert";

    public async Task RunAsync(ContextVisit visit)
    {
        var today = visit.Today;
        var month = new DateOnly(today.Year, today.Month, 1);
        var period = month.ToString("yyyy-MM");
        foreach (var budget in await budgets.ProgressAsync(visit.Session, month, today))
        {
            if (budget.Share < 0.8m) continue;
            var full = budget.Share >= 1;
            var claimed80 = await visit.ClaimAsync(Kind, budget.Category + ":80", period);
            var claimed100 = full && await visit.ClaimAsync(Kind, budget.Category + ":100", period);
            if (!(full ? claimed100 : claimed80)) continue;
            await visit.TellEveryoneAsync(Kind, language =>
            {
                var category = MoneyText.Category(budget.Category, language);
                var spent = MoneyText.Amount(budget.Spent, budget.Currency, language);
                var limit = MoneyText.Amount(budget.Amount, budget.Currency, language);
                var say = Phrases.For(language);
                return new OutboundReply(string.Format(MoneyText.Culture(language),
                    full ? say.BudgetExceeded : say.BudgetNearly, spent, limit, category, budget.Share * 100)
                    + SummaryComposer.NotCounted(budget, language));
            });
        }
    }
}
