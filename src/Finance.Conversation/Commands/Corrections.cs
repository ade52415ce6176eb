using System.Globalization;
using Finance.Core;
using Finance.Ledger.Transactions;
using Finance.Understanding.Parsing;

namespace Finance.Conversation.Commands;

/// <summary>
/// Corrections in plain words (see <see cref="CorrectionReader"/>), typed as a reply to a booking's confirmation or
/// on their own. A reply edits the booking it answers; otherwise the sender's latest booking from the last
/// <see cref="Window"/> (or, for "not 45, 54", the recent one of 45). The answer says what changed and offers Undo;
/// a correction never books anything, and when it is unclear which item is meant the user picks with buttons.
/// /edit ID amount=… category=… date=… and /restore ID are what those buttons send.
/// </summary>
public sealed class Corrections(TransactionStore transactions, CategoryOverrideStore overrides, RuleParser rules)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(2);

    /// <summary>Null when the message is not a correction (then it is handled as usual).</summary>
    public async Task<Answer?> TryHandleAsync(Turn turn)
    {
        if (turn.Text.TrimStart().StartsWith('/')) return null;
        long? repliedBooking = turn.Message.ReplyToMessageId is { } repliedTo
            ? await transactions.BookingRepliedByAsync(turn.Session, turn.Message.Channel, turn.Message.ChatId, repliedTo)
            : null;
        if (CorrectionReader.Read(turn.Text, repliedBooking is not null, turn.ParseContext, rules) is not { } request) return null;
        if (!turn.Member.CanWrite)
            return Answer.Text("refused", turn.Format(turn.Say.ViewerCannotBook, turn.Member.Context.Name));
        if (!request.ChangesSomething) return Answer.Text("correction_unclear", turn.Say.CorrectionUnclear);

        IReadOnlyList<BookedTransaction> booking;
        if (repliedBooking is { } id) booking = await transactions.BookingAsync(turn.Session, id);
        else
        {
            var recent = await transactions.RecentAsync(turn.Session, turn.Now - Window, bookings: 5);
            if (recent.Count == 0) return Answer.Text("correction_nothing", turn.Format(turn.Say.NothingRecentToCorrect, Window.TotalHours));
            // "not 45, 54" names the booking by its old amount; otherwise the latest is meant.
            var named = request.OldAmount is { } old ? recent.Where(t => t.Amount == old).ToList() : [];
            if (request.OldAmount is not null && named.Count == 0)
                return Choose(turn, request, recent.Where(t => t.Direction == "expense").Take(5).ToList());
            var latest = named.FirstOrDefault() ?? recent[0];
            booking = recent.Where(t => t.Source == latest.Source && t.SourceMessageId == latest.SourceMessageId).ToList();
        }
        if (booking.Count == 0) return Answer.Text("correction_nothing", turn.Format(turn.Say.NothingRecentToCorrect, Window.TotalHours));

        if (request.Delete) return await DeleteAsync(turn, booking[0].Id);
        var item = booking.Count == 1 ? booking[0]
            : request.OldAmount is { } oldAmount ? booking.FirstOrDefault(t => t.Amount == oldAmount) : null;
        if (request.Amount is not null && item is null) return Choose(turn, request, booking);
        return await ApplyAsync(turn, booking, item, request);
    }

    /// <summary>/edit ID amount=6 category=groceries date=2026-11-24: the buttons of a correction (and of its Undo).</summary>
    public async Task<Answer> EditAsync(Turn turn)
    {
        if (!turn.Member.CanWrite)
            return Answer.Text("refused", turn.Format(turn.Say.ViewerCannotBook, turn.Member.Context.Name));
        var words = ConversationHandler.Argument(turn.Text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (ConversationHandler.BookingId(turn.Text) is not { } id) return Answer.Text("answered", turn.Say.NothingToCorrect);
        var booking = await transactions.BookingAsync(turn.Session, id);
        if (booking.Count == 0) return Answer.Text("answered", turn.Say.NothingToCorrect);
        var settings = words.Skip(1).Select(w => w.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        var request = new CorrectionRequest(false,
            settings.TryGetValue("amount", out var a) && decimal.TryParse(a, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) ? amount : null,
            null,
            settings.TryGetValue("category", out var c) && Categories.IsKnown(c) ? c : null,
            settings.TryGetValue("date", out var d) && DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null,
            Certain: true);
        if (!request.ChangesSomething) return Answer.Text("answered", turn.Say.NothingToCorrect);
        return await ApplyAsync(turn, booking, booking.FirstOrDefault(t => t.Id == id), request);
    }

    /// <summary>/restore ID: the Undo of a deletion.</summary>
    public async Task<Answer> RestoreAsync(Turn turn)
    {
        if (!turn.Member.CanWrite)
            return Answer.Text("refused", turn.Format(turn.Say.ViewerCannotBook, turn.Member.Context.Name));
        if (ConversationHandler.BookingId(turn.Text) is not { } id) return Answer.Text("answered", turn.Say.NothingToCorrect);
        var restored = await transactions.RestoreAsync(turn.Session, id);
        if (restored.Count == 0) return Answer.Text("answered", turn.Say.NothingToCorrect);
        return new Answer("restored", new OutboundReply(
            turn.Format(turn.Say.Restored, string.Join("\n• ", restored.Select(t => Booking.Line(turn, t)))),
            Booking.Actions(turn, restored[0].Id)));
    }

    private async Task<Answer> DeleteAsync(Turn turn, long id)
    {
        var removed = await transactions.UndoAsync(turn.Session, id);
        if (removed.Count == 0) return Answer.Text("answered", turn.Say.NothingToCorrect);
        return new Answer("deleted", new OutboundReply(
            turn.Format(turn.Say.Deleted, string.Join("\n• ", removed.Select(t => Booking.Line(turn, t)))),
            [[new ReplyButton(turn.Say.ButtonUndo, $"/restore {removed[0].Id}")]]));
    }

    private async Task<Answer> ApplyAsync(Turn turn, IReadOnlyList<BookedTransaction> booking, BookedTransaction? item, CorrectionRequest request)
    {
        var first = booking[0];
        var changes = new List<string>();
        var undo = new List<string>();
        if (request.Amount is { } amount && item is not null && amount != item.Amount)
        {
            await transactions.SetAmountAsync(turn.Session, item.Id, amount);
            changes.Add($"{turn.Money(item.Amount, item.Currency)} → {turn.Money(amount, item.Currency)}");
            undo.Add(string.Create(CultureInfo.InvariantCulture, $"amount={item.Amount:0.####}"));
        }
        if (request.Category is { } category && booking.Any(t => t.Category != category))
        {
            await transactions.SetCategoryAsync(turn.Session, booking.Select(t => t.Id), category);
            // The context's own choice for this shop wins from the next message on (as /category does).
            if (booking.Select(t => t.Merchant).FirstOrDefault(m => !string.IsNullOrEmpty(m)) is { } merchant)
                await overrides.SetAsync(turn.Session, merchant, category);
            changes.Add($"{turn.Category(first.Category)} → {turn.Category(category)}");
            undo.Add("category=" + first.Category);
        }
        if (request.Date is { } date && booking.Any(t => t.LocalDate != date))
        {
            await transactions.SetDateAsync(turn.Session, booking.Select(t => t.Id), date);
            changes.Add($"{turn.Date(first.LocalDate)} → {turn.Date(date)}");
            undo.Add("date=" + first.LocalDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        var now = await transactions.BookingAsync(turn.Session, first.Id);
        var lines = string.Join("\n• ", now.Select(t => Booking.Line(turn, t)));
        if (changes.Count == 0) return Answer.Text("answered", turn.Format(turn.Say.AlreadySo, lines));
        var target = item ?? first;
        return new Answer("corrected", new OutboundReply(
            turn.Format(turn.Say.Corrected, string.Join(" · ", changes), lines),
            [[new ReplyButton(turn.Say.ButtonUndo, $"/edit {target.Id} {string.Join(' ', undo)}")]]));
    }

    /// <summary>It is unclear which booking or item is meant: one button per candidate.</summary>
    private static Answer Choose(Turn turn, CorrectionRequest request, IReadOnlyList<BookedTransaction> candidates)
    {
        if (candidates.Count == 0) return Answer.Text("correction_nothing", turn.Format(turn.Say.NothingRecentToCorrect, Window.TotalHours));
        var settings = new List<string>();
        if (request.Amount is { } amount) settings.Add(string.Create(CultureInfo.InvariantCulture, $"amount={amount:0.####}"));
        if (request.Category is { } category) settings.Add("category=" + category);
        if (request.Date is { } date) settings.Add("date=" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return new Answer("correction_question", new OutboundReply(turn.Say.WhichOne,
            candidates.Select(t => (IReadOnlyList<ReplyButton>)[new ReplyButton(Booking.Line(turn, t), $"/edit {t.Id} {string.Join(' ', settings)}")]).ToList()));
    }
}
