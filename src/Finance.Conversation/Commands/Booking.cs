using System.Globalization;
using System.Text;
using Finance.Core;
using Finance.Ledger.Contexts;
using Finance.Ledger.Transactions;

namespace Finance.Conversation.Commands;

/// <summary>Free text: understand it, then book what it records or answer what it asks.</summary>
public sealed class Booking(
    ITransactionParser parser, TransactionStore transactions, CategoryOverrideStore known, ContextStore contexts,
    SpendingQuestion question, Subscriptions subscriptions)
{
    /// <summary>The same thing booked again within this span is asked about before it is booked.</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromMinutes(10);

    /// <param name="again">The user said to book it even though it looks like one booked moments ago.</param>
    /// <param name="category">The category the user picked when asked what it was (<c>/as CATEGORY text</c>).</param>
    public async Task<Answer> HandleAsync(Turn turn, CancellationToken cancellationToken, bool again = false, string? category = null)
    {
        var split = SplitRequest.Read(turn.Text);
        ParsedMessage understood;
        using (FinanceTelemetry.Stage("understanding", turn.Message.Channel))
            understood = await parser.ParseAsync(split?.Rest ?? turn.Text, turn.ParseContext, cancellationToken);
        if (understood.Intent == Intent.Query && understood.Query is { } query)
            return await question.AnswerAsync(turn, query, cancellationToken);
        if (understood.Intent != Intent.Record || understood.Transactions.Count == 0)
            return turn.Message is { InGroup: true, Addressed: false }
                ? Answer.Silent("not_for_the_bot")
                : Answer.Text("nothing_understood", turn.Say.NothingUnderstood);
        if (!turn.Member.CanWrite)
            return Answer.Text("refused", string.Format(turn.Say.ViewerCannotBook, turn.Member.Context.Name));
        // "netflix 55.90 monthly" declares a subscription to track rather than a charge to book.
        if (understood.Transactions is [{ Direction: Direction.Expense } single] && Subscriptions.CadenceIn(turn.Text) is { } cadence)
            return await subscriptions.TrackAsync(turn, single, cadence);
        // A bare "42" says how much but not what for: asked, not guessed.
        if (understood.Transactions is [{ Direction: Direction.Expense, Description: null, Merchant: null } bare]
            && ReceiptBooking.BareAmount(turn.Text) is not null)
            return await AskWhatForAsync(turn, bare);

        var items = StatedTotal.Apply(split?.Rest ?? turn.Text, understood.Transactions);
        if (category is not null) items = [.. items.Select(t => t.Direction == Direction.Expense ? t with { Category = category } : t)];
        // Nothing said what it was for (no word, shop or model the parser trusts): one question, not a guess.
        else if (items is [{ Direction: Direction.Expense, Category: Categories.Other } unsure] && split is not { Ways: null }
                 && (unsure.Merchant is null || await known.KnownCategoryAsync(turn.Session, unsure.Merchant) is null))
            return await AskWhatForAsync(turn, unsure, turn.Text);
        if (split is { Ways: null })
            return new Answer("split_question", new OutboundReply(turn.Say.SplitHowMany,
                [[.. Enumerable.Range(2, 4).Select(n => new ReplyButton(n.ToString(CultureInfo.InvariantCulture), $"{turn.Text} /{n}"))]]));
        // "split with Ana" where Ana is of this context: her share is booked as hers, beside the user's own.
        var sharers = split is { Names: { Count: > 0 } names } ? await MembersAsync(turn, names) : null;
        if (split is { Ways: { } ways })
            items = [.. items.SelectMany(t => sharers is null ? [Share(turn, t, ways)]
                : (IEnumerable<ParsedTransaction>)[Share(turn, t, ways), .. sharers.Select(p => Share(turn, t, ways, p.Name))])];
        // Unless told to book it again, the same thing booked moments ago is asked about instead (a pasted message,
        // a resent photo, a double tap); the look back is part of the booking's own statement.
        var outcome = again
            ? new BookingOutcome(await transactions.BookAsync(turn.Session, items, turn.Message.Channel, turn.Message.ExternalId, turn.Now), null)
            : await transactions.BookUnlessRepeatedAsync(turn.Session, items, turn.Message.Channel, turn.Message.ExternalId,
                turn.Now - DuplicateWindow, turn.Now);
        if (outcome.Repeats is { } earlier)
            return new Answer("duplicate_question", new OutboundReply(
                turn.Format(turn.Say.DuplicateQuestion,
                    TimeZoneInfo.ConvertTime(earlier.BookedAt, turn.Member.Context.Zone).ToString("HH:mm", CultureInfo.InvariantCulture),
                    Line(turn, earlier.Earlier)),
                [[new ReplyButton(turn.Say.ButtonBookAgain, "/again " + turn.Text), new ReplyButton(turn.Say.ButtonNo, "/skip")]]));

        var booked = outcome.Booked;
        if (sharers is not null)
        {
            // Items come as: the user's share, then one per sharer, for each item of the message.
            for (var i = 0; i < booked.Count; i++)
                if (i % (sharers.Count + 1) is var k and > 0)
                    await transactions.SetAuthorAsync(turn.Session, booked[i].Id, sharers[k - 1].UserId);
        }
        return new Answer("booked", new OutboundReply(Confirmation(turn, booked), Actions(turn, booked[0].Id)));
    }

    /// <summary>The context's members the split names, when every name is one (null otherwise: then only the
    /// user's own share is booked, as for friends outside the ledger).</summary>
    private async Task<IReadOnlyList<ContextPerson>?> MembersAsync(Turn turn, IReadOnlyList<string> names)
    {
        var found = new List<ContextPerson>(names.Count);
        foreach (var name in names)
        {
            if (await contexts.OtherMemberNamedAsync(turn.Session, name) is not { } person || found.Contains(person)) return null;
            found.Add(person);
        }
        return found;
    }

    /// <summary>/add AMOUNT CURRENCY CATEGORY: the buttons of "What was 42 for?".</summary>
    public async Task<Answer> AddAsync(Turn turn)
    {
        var words = ConversationHandler.Argument(turn.Text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length != 3 || !decimal.TryParse(words[0], NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) || amount <= 0
            || words[1].Length != 3 || !words[1].All(char.IsAsciiLetterUpper) || !Categories.IsKnown(words[2]))
            return Answer.Text("nothing_understood", turn.Say.NothingUnderstood);
        if (!turn.Member.CanWrite)
            return Answer.Text("refused", string.Format(turn.Say.ViewerCannotBook, turn.Member.Context.Name));
        var item = new ParsedTransaction(amount, words[1], Direction.Expense, words[2], null, turn.Today);
        var booked = await transactions.BookAsync(turn.Session, [item], turn.Message.Channel, turn.Message.ExternalId, turn.Now);
        return new Answer("booked", new OutboundReply(Confirmation(turn, booked), Actions(turn, booked[0].Id)));
    }

    /// <summary>/as CATEGORY text: the text booked under the category the user picked.</summary>
    public async Task<Answer> AsAsync(Turn turn, CancellationToken cancellationToken)
    {
        var argument = ConversationHandler.Argument(turn.Text);
        var words = argument.Split(' ', 2);
        if (words.Length != 2 || !Categories.IsKnown(words[0])) return Answer.Text("nothing_understood", turn.Say.NothingUnderstood);
        return await HandleAsync(turn with { Text = words[1] }, cancellationToken, category: words[0]);
    }

    /// <summary>"What was $42.00 for?" (a bare amount) or "Which category is $42.00 · at Zorblax?" (words the parser
    /// could not place), with the context's most used categories as buttons.</summary>
    private async Task<Answer> AskWhatForAsync(Turn turn, ParsedTransaction bare, string? text = null)
    {
        var used = await transactions.TotalsByCategoryAsync(turn.Session, turn.Today.AddDays(-60), turn.Today);
        var likely = used.Where(t => t.Direction == "expense" && t.Category != Categories.Other)
            .GroupBy(t => t.Category).OrderByDescending(g => g.Sum(t => t.Count)).Select(g => g.Key)
            .Concat([Categories.Groceries, Categories.Dining, Categories.Transport, Categories.Shopping, Categories.Health])
            .Distinct().Take(5).Append(Categories.Other).ToList();
        var amount = bare.Amount.ToString("0.####", CultureInfo.InvariantCulture);
        var what = turn.Money(bare.Amount, bare.Currency);
        if (text is not null && (bare.Merchant ?? bare.Description) is { } words)
            what += " · " + (bare.Merchant is null ? words : $"{turn.Say.At} {Title(words)}");
        return new Answer("what_for_question", new OutboundReply(
            turn.Format(text is null ? turn.Say.WhatFor : turn.Say.WhatForUnsure, what),
            likely.Select(c => new ReplyButton(turn.Category(c), text is null ? $"/add {amount} {bare.Currency} {c}" : $"/as {c} {text}")).Chunk(3)
                .Select(row => (IReadOnlyList<ReplyButton>)row).ToList()));
    }

    /// <summary>The user's share of a split bill (or, named, another member's); the note keeps the whole.</summary>
    private static ParsedTransaction Share(Turn turn, ParsedTransaction item, int ways, string? whose = null)
    {
        var note = turn.Format(turn.Say.SplitNote, ways, turn.Money(item.Amount, item.Currency));
        if (whose is not null) note = turn.Format(turn.Say.SplitMemberNote, whose, note);
        return item with
        {
            Amount = Math.Round(item.Amount / ways, 2, MidpointRounding.AwayFromZero),
            Description = string.IsNullOrEmpty(item.Description) ? note : $"{item.Description} ({note})",
        };
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
