using Finance.Conversation;
using Finance.Conversation.Commands;
using Finance.Core;
using Finance.Ledger;
using Finance.Ledger.Buttons;
using Finance.Ledger.Contexts;
using Finance.Ledger.Inbox;
using Npgsql;
using static Finance.Host.Pipeline.MessageContent;

namespace Finance.Host.Pipeline;

/// <summary>A message's whole way: to text (media are downloaded, transcribed or read before any
/// transaction opens) → understand and handle in a ledger session → the reply is recorded with the
/// booking in one transaction, so a message is booked at most once.</summary>
public sealed class MessagePipeline(
    NpgsqlDataSource database,
    MemberStore members,
    MediaToText toText,
    ConversationHandler conversation,
    ReceiptBooking receipts,
    Statements statements,
    InboxStore inbox,
    ButtonActionStore buttons,
    TimeProvider time)
{
    /// <summary>
    /// Handles <paramref name="items"/> in order in one transaction: all are booked and answered, or none
    /// is. Under load the worker hands over several typed messages at once, so a commit (and its wait for
    /// the disk) is shared by many messages instead of paid by each.
    /// </summary>
    public async Task<IReadOnlyList<Answer>> HandleAsync(IReadOnlyList<InboxItem> items, CancellationToken cancellationToken)
    {
        var contents = new MessageContent[items.Count];
        for (var i = 0; i < items.Count; i++) contents[i] = await toText.ReadAsync(items[i], cancellationToken);

        // The ledger stage is the whole transaction: understanding (timed on its own too) runs inside it.
        using var stage = FinanceTelemetry.Stage("ledger", items[0].Message.Channel);
        await using var session = await LedgerSession.BeginAsync(database, cancellationToken);
        var answers = new Answer[items.Count];
        // The senders are looked up together, and each message's context is entered in the round trip of its first
        // statement (usually the booking): one round trip a message. A message that changed someone's user or context
        // (a new user, /settings, a switch) makes the rest of the run look them up again.
        var found = await members.LookUpAsync(session, items.Select(item => item.Message).ToList());
        for (var i = 0; i < items.Count; i++)
        {
            var message = items[i].Message;
            if (session.MembersChanged)
            {
                var again = await members.LookUpAsync(session, items.Skip(i).Select(item => item.Message).ToList());
                found = [.. found.Take(i), .. again];
            }
            var member = found[i] is { } known ? MemberStore.Enter(session, known) : await members.EnterAsync(session, message);
            var turn = new Turn(session, member, message, Digits.Western(TextOf(contents[i]) ?? message.Text ?? ""), time.GetUtcNow());
            answers[i] = await HandleAsync(turn, contents[i], cancellationToken);
        }
        // Buttons carry stored action ids, so only presses on buttons the bot sent here are acted on; the whole
        // batch's buttons are stored in one statement.
        var withButtons = Enumerable.Range(0, items.Count).Where(i => answers[i].Reply is { Buttons.Count: > 0 }).ToList();
        var stored = await buttons.StoreAsync(session,
            withButtons.Select(i => (items[i].Message.Channel, items[i].Message.ChatId, answers[i].Reply!)).ToList());
        for (var k = 0; k < withButtons.Count; k++) answers[withButtons[k]] = answers[withButtons[k]] with { Reply = stored[k] };
        // Recorded only on rows this worker still holds: one that kept a message past its lease (a batch given up) books
        // and answers nothing, since another claim has it.
        await inbox.AnsweredAsync(session, items[0].ClaimedBy, items.Select((item, i) => (item.Id, answers[i].Outcome, answers[i].Reply)).ToList());
        await session.CommitAsync();
        return answers;
    }

    private async Task<Answer> HandleAsync(Turn turn, MessageContent content, CancellationToken cancellationToken) => content switch
    {
        // A bare amount may answer the question about a receipt's total; anything else is a conversation turn.
        Typed => await receipts.AnswerTotalAsync(turn) ?? await conversation.HandleAsync(turn, cancellationToken),
        Spoken { Text.Length: 0 } => Answer.Text("nothing_heard", turn.Say.HeardNothing),
        Spoken spoken => Heard(turn, spoken, await receipts.AnswerTotalAsync(turn) ?? await conversation.HandleAsync(turn, cancellationToken)),
        Receipt receipt => await PhotoAsync(turn, receipt, cancellationToken),
        StatementFile file => await statements.HandleFileAsync(turn, file.Content, file.FileName),
        Refused refused => Answer.Text("media_rejected", toText.Explain(refused, turn.Language)),
        UnknownButton => Answer.Text("unknown_button", turn.Say.UnknownButton),
        _ when turn.Message is { InGroup: true, Addressed: false } => Answer.Silent("not_for_the_bot"),
        _ => Answer.Text("unsupported", turn.Say.OnlyTextVoiceAndPhotos),
    };

    /// <summary>A receipt is booked from what was read; a photo that is no receipt (a meal, a ticket) from its
    /// caption, when that says what it cost ("lunch 18").</summary>
    private async Task<Answer> PhotoAsync(Turn turn, Receipt receipt, CancellationToken cancellationToken)
    {
        var answer = await receipts.HandleAsync(turn, receipt.Photo);
        if (answer.Outcome != "receipt_unreadable" || turn.Text.Length == 0) return answer;
        var fromCaption = await conversation.HandleAsync(turn, cancellationToken);
        return fromCaption.Outcome is "nothing_understood" or "not_for_the_bot" ? answer : fromCaption;
    }

    /// <summary>The reply to a voice note starts with what was heard, so a mishearing is plain to see.</summary>
    private static Answer Heard(Turn turn, Spoken spoken, Answer answer) =>
        answer with { Reply = (answer.Reply ?? new OutboundReply("")) is var reply && reply.Text.Length > 0
            ? reply with { Text = string.Format(turn.Say.Heard, spoken.Text) + "\n" + reply.Text }
            : new OutboundReply(string.Format(turn.Say.Heard, spoken.Text)) };

    private static string? TextOf(MessageContent content) => content switch
    {
        Typed typed => typed.Text,
        Spoken spoken => spoken.Text,
        _ => null,
    };
}
