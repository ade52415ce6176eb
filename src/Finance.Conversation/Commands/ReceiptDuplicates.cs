using System.Globalization;
using System.Text.RegularExpressions;
using Finance.Core;
using Finance.Ledger.Attachments;
using Finance.Ledger.Transactions;

namespace Finance.Conversation.Commands;

/// <summary>A receipt photo that looks booked already: the same photo again, or another photo of the same shop,
/// total and date. Nothing is booked until the user says so ("Looks like the one you booked at 12:04 — book it
/// again?"); <c>/receipt ID</c> is the button that books it anyway.</summary>
public sealed partial class ReceiptDuplicates(AttachmentStore attachments, TransactionStore transactions)
{
    private const int MaxCaptionLength = 200;

    public async Task<Answer?> QuestionAsync(Turn turn, Attachment receipt)
    {
        if (await attachments.EarlierBookingAsync(turn.Session, receipt.Id) is not { } found) return null;
        var (earlierId, bookedAt) = found;
        var earlier = (await transactions.BookingAsync(turn.Session, earlierId)).FirstOrDefault(t => t.Id == earlierId);
        if (earlier is null) return null;
        var at = TimeZoneInfo.ConvertTime(bookedAt, turn.Member.Context.Zone);
        // "12:04" when it was today; "Nov 24 12:04" for an earlier day.
        var when = at.ToString("HH:mm", CultureInfo.InvariantCulture);
        var day = DateOnly.FromDateTime(at.DateTime);
        if (day != turn.Today) when = Replies.MoneyText.Day(day, turn.Language, day.Year == turn.Today.Year) + " " + when;
        return new Answer("duplicate_question", new OutboundReply(
            turn.Format(turn.Say.DuplicateQuestion, when, Booking.Line(turn, earlier)),
            [[new ReplyButton(turn.Say.ButtonBookAgain, $"/receipt {receipt.Id}"), new ReplyButton(turn.Say.ButtonNo, "/skip")]]));
    }

    /// <summary>What the user wrote with the photo, as the booking's note; null when nothing.</summary>
    public static string? Caption(string text)
    {
        var caption = Regex.Replace(text, @"\s+", " ").Trim();
        if (caption.Length == 0 || caption.StartsWith('/')) return null;
        return caption.Length <= MaxCaptionLength ? caption : caption[..(MaxCaptionLength - 1)] + "…";
    }

    /// <summary>The caption's words without its numbers: the receipt's total is the amount, not a number typed with it.</summary>
    public static string WithoutNumbers(string caption) => Numbers().Replace(caption, " ").Trim();

    [GeneratedRegex(@"[\d.,]*\d[\d.,]*")]
    private static partial Regex Numbers();
}
