using System.Globalization;
using Finance.Banks.Ingest;
using Finance.Banks.Statements;
using Finance.Conversation.Replies;
using Finance.Core;

namespace Finance.Conversation.Commands;

/// <summary>
/// Statement files sent in chat (a document: OFX/QFX, CAMT.053, CSV) imported into the active context, by its
/// owner or an editor. A layout the reader cannot settle is kept and shown as guessed, with buttons
/// (<c>/import ID d1 c0 p0</c>) to confirm or flip it; a doubtful match is asked about with buttons
/// (<c>/bankmatch ID same|new</c>).
/// </summary>
public sealed class Statements(StatementImport import, StatementUploadStore uploads, BankIngest ingest)
{
    public async Task<Answer> HandleFileAsync(Turn turn, byte[] content, string? fileName)
    {
        if (!turn.Member.CanWrite) return Answer.Text("refused", string.Format(turn.Say.ViewerCannotImport, turn.Member.Context.Name));
        return await ImportAsync(turn, content, fileName, keptId: null, choices: null);
    }

    /// <summary>/import ID d1 c0 p0: the confirmed (or flipped) layout of a kept upload.</summary>
    public async Task<Answer> ConfirmAsync(Turn turn)
    {
        var say = turn.Say;
        if (!turn.Member.CanWrite) return Answer.Text("refused", string.Format(say.ViewerCannotImport, turn.Member.Context.Name));
        var words = ConversationHandler.Argument(turn.Text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || !long.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ||
            await uploads.WaitingAsync(turn.Session, id) is not { } upload)
            return Answer.Text("answered", say.UploadGone);
        bool? Choice(char key) => words.Skip(1).FirstOrDefault(w => w.Length == 2 && w[0] == key) is { } w ? w[1] == '1' : null;
        return await ImportAsync(turn, upload.Content, fileName: null, keptId: id, new LayoutChoices(Choice('d'), Choice('c'), Choice('p')));
    }

    /// <summary>Imports a file, or keeps it (once) and shows the guessed layout when the layout is in doubt; a kept
    /// upload that imports is marked so.</summary>
    private async Task<Answer> ImportAsync(Turn turn, byte[] content, string? fileName, long? keptId, LayoutChoices? choices)
    {
        try
        {
            var result = await import.ImportAsync(turn.Session, content, turn.Member.Context.BaseCurrency, choices);
            if (result.NeedsConfirmation)
                return Guess(turn, keptId ?? await uploads.AddAsync(turn.Session, fileName, content), result.Statement);
            if (keptId is { } id) await uploads.MarkImportedAsync(turn.Session, id);
            return Summary(turn, result);
        }
        catch (StatementFormatException e)
        {
            return Answer.Text("not_a_statement", string.Format(turn.Say.NotAStatement, e.Message));
        }
    }

    /// <summary>/bankmatch ID same|new: the answer to a doubtful match.</summary>
    public async Task<Answer> AnswerMatchAsync(Turn turn)
    {
        var say = turn.Say;
        if (!turn.Member.CanWrite) return Answer.Text("refused", string.Format(say.ViewerCannotImport, turn.Member.Context.Name));
        var words = ConversationHandler.Argument(turn.Text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length != 2 || !long.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return Answer.Text("answered", say.AlreadyAnswered);
        var same = words[1] == "same";
        var settled = await ingest.AnswerAsync(turn.Session, id, same);
        return Answer.Text("answered", settled is null ? say.AlreadyAnswered : same ? say.LinkedAnswer : say.BookedAnswer);
    }

    private static Answer Summary(Turn turn, ImportResult result)
    {
        var say = turn.Say;
        var context = turn.Member.Context.Name;
        var seen = result.Count(IngestStatus.AlreadySeen) + result.Count(IngestStatus.PendingBooked) + result.Count(IngestStatus.Changed);
        var text = seen == result.Outcomes.Count
            ? string.Format(say.ImportedNothingNew, result.Outcomes.Count, context)
            : string.Format(say.Imported, context, result.Count(IngestStatus.Booked), result.Count(IngestStatus.Linked), seen);
        var (questions, buttons) = BankReplies.Questions(result.Outcomes, turn.Language, turn.Today);
        if (questions.Count > 0) text += "\n" + string.Join('\n', questions);
        return new Answer("imported", new OutboundReply(text, buttons.Count == 0 ? null : buttons));
    }

    private static Answer Guess(Turn turn, long id, Statement statement)
    {
        var say = turn.Say;
        var layout = statement.Layout!;
        var lines = new List<string>
        {
            layout.DayFirst ? say.DatesDayFirst : say.DatesMonthFirst,
            layout.DecimalComma ? say.DecimalComma : say.DecimalDot,
        };
        if (layout.AmountColumn >= 0) lines.Add(layout.PositiveIsIncome ? say.PositiveIsIncome : say.PositiveIsExpense);
        var sample = statement.Rows.Take(3).Select(r =>
            $"{r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} {(r.Direction == Direction.Income ? "+" : "−")}{turn.Money(r.Amount, r.Currency)} {r.Description}");
        var text = string.Format(say.LayoutGuess, string.Join('\n', lines), string.Join('\n', sample));

        // Every button names the whole layout, so any press (on any host, in any order) is complete on its own.
        string Data(bool flipDates = false, bool flipDecimal = false, bool flipSign = false) =>
            $"/import {id} d{Bit(layout.DayFirst ^ flipDates)} c{Bit(layout.DecimalComma ^ flipDecimal)} p{Bit(layout.PositiveIsIncome ^ flipSign)}";
        var buttons = new List<IReadOnlyList<ReplyButton>> { new[] { new ReplyButton(say.LooksRight, Data()) } };
        if (statement.Doubts.Contains(LayoutDoubt.DayMonthOrder)) buttons.Add([new ReplyButton(say.FlipDates, Data(flipDates: true))]);
        if (statement.Doubts.Contains(LayoutDoubt.DecimalMark)) buttons.Add([new ReplyButton(say.FlipDecimal, Data(flipDecimal: true))]);
        if (statement.Doubts.Contains(LayoutDoubt.Sign)) buttons.Add([new ReplyButton(say.FlipSign, Data(flipSign: true))]);
        return new Answer("layout_asked", new OutboundReply(text, buttons));
    }

    private static char Bit(bool value) => value ? '1' : '0';
}
