using System.Globalization;
using System.Text.RegularExpressions;
using Finance.Core;
using Finance.Ledger.Attachments;
using Finance.Ledger.Transactions;
using Finance.Understanding.Parsing;
using Finance.Understanding.Receipts;

namespace Finance.Conversation.Commands;

/// <summary>
/// Receipt photos: the image and its OCR text are kept with the booking. A receipt whose total is
/// confident is booked at once (merchant, date, currency as printed; category from the merchant) and the
/// reply shows the shop, total and date read, so a misreading is plain to see; otherwise nothing is booked
/// and the user is asked for the total, with the likeliest totals read as buttons, and a bare amount
/// (typed, or a button's) sent within <see cref="AnswerWindow"/> books the waiting receipt. A receipt booked at
/// once offers the other totals it read as "Total was …" buttons, so a misread total is fixed with one tap. A photo that
/// arrived partly damaged (read from what decoded) goes the same way, and the reply says first that it was damaged: a total
/// printed in the part that was lost leaves the reader unsure, so it is asked about (docs/receipts.md, eleventh round).
/// </summary>
public sealed partial class ReceiptBooking(
    RuleParser rules, TransactionStore transactions, AttachmentStore attachments, ReceiptDuplicates duplicates)
{
    public static readonly TimeSpan AnswerWindow = TimeSpan.FromMinutes(30);

    public async Task<Answer> HandleAsync(Turn turn, ReceiptPhoto photo)
    {
        var fields = photo.Fields;
        if (fields is { Total: null, Merchant: null, Date: null })
            return Answer.Text("receipt_unreadable", photo.Damaged ? turn.Say.ImageUnreadable : turn.Say.ReceiptUnreadable);
        if (!turn.Member.CanWrite)
            return Answer.Text("refused", string.Format(turn.Say.ViewerCannotBook, turn.Member.Context.Name));

        var merchant = fields.Merchant?.Trim().ToLowerInvariant();
        var receipt = await attachments.AddReceiptAsync(turn.Session, new NewReceipt(
            turn.Message.Channel, turn.Message.ExternalId, photo.MimeType, photo.Image, photo.Text,
            merchant, fields.Total, fields.Currency, Plausible(fields.Date, turn.Today), fields.Tax, ReceiptDuplicates.Caption(turn.Text)));
        // A receipt already booked (the same photo again, or the same shop, total and date) is asked about first.
        var answer = receipt.TransactionId is null && await duplicates.QuestionAsync(turn, receipt) is { } question
            ? question
            : await ReadAsync(turn, receipt, fields);
        // The damage is said first, before any question: the user may rather send the photo again than answer it.
        return photo.Damaged && answer.Reply is { } reply ? answer with { Reply = reply with { Text = turn.Say.ReceiptDamaged + "\n" + reply.Text } } : answer;
    }

    /// <summary>/receipt ID: "book it again" pressed on a receipt that looked booked already.</summary>
    public async Task<Answer> AgainAsync(Turn turn)
    {
        if (!turn.Member.CanWrite)
            return Answer.Text("refused", string.Format(turn.Say.ViewerCannotBook, turn.Member.Context.Name));
        if (ConversationHandler.BookingId(turn.Text) is not { } id || await attachments.FindAsync(turn.Session, id) is not { } receipt)
            return Answer.Text("answered", turn.Say.NothingToCorrect);
        if (receipt.TransactionId is not null) return Answer.Text("answered", turn.Say.NotBookedAgain);
        // What was read is kept with the receipt; a total that was read is the one the user saw in the question.
        return await ReadAsync(turn, receipt, new ReceiptFields(receipt.Total, receipt.Currency, receipt.DocumentDate,
            receipt.Merchant, receipt.Tax, TotalConfident: receipt.Total is not null));
    }

    private async Task<Answer> ReadAsync(Turn turn, Attachment receipt, ReceiptFields fields)
    {
        if (fields is not { Total: { } total, TotalConfident: true })
        {
            var guess = fields.Total is { } t ? string.Format(turn.Say.ReceiptTotalGuess, turn.Money(t, Currency(turn, receipt))) : "";
            var question = string.Format(turn.Say.ReceiptTotalQuestion, Summary(turn, receipt), guess);
            return new Answer("receipt_question", new OutboundReply(question, TotalButtons(turn, receipt, fields.TotalCandidates)));
        }
        return await BookAsync(turn, receipt, total, fields.TotalCandidates.Where(c => c != total).Take(2).ToList());
    }

    /// <summary>The likeliest totals as one row of buttons; a tap sends the bare amount, which
    /// <see cref="AnswerTotalAsync"/> takes as the answer. None when nothing was read.</summary>
    private static IReadOnlyList<IReadOnlyList<ReplyButton>>? TotalButtons(Turn turn, Attachment receipt, IReadOnlyList<decimal> candidates) =>
        candidates.Count == 0 ? null :
        [[.. candidates.Take(3).Select(c => new ReplyButton(turn.Money(c, Currency(turn, receipt)), c.ToString(CultureInfo.InvariantCulture)))]];

    /// <summary>A bare amount ("23.40", "R$ 23,40") answering the question about a receipt's total;
    /// null when the text is something else or no receipt is waiting.</summary>
    public async Task<Answer?> AnswerTotalAsync(Turn turn)
    {
        if (BareAmount(turn.Text) is not { } total || !turn.Member.CanWrite) return null;
        var receipt = await attachments.WaitingReceiptAsync(turn.Session, AnswerWindow);
        return receipt is null ? null : await BookAsync(turn, receipt with { Total = total }, total, otherTotals: null);
    }

    /// <param name="otherTotals">Null when the user gave the total; else the other totals read, offered as one-tap fixes.</param>
    private async Task<Answer> BookAsync(Turn turn, Attachment receipt, decimal total, IReadOnlyList<decimal>? otherTotals)
    {
        // The photo's caption ("lunch with Ana") is the booking's note and may say its category.
        var item = new ParsedTransaction(total, Currency(turn, receipt), Direction.Expense,
            Category(turn, receipt.Merchant, total, receipt.Caption), receipt.Merchant,
            receipt.DocumentDate ?? turn.Today, Description: receipt.Caption ?? "receipt");
        // The booking belongs to the message that completed it: the photo, or the answer with the total.
        var booked = await transactions.BookAsync(turn.Session, [item], turn.Message.Channel, turn.Message.ExternalId, turn.Now);
        await attachments.LinkAsync(turn.Session, receipt.Id, booked[0].Id);

        if (otherTotals is null)
            return new Answer("booked", new OutboundReply(Booking.Confirmation(turn, booked), Booking.Actions(turn, booked[0].Id)));

        // What was read is shown with the booking, and a misread total is fixed with one tap (/edit, like a correction).
        var text = string.Format(turn.Say.ReceiptRead, Summary(turn, receipt)) + "\n" + Booking.Confirmation(turn, booked) + "\n"
            + (otherTotals.Count > 0 ? turn.Say.ReceiptFixTap : turn.Say.ReceiptFix);
        var currency = Currency(turn, receipt);
        IReadOnlyList<ReplyButton> fixes = [.. otherTotals.Select(other => new ReplyButton(
            string.Format(turn.Say.ReceiptTotalWas, turn.Money(other, currency)),
            string.Create(CultureInfo.InvariantCulture, $"/edit {booked[0].Id} amount={other}")))];
        return new Answer("booked", new OutboundReply(text,
            fixes.Count > 0 ? [fixes, .. Booking.Actions(turn, booked[0].Id)] : Booking.Actions(turn, booked[0].Id)));
    }

    /// <summary>What the rules make of the merchant; the context's own choice for it still wins when booking
    /// (<see cref="TransactionStore.BookAsync"/> applies it).</summary>
    private string Category(Turn turn, string? merchant, decimal total, string? caption)
    {
        // The caption's words first: a strong word in it ("groceries", "almoço") beats the shop, as in typed text.
        var words = caption is null ? "" : ReceiptDuplicates.WithoutNumbers(caption) + " ";
        var parsed = rules.Parse(string.Create(CultureInfo.InvariantCulture, $"{words}{merchant ?? "receipt"} {total}"), turn.ParseContext);
        return parsed.Transactions.FirstOrDefault()?.Category ?? Categories.Other;
    }

    /// <summary>"Trader Joe's · total $19.21 · tax $0.45 · Oct 3, 2016"</summary>
    private static string Summary(Turn turn, Attachment receipt)
    {
        var currency = Currency(turn, receipt);
        var parts = new List<string>();
        if (receipt.Merchant is { } merchant) parts.Add(Booking.Title(merchant));
        if (receipt.Total is { } total) parts.Add(string.Format(turn.Say.ReceiptTotal, turn.Money(total, currency)));
        if (receipt.Tax is { } tax) parts.Add(string.Format(turn.Say.ReceiptTax, turn.Money(tax, currency)));
        if (receipt.DocumentDate is { } date) parts.Add(Replies.MoneyText.Day(date, turn.Language, date.Year == turn.Today.Year));
        return parts.Count == 0 ? "…" : string.Join(" · ", parts);
    }

    private static string Currency(Turn turn, Attachment receipt) => receipt.Currency ?? turn.Member.Context.BaseCurrency;

    /// <summary>A date after tomorrow is a misread (receipts are photographed after the purchase): the booking takes today.</summary>
    private static DateOnly? Plausible(DateOnly? date, DateOnly today) => date > today.AddDays(1) ? null : date;

    [GeneratedRegex(@"^\s*(?:total\s*:?\s*)?(?:R\$|US\$|[$€£]|[A-Za-z]{3}\s)?\s*(?<number>\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)\s*(?:[A-Za-z]{3}|reais|dollars|euros)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex BareAmountPattern();

    /// <summary>"23.40", "23,40", "$23.40", "R$ 1.234,56", "1,234.56 USD" → the amount; null for anything else.</summary>
    internal static decimal? BareAmount(string text)
    {
        var match = BareAmountPattern().Match(text);
        if (!match.Success) return null;
        var number = match.Groups["number"].Value;
        // The last separator is the decimal one when one or two digits follow it; every other separator groups thousands.
        var last = number.LastIndexOfAny(['.', ',']);
        var hasDecimals = last >= 0 && number.Length - last - 1 <= 2;
        var whole = (hasDecimals ? number[..last] : number).Replace(".", "").Replace(",", "");
        var value = decimal.Parse(hasDecimals ? whole + "." + number[(last + 1)..] : whole, CultureInfo.InvariantCulture);
        return value > 0 ? value : null;
    }
}
