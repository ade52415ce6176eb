using Finance.Ledger.Transactions;

namespace Finance.Conversation.Commands;

/// <summary>/undo: removes the user's own last booking (every item of that message) and says which.</summary>
public sealed class Undo(TransactionStore transactions)
{
    public async Task<Answer> HandleAsync(Turn turn)
    {
        var removed = await transactions.UndoLastAsync(turn.Session);
        if (removed.Count == 0)
            return Answer.Text("answered", string.Format(turn.Say.NothingToUndo, turn.Member.Context.Name));
        var lines = string.Join("\n• ", removed.Select(t => Booking.Line(turn, t)));
        return Answer.Text("undone", string.Format(turn.Say.Undone, removed.Count == 1 ? lines : "\n• " + lines));
    }
}
