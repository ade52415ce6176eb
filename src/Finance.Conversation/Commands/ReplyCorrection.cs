using Finance.Core;
using Finance.Ledger.Transactions;
using Finance.Understanding.Parsing;

namespace Finance.Conversation.Commands;

/// <summary>A reply to a booking's confirmation that says only what to fix — "25", "dining", "yesterday" —
/// edits that booking instead of booking something new.</summary>
public sealed class ReplyCorrection(TransactionStore transactions, CategoryCorrection categories, RuleParser rules)
{
    /// <summary>Null when the message is not such a correction (then it is handled as usual).</summary>
    public async Task<Answer?> TryHandleAsync(Turn turn)
    {
        if (turn.Message.ReplyToMessageId is not { } repliedTo || turn.Text.TrimStart().StartsWith('/')) return null;
        var id = await transactions.BookingRepliedByAsync(turn.Session, turn.Message.Channel, turn.Message.ChatId, repliedTo);
        if (id is null) return null;

        var text = turn.Text.Trim();
        var booking = await transactions.BookingAsync(turn.Session, id);
        if (booking.Count == 0) return null;
        if (!turn.Member.CanWrite)
            return Answer.Text("refused", string.Format(turn.Say.ViewerCannotBook, turn.Member.Context.Name));

        if (CategoryCorrection.Resolve(text) is { } category) return await categories.ApplyAsync(turn, booking, category);

        var parsed = rules.Parse(text, turn.ParseContext);
        if (parsed.Intent == Intent.Record && parsed.Transactions is [var only] && text.Split(' ').Length <= 3)
        {
            if (booking.Count > 1)
                return Answer.Text("answered", turn.Say.SeveralItems);
            await transactions.SetAmountAsync(turn.Session, booking[0].Id, only.Amount);
            return await ConfirmAsync(turn, id.Value);
        }
        if (rules.ReadDate(text, turn.ParseContext) is { } date)
        {
            await transactions.SetDateAsync(turn.Session, booking.Select(t => t.Id), date);
            return await ConfirmAsync(turn, id.Value);
        }
        return null;
    }

    private async Task<Answer> ConfirmAsync(Turn turn, long id)
    {
        var booking = await transactions.BookingAsync(turn.Session, id);
        return Answer.Text("corrected", turn.Format(turn.Say.Corrected, string.Join("\n• ", booking.Select(t => Booking.Line(turn, t)))));
    }
}
