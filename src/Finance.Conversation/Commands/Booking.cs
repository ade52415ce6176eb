using System.Text;
using Finance.Core;
using Finance.Ledger.Transactions;

namespace Finance.Conversation.Commands;

/// <summary>Free text: understand it, then book what it records or answer what it asks.</summary>
public sealed class Booking(
    ITransactionParser parser, TransactionStore transactions, SpendingQuestion question, Subscriptions subscriptions)
{
    public async Task<Answer> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        var understood = await parser.ParseAsync(turn.Text, turn.ParseContext, cancellationToken);
        if (understood.Intent == Intent.Query && understood.Query is { } query)
            return await question.AnswerAsync(turn, query);
        if (understood.Intent != Intent.Record || understood.Transactions.Count == 0)
            return turn.Message is { InGroup: true, Addressed: false }
                ? Answer.Silent("not_for_the_bot")
                : Answer.Text("nothing_understood", turn.Say.NothingUnderstood);
        if (!turn.Member.CanWrite)
            return Answer.Text("refused", string.Format(turn.Say.ViewerCannotBook, turn.Member.Context.Name));
        // "netflix 55.90 monthly" declares a subscription to track rather than a charge to book.
        if (understood.Transactions is [{ Direction: Direction.Expense } single] && Subscriptions.CadenceIn(turn.Text) is { } cadence)
            return await subscriptions.TrackAsync(turn, single, cadence);

        var booked = await transactions.BookAsync(turn.Session, understood.Transactions, turn.Message.Channel, turn.Message.ExternalId, turn.Now);
        return new Answer("booked", new OutboundReply(Confirmation(turn, booked), Actions(turn, booked[0].Id)));
    }

    internal static string Confirmation(Turn turn, IReadOnlyList<BookedTransaction> booked)
    {
        var text = new StringBuilder();
        if (booked.Count == 1)
            text.Append(string.Format(turn.Say.Booked, Line(turn, booked[0])));
        else
        {
            text.Append(string.Format(turn.Say.BookedMany, booked.Count));
            foreach (var item in booked) text.Append("\n• ").Append(Line(turn, item));
            var totals = booked.Where(t => t.Direction == "expense").GroupBy(t => t.Currency)
                .Select(g => (g.Key, g.Sum(t => t.Amount)));
            text.Append('\n').Append(string.Format(turn.Say.Total,
                Replies.MoneyText.Totals(totals, turn.Member.Context.BaseCurrency, turn.Language)));
        }
        text.Append("\n📁 ").Append(turn.Member.Context.Name);
        return text.ToString();
    }

    /// <summary>The confirmation's buttons; each sends the command that acts on this booking.</summary>
    internal static IReadOnlyList<IReadOnlyList<ReplyButton>> Actions(Turn turn, long bookingId) =>
    [[
        new ReplyButton(turn.Say.ButtonUndo, $"/undo {bookingId}"),
        new ReplyButton(turn.Say.ButtonCategory, $"/category {bookingId}"),
        new ReplyButton(turn.Say.ButtonMove, $"/move {bookingId}"),
    ]];

    /// <summary>"$4.50 · dining · at Starbucks · today"</summary>
    internal static string Line(Turn turn, BookedTransaction t)
    {
        var sign = t.Direction == "income" ? "+" : "";
        var parts = new List<string> { sign + turn.Money(t.Amount, t.Currency), turn.Category(t.Category) };
        if (!string.IsNullOrEmpty(t.Merchant)) parts.Add($"{turn.Say.At} {Title(t.Merchant)}");
        else if (!string.IsNullOrEmpty(t.Description)) parts.Add(t.Description);
        parts.Add(turn.Date(t.LocalDate));
        return string.Join(" · ", parts);
    }

    internal static string Title(string merchant) =>
        string.Join(' ', merchant.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
}
