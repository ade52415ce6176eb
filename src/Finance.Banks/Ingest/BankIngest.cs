using Finance.Banks.Descriptions;
using Finance.Banks.Matching;
using Finance.Core;
using Finance.Understanding.Parsing;
using Finance.Ledger;
using Finance.Ledger.Contexts;
using Finance.Ledger.Transactions;

namespace Finance.Banks.Ingest;

public enum IngestStatus
{
    /// <summary>Booked as a new transaction of its own.</summary>
    Booked,
    /// <summary>Confirmed a booking already chatted, spoken or photographed.</summary>
    Linked,
    /// <summary>May be a booking already made: the user is asked.</summary>
    Asking,
    /// <summary>A pending row that has now booked: the same row was updated.</summary>
    PendingBooked,
    /// <summary>Seen before, and the bank changed it since (Plaid's <c>modified</c>: an amount, date or text corrected):
    /// the same row was updated.</summary>
    Changed,
    /// <summary>Seen before (a sync or an overlapping file): nothing changed.</summary>
    AlreadySeen,
}

/// <summary>What became of one bank row.</summary>
public sealed record IngestOutcome(BankRow Row, DescribedRow Described, IngestStatus Status, long BankRowId, long? TransactionId, MatchResult Match);

/// <summary>
/// Takes bank rows (from a sync or a statement file) into the session's context: each is recognised by its
/// provider id, matched against what people booked themselves, and then linked, asked about or booked — once.
/// The caller commits (or, for a dry run, does not).
/// </summary>
public sealed class BankIngest(BankRowStore rows, TransactionStore transactions, BankDescriptions descriptions, ContextStore contexts)
{
    public async Task<IReadOnlyList<IngestOutcome>> IngestAsync(LedgerSession session, IReadOnlyList<BankRow> batch)
    {
        var outcomes = new List<IngestOutcome>(batch.Count);
        if (batch.Count == 0) return outcomes;
        // The context's country decides between brands that share a name, as it does for chatted bookings.
        var context = await contexts.CurrentAsync(session);
        var country = ChatCountry.Of(context.Zone, context.BaseCurrency);
        // Oldest first, so a pending row is stored before the booked row that replaces it arrives in the same batch.
        foreach (var row in batch.OrderBy(r => r.Pending ? 0 : 1).ThenBy(r => r.Date))
            outcomes.Add(await IngestAsync(session, row, country));
        return outcomes;
    }

    private async Task<IngestOutcome> IngestAsync(LedgerSession session, BankRow row, string? country)
    {
        var described = descriptions.Describe(row.Description, row.Direction, country);
        if (await rows.FindAsync(session, row) is { } seen)
        {
            if (seen.Pending && !row.Pending)
            {
                await rows.UpdateAsync(session, seen.Id, row);
                return Seen(IngestStatus.PendingBooked, seen);
            }
            if (seen.Amount != row.Amount || seen.LocalDate != row.Date || seen.Description != row.Description || seen.Pending != row.Pending)
            {
                await rows.UpdateAsync(session, seen.Id, row);
                return Seen(IngestStatus.Changed, seen);
            }
            return Seen(IngestStatus.AlreadySeen, seen);
        }
        // A booked row that names its pending row replaces it even when the amount changed (a tip added).
        if (!row.Pending && row.PendingId is not null && await rows.NamedPendingAsync(session, row) is { } named)
        {
            await rows.UpdateAsync(session, named.Id, row);
            return Seen(IngestStatus.PendingBooked, named);
        }
        if (!row.Pending && await rows.PendingLikeAsync(session, row) is { } pending)
        {
            await rows.UpdateAsync(session, pending.Id, row);
            return Seen(IngestStatus.PendingBooked, pending);
        }

        var match = BankMatcher.Decide(row.Date, described.Merchant, row.Description, await rows.CandidatesAsync(session, row));
        switch (match.Decision)
        {
            case MatchDecision.Link:
            {
                var id = await rows.InsertAsync(session, row, described.Merchant, described.Category, "matched",
                    match.Transaction!.Id, null, match.Score, match.Reasons);
                return new(row, described, IngestStatus.Linked, id, match.Transaction.Id, match);
            }
            case MatchDecision.Ask:
            {
                var id = await rows.InsertAsync(session, row, described.Merchant, described.Category, "asking",
                    null, match.Transaction!.Id, match.Score, match.Reasons);
                return new(row, described, IngestStatus.Asking, id, null, match);
            }
            default:
            {
                var transactionId = await BookAsync(session, row, described);
                var id = await rows.InsertAsync(session, row, described.Merchant, described.Category, "booked",
                    transactionId, null, null, []);
                return new(row, described, IngestStatus.Booked, id, transactionId, match);
            }
        }

        IngestOutcome Seen(IngestStatus status, StoredBankRow stored) =>
            new(row, described, status, stored.Id, stored.TransactionId, MatchResult.Nothing);
    }

    /// <summary>Rows the provider took back: forgotten, what they booked from the bank alone removed from the ledger,
    /// a chatted booking they confirmed kept (see <see cref="BankRowStore.RemoveAsync"/>). Returns the rows removed.</summary>
    public Task<IReadOnlyList<StoredBankRow>> RemoveAsync(LedgerSession session, string source, IReadOnlyList<string> providerIds) =>
        rows.RemoveAsync(session, source, providerIds);

    /// <summary>The user's answer to a doubtful match: the same as the candidate (linked) or a booking of its own.
    /// Null when the row is not waiting for an answer (answered already, or not of this context).</summary>
    public async Task<long?> AnswerAsync(LedgerSession session, long bankRowId, bool same)
    {
        var stored = await rows.FindAsync(session, bankRowId);
        if (stored is not { Status: "asking", CandidateId: { } candidate }) return null;
        if (same)
        {
            await rows.SettleAsync(session, stored.Id, "matched", candidate);
            return candidate;
        }
        var row = new BankRow(stored.Source, stored.AccountKey, stored.ProviderId, stored.LocalDate, stored.Amount,
            stored.Currency, DirectionNames.Parse(stored.Direction), stored.Description, stored.Pending);
        var transactionId = await BookAsync(session, row, new DescribedRow(stored.Merchant, stored.Category, "stored"));
        await rows.SettleAsync(session, stored.Id, "booked", transactionId);
        return transactionId;
    }

    private async Task<long> BookAsync(LedgerSession session, BankRow row, DescribedRow described)
    {
        var booked = await transactions.BookAsync(session,
            [new ParsedTransaction(row.Amount, row.Currency, row.Direction, described.Category, described.Merchant, row.Date, row.Description)],
            row.Source, $"{row.AccountKey}:{row.ProviderId}");
        var transactionId = booked[0].Id;
        await rows.AttachWaitingReceiptAsync(session, row, transactionId);
        return transactionId;
    }
}
