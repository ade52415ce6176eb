using Finance.Conversation;
using Finance.Conversation.Commands;
using Finance.Ledger;
using Finance.Ledger.Contexts;
using Finance.Ledger.Inbox;
using Npgsql;
using static Finance.Host.Pipeline.MessageContent;

namespace Finance.Host.Pipeline;

/// <summary>One message's whole way: to text (media are downloaded, transcribed or read before any
/// transaction opens) → understand and handle in a ledger session → the reply is recorded with the
/// booking in one transaction, so a message is booked at most once.</summary>
public sealed class MessagePipeline(
    NpgsqlDataSource database,
    MemberStore members,
    MediaToText toText,
    ConversationHandler conversation,
    ReceiptBooking receipts,
    InboxStore inbox,
    TimeProvider time)
{
    public async Task<Answer> HandleAsync(InboxItem item, CancellationToken cancellationToken)
    {
        var message = item.Message;
        var content = await toText.ReadAsync(item, cancellationToken);
        await using var session = await LedgerSession.BeginAsync(database, cancellationToken);
        var member = await members.EnterAsync(session, message);
        var turn = new Turn(session, member, message, TextOf(content) ?? message.Text ?? "", time.GetUtcNow());
        var answer = await HandleAsync(turn, content, cancellationToken);
        await inbox.AnsweredAsync(session, item.Id, answer.Outcome, answer.Reply);
        await session.CommitAsync();
        return answer;
    }

    private async Task<Answer> HandleAsync(Turn turn, MessageContent content, CancellationToken cancellationToken) => content switch
    {
        // A bare amount may answer the question about a receipt's total; anything else is a conversation turn.
        Typed => await receipts.AnswerTotalAsync(turn) ?? await conversation.HandleAsync(turn, cancellationToken),
        Spoken { Text.Length: 0 } => Answer.Text("nothing_heard", turn.Say.HeardNothing),
        Spoken spoken => Heard(turn, spoken, await receipts.AnswerTotalAsync(turn) ?? await conversation.HandleAsync(turn, cancellationToken)),
        Receipt receipt => await receipts.HandleAsync(turn, receipt.Photo),
        Refused refused => Answer.Text("media_rejected", toText.Explain(refused, turn.Language)),
        _ => Answer.Text("unsupported", turn.Say.OnlyTextVoiceAndPhotos),
    };

    /// <summary>The reply to a voice note starts with what was heard, so a mishearing is plain to see.</summary>
    private static Answer Heard(Turn turn, Spoken spoken, Answer answer) =>
        answer with { Reply = answer.Reply with { Text = string.Format(turn.Say.Heard, spoken.Text) + "\n" + answer.Reply.Text } };

    private static string? TextOf(MessageContent content) => content switch
    {
        Typed typed => typed.Text,
        Spoken spoken => spoken.Text,
        _ => null,
    };
}
