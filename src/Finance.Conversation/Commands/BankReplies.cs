using System.Globalization;
using Finance.Banks.Connections;
using Finance.Banks.Ingest;
using Finance.Conversation.Replies;
using Finance.Core;

namespace Finance.Conversation.Commands;

/// <summary>What the bot says about bank connections, in chat (/bank) and unasked (the scheduled sync, the consent
/// callback): one message per sync that brought something new, the rows it brought, and doubtful matches asked
/// about with buttons.</summary>
public static class BankReplies
{
    /// <summary>Rows listed in one message; the rest are counted.</summary>
    private const int MostLines = 8;

    /// <summary>Most questions one message asks; the rest wait in bank_rows for a later look.</summary>
    private const int MaxQuestions = 5;

    /// <summary>After a sync of <paramref name="bank"/>: the new rows and the ones the bank took back, doubtful matches
    /// asked about, then an expired consent (once) or a bank that failed part-way; when someone asked
    /// (<paramref name="always"/>), also that there was nothing new. Null when an unasked sync has nothing to say.</summary>
    public static OutboundReply? AfterSync(string bank, SyncResult result, string language, DateOnly today, bool always)
    {
        var say = Phrases.For(language);
        if (result.Outcome is SyncOutcome.Busy or SyncOutcome.Gone)
            return always && result.Outcome == SyncOutcome.Busy ? new(string.Format(say.BankSyncBusy, bank)) : null;

        var lines = new List<string>();
        var news = result.NewRows;
        var listed = news.Where(r => r.Status != IngestStatus.Asking).ToList();
        if (news.Count > 0) lines.Add(string.Format(MoneyText.Culture(language), say.BankSyncNew, news.Count, bank));
        foreach (var row in listed.Take(MostLines))
            lines.Add(string.Format(row.Status == IngestStatus.Linked ? say.BankSyncLinkedLine : say.BankSyncLine,
                Booking.Title(row.Described.Merchant ?? Unshout(row.Row.Description)), Signed(row.Row.Amount, row.Row.Currency, row.Row.Direction, language),
                MoneyText.Category(row.Described.Category, language), MoneyText.Date(row.Row.Date, today, language)));
        if (listed.Count > MostLines) lines.Add(string.Format(MoneyText.Culture(language), say.BankSyncMore, listed.Count - MostLines));
        // A row booked from the bank alone left the ledger with it; one that confirmed the user's own booking did not.
        foreach (var gone in result.Removed)
            lines.Add(string.Format(gone.Status == "booked" ? say.BankSyncRemoved : say.BankSyncUnlinked, bank,
                Booking.Title(gone.Merchant ?? Unshout(gone.Description)),
                Signed(gone.Amount, gone.Currency, DirectionNames.Parse(gone.Direction), language), MoneyText.Date(gone.LocalDate, today, language)));
        var (questions, buttons) = Questions(news, language, today);
        lines.AddRange(questions);

        switch (result.Outcome)
        {
            case SyncOutcome.ConsentExpired:
            case SyncOutcome.ConsentExpiredAlreadyTold when always:
                lines.Add(string.Format(say.BankExpired, bank));
                break;
            case SyncOutcome.Failed when lines.Count > 0:
                lines.Add(string.Format(say.BankSyncPartial, bank));
                break;
            case SyncOutcome.Failed when always:
                lines.Add(string.Format(say.BankSyncFailed, bank));
                break;
            case SyncOutcome.Synced when lines.Count == 0 && always:
                lines.Add(string.Format(say.BankSyncNothing, bank));
                break;
        }
        return lines.Count == 0 ? null : new(string.Join('\n', lines), buttons.Count == 0 ? null : buttons);
    }

    private static string Signed(decimal amount, string currency, Direction direction, string language) =>
        (direction == Direction.Income ? "+" : "") + MoneyText.Amount(amount, currency, language);

    /// <summary>"PRET A MANGER LONDON" → "Pret A Manger London": banks write descriptions in capitals.</summary>
    private static string Unshout(string text) =>
        text.Any(char.IsLower) ? text : CultureInfo.InvariantCulture.TextInfo.ToTitleCase(text.ToLowerInvariant());

    /// <summary>Doubtful matches as questions, each with its two buttons (<c>/bankmatch ID same|new</c>).</summary>
    public static (IReadOnlyList<string> Lines, IReadOnlyList<IReadOnlyList<ReplyButton>> Buttons) Questions(
        IEnumerable<IngestOutcome> outcomes, string language, DateOnly today)
    {
        var say = Phrases.For(language);
        var lines = new List<string>();
        var buttons = new List<IReadOnlyList<ReplyButton>>();
        foreach (var asking in outcomes.Where(o => o.Status == IngestStatus.Asking).Take(MaxQuestions))
        {
            var theirs = asking.Match.Transaction!;
            lines.Add(string.Format(say.AskSame, MoneyText.Amount(asking.Row.Amount, asking.Row.Currency, language),
                MoneyText.Date(asking.Row.Date, today, language), asking.Row.Description,
                theirs.Merchant ?? theirs.Description ?? MoneyText.Category(theirs.Category, language), MoneyText.Date(theirs.LocalDate, today, language)));
            buttons.Add([
                new ReplyButton(say.Same, $"/bankmatch {asking.BankRowId} same"),
                new ReplyButton(say.Different, $"/bankmatch {asking.BankRowId} new"),
            ]);
        }
        return (lines, buttons);
    }

    /// <summary>The callback finished: the accounts it linked to the context, or that the bank said no.</summary>
    public static OutboundReply Linked(LinkedConsent linked, string contextName, IReadOnlyList<string> accounts, int everyHours, string language)
    {
        var say = Phrases.For(language);
        return linked.Outcome == LinkOutcome.Linked
            ? new(string.Format(MoneyText.Culture(language), say.BankLinked, linked.Institution, contextName,
                accounts.Count == 0 ? say.BankAllAccounts : string.Join(", ", accounts), everyHours))
            : new(string.Format(say.BankLinkRefused, linked.Institution));
    }
}
