using Finance.Core;
using Finance.Ledger.Transactions;

namespace Finance.Conversation.Commands;

/// <summary>/category [ID] [NAME]: re-files a booking (by default the user's latest) and remembers the
/// choice for its merchant in this context, so the correction wins over the classifier from the next
/// message on. Without a name it offers the categories as buttons.</summary>
public sealed class CategoryCorrection(TransactionStore transactions, CategoryOverrideStore overrides)
{
    public async Task<Answer> HandleAsync(Turn turn)
    {
        var words = ConversationHandler.Argument(turn.Text).Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        var id = ConversationHandler.BookingId(turn.Text);
        var name = words.Length > 0 && id is not null ? string.Join(' ', words.Skip(1)) : string.Join(' ', words);
        if (!turn.Member.CanWrite)
            return Answer.Text("refused", string.Format(turn.Say.ViewerCannotBook, turn.Member.Context.Name));

        var booking = await transactions.BookingAsync(turn.Session, id);
        if (booking.Count == 0) return Answer.Text("answered", turn.Say.NothingToCorrect);
        if (Resolve(name) is not { } category)
            return new Answer("answered", new OutboundReply(
                string.Format(turn.Say.CategoryUsage, string.Join(", ", Categories.All.Select(turn.Category))),
                Categories.All.Select(c => new ReplyButton(turn.Category(c), $"/category {booking[0].Id} {c}")).Chunk(3)
                    .Select(row => (IReadOnlyList<ReplyButton>)row).ToList()));
        return await ApplyAsync(turn, booking, category);
    }

    internal async Task<Answer> ApplyAsync(Turn turn, IReadOnlyList<BookedTransaction> booking, string category)
    {
        await transactions.SetCategoryAsync(turn.Session, booking.Select(t => t.Id), category);
        var merchant = booking.Select(t => t.Merchant).FirstOrDefault(m => !string.IsNullOrEmpty(m));
        if (merchant is not null) await overrides.SetAsync(turn.Session, merchant, category);

        // Without a shop there is nothing to remember the choice by: no promise about later bookings.
        return Answer.Text("corrected", merchant is null
            ? turn.Format(turn.Say.CategoryChangedOnce, Booking.Line(turn, booking[0]), turn.Category(category))
            : turn.Format(turn.Say.CategoryChanged, Booking.Title(merchant), turn.Category(category), Booking.Title(merchant)));
    }

    /// <summary>Accepts the taxonomy name in any language the bot speaks ("groceries", "mercado", "personal care").</summary>
    internal static string? Resolve(string word)
    {
        var key = word.Trim().ToLowerInvariant().Replace(' ', '_');
        if (key.Length == 0) return null;
        if (Categories.IsKnown(key)) return key;
        return Categories.All.FirstOrDefault(c => Replies.Phrases.Languages.Any(language =>
            string.Equals(Replies.MoneyText.Category(c, language).Replace(' ', '_'), key, StringComparison.OrdinalIgnoreCase)));
    }
}
