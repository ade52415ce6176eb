using Finance.Core;
using Finance.Ledger.Contexts;
using Finance.Ledger.Transactions;

namespace Finance.Conversation.Commands;

/// <summary>/move ID [CONTEXT-ID]: moves a booking to another context the user can write to (the
/// confirmation's "move" button). Row-level security binds rows to a context, so a move removes the
/// items here and books them again there, in one unit of work.</summary>
public sealed class Move(TransactionStore transactions, ContextStore contexts, MemberStore members)
{
    public async Task<Answer> HandleAsync(Turn turn)
    {
        var words = ConversationHandler.Argument(turn.Text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (ConversationHandler.BookingId(turn.Text) is not { } id)
            return Answer.Text("answered", turn.Say.MoveUsage);
        var targets = (await contexts.ListAsync(turn.Session))
            .Where(c => c.Id != turn.Member.Context.Id && c.Role is "owner" or "editor").ToList();

        if (words.Length < 2 || !Guid.TryParse(words[1], out var targetId))
        {
            if (targets.Count == 0)
                return Answer.Text("answered", turn.Say.MoveNowhere);
            return new Answer("answered", new OutboundReply(turn.Say.MoveTo,
                targets.Select(c => (IReadOnlyList<ReplyButton>)[new ReplyButton(c.Name, $"/move {id} {c.Id:N}")]).ToList()));
        }
        if (targets.All(c => c.Id != targetId))
            return Answer.Text("refused", turn.Say.MoveRefused);

        var removed = await transactions.UndoAsync(turn.Session, id);
        if (removed.Count == 0) return Answer.Text("answered", turn.Say.NothingToCorrect);
        var there = await members.SwitchAsync(turn.Session, turn.Member, targetId);
        if (there is null) return Answer.Text("refused", turn.Say.MoveRefused);

        var items = removed.Select(t => new ParsedTransaction(t.Amount, t.Currency, DirectionNames.Parse(t.Direction),
            t.Category, t.Merchant, t.LocalDate, t.Description)).ToList();
        var moved = await transactions.BookAsync(turn.Session, items, removed[0].Source, $"{removed[0].SourceMessageId}:moved:{id}");
        var movedTurn = turn with { Member = there };
        return Answer.Text("moved", turn.Format(turn.Say.MovedTo, there.Context.Name) + "\n• "
            + string.Join("\n• ", moved.Select(t => Booking.Line(movedTurn, t))));
    }
}
