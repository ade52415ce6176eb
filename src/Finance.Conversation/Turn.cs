using Finance.Conversation.Replies;
using Finance.Core;
using Finance.Ledger;
using Finance.Ledger.Contexts;

namespace Finance.Conversation;

/// <summary>One message being answered: who, where, what they said, and the clock and phrases to use.</summary>
public sealed record Turn(LedgerSession Session, Member Member, InboundMessage Message, string Text, DateTimeOffset Now)
{
    public string Language => Member.Language;
    public Phrases Say => Phrases.For(Language);
    public ParseContext ParseContext => new(Now, Member.Context.Zone, Member.Context.BaseCurrency, Language);
    public DateOnly Today => ParseContext.Today;

    /// <summary>A phrase of the catalogue with its arguments, numbers written as the language writes them.</summary>
    public string Format(string phrase, params object?[] arguments) =>
        string.Format(MoneyText.Culture(Language), phrase, arguments);

    public string Money(decimal amount, string currency) => MoneyText.Amount(amount, currency, Language);
    public string Date(DateOnly date) => MoneyText.Date(date, Today, Language);
    public string Category(string category) => MoneyText.Category(category, Language);
}

/// <summary>What handling a message produced: an outcome for the logs and the reply to send.</summary>
public sealed record Answer(string Outcome, OutboundReply? Reply)
{
    public static Answer Text(string outcome, string text) => new(outcome, new OutboundReply(text));

    /// <summary>Nothing to say: a group message that was not meant for the bot.</summary>
    public static Answer Silent(string outcome) => new(outcome, null);
}
