using System.Globalization;
using System.Text;
using Finance.Conversation.Replies;
using Finance.Conversation.Summaries;
using Finance.Core;
using Finance.Ledger.Budgets;

namespace Finance.Conversation.Commands;

/// <summary>/budget shows this month's progress of every budget; /budget CATEGORY AMOUNT sets a monthly
/// budget in the context's currency (0 or "off" removes it). Alerts at 80 % and 100 % come from the jobs.</summary>
public sealed class Budgets(BudgetStore budgets)
{
    public async Task<Answer> HandleAsync(Turn turn)
    {
        var words = ConversationHandler.Argument(turn.Text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return await ProgressAsync(turn);

        var named = string.Join(' ', words[..^1]);
        // "/budget food 500": a group ("comida") counts all its categories.
        var category = CategoryGroups.Named(named.ToLowerInvariant()) ?? CategoryCorrection.Resolve(named);
        var last = words[^1].ToLowerInvariant();
        decimal amount = 0;
        var remove = last is "off" or "0" or "remover" or "remove";
        if (words.Length < 2 || category is null
            || (!remove && !decimal.TryParse(last.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount)))
            return Answer.Text("answered", turn.Format(turn.Say.BudgetUsage, string.Join(", ", Categories.All.Concat(CategoryGroups.All).Select(turn.Category))));
        if (!turn.Member.CanWrite)
            return Answer.Text("refused", string.Format(turn.Say.ViewerCannotBook, turn.Member.Context.Name));

        if (remove || amount == 0)
        {
            await budgets.RemoveAsync(turn.Session, category);
            return Answer.Text("answered", turn.Format(turn.Say.BudgetRemoved, turn.Category(category)));
        }
        var currency = turn.Member.Context.BaseCurrency;
        await budgets.SetAsync(turn.Session, category, amount, currency);
        return Answer.Text("answered", turn.Format(turn.Say.BudgetSet, turn.Category(category), turn.Money(amount, currency)));
    }

    private async Task<Answer> ProgressAsync(Turn turn)
    {
        var month = new DateOnly(turn.Today.Year, turn.Today.Month, 1);
        var progress = await budgets.ProgressAsync(turn.Session, month, turn.Today);
        if (progress.Count == 0)
            return Answer.Text("answered", turn.Say.NoBudgets);
        var text = new StringBuilder(turn.Say.Budgets);
        foreach (var budget in progress) text.Append("\n• ").Append(SummaryComposer.BudgetLine(budget, turn.Language));
        return Answer.Text("answered", text.ToString());
    }
}
