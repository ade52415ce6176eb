using Finance.Core;
using Finance.Ledger.Transactions;

namespace Finance.Conversation.Commands;

/// <summary>/category NAME: re-files the user's last booking, and remembers the choice for its merchant
/// in this context, so the correction wins over the classifier from the next message on.</summary>
public sealed class CategoryCorrection(TransactionStore transactions, CategoryOverrideStore overrides)
{
    public async Task<Answer> HandleAsync(Turn turn)
    {
        var category = Resolve(ConversationHandler.Argument(turn.Text));
        if (category is null)
            return Answer.Text("answered", string.Format(turn.Say.CategoryUsage, string.Join(", ", Categories.All)));
        if (!turn.Member.CanWrite)
            return Answer.Text("refused", string.Format(turn.Say.ViewerCannotBook, turn.Member.Context.Name));

        var last = await transactions.LastBookingAsync(turn.Session);
        if (last.Count == 0) return Answer.Text("answered", turn.Say.NothingToCorrect);

        await transactions.SetCategoryAsync(turn.Session, last.Select(t => t.Id), category);
        var merchant = last.Select(t => t.Merchant).FirstOrDefault(m => !string.IsNullOrEmpty(m));
        if (merchant is not null) await overrides.SetAsync(turn.Session, merchant, category);

        var what = merchant is null ? Booking.Line(turn, last[0]) : Booking.Title(merchant);
        return Answer.Text("corrected", string.Format(turn.Say.CategoryChanged, what, turn.Category(category),
            merchant is null ? what : Booking.Title(merchant)));
    }

    /// <summary>Accepts the taxonomy name in either language ("groceries", "mercado", "personal care").</summary>
    internal static string? Resolve(string word)
    {
        var key = word.Trim().ToLowerInvariant().Replace(' ', '_');
        if (key.Length == 0) return null;
        if (Categories.IsKnown(key)) return key;
        return Categories.All.FirstOrDefault(c =>
            string.Equals(Replies.MoneyText.Category(c, "pt").Replace(' ', '_'), key, StringComparison.OrdinalIgnoreCase));
    }
}
