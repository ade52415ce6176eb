using Finance.Ledger.Transactions;

namespace Finance.Conversation.Commands;

/// <summary>/undo [ID]: removes a booking (every item of its message) and says which. Without an id,
/// the user's own latest; the confirmation's button names its booking.</summary>
public sealed class Undo(TransactionStore transactions)
{
    public async Task<Answer> HandleAsync(Turn turn)
    {
        if (!turn.Member.CanWrite)
            return Answer.Text("refused", string.Format(turn.Say.ViewerCannotBook, turn.Member.Context.Name));
        var removed = await transactions.UndoAsync(turn.Session, ConversationHandler.BookingId(turn.Text));
        if (removed.Count == 0)
            return Answer.Text("answered", string.Format(turn.Say.NothingToUndo, turn.Member.Context.Name));
        var lines = string.Join("\n• ", removed.Select(t => Booking.Line(turn, t)));
        return Answer.Text("undone", string.Format(turn.Say.Undone, removed.Count == 1 ? lines : "\n• " + lines));
    }
}
