using System.Text.Json;
using Finance.Core;
using Finance.Banks.Matching;
using Finance.Ledger;
using Finance.Ledger.Transactions;

namespace Finance.Banks.Ingest;

/// <summary>A bank row as kept in bank_rows: what it became in the ledger and why.</summary>
public sealed record StoredBankRow(
    long Id, string Source, string AccountKey, string ProviderId, DateOnly LocalDate, decimal Amount, string Currency,
    string Direction, string Description, string? Merchant, string Category, bool Pending, string Status,
    long? TransactionId, long? CandidateId, decimal? Score, string Reasons);

/// <summary>The bank rows of the session's context (row-level security) and the bookings they may confirm.</summary>
public sealed class BankRowStore
{
    private const string Columns = """
        id, source, account_key, provider_id, local_date, amount, currency, direction, description, merchant, category,
        pending, status, transaction_id, candidate_id, score, reasons::text AS reasons
        """;

    public Task<StoredBankRow?> FindAsync(LedgerSession session, BankRow row) =>
        session.QuerySingleOrDefaultAsync<StoredBankRow>($"""
            SELECT {Columns} FROM bank_rows
            WHERE context_id = app_context() AND source = @Source AND account_key = @AccountKey AND provider_id = @ProviderId
            """, row);

    public Task<StoredBankRow?> FindAsync(LedgerSession session, long id) =>
        session.QuerySingleOrDefaultAsync<StoredBankRow>(
            $"SELECT {Columns} FROM bank_rows WHERE context_id = app_context() AND id = @id", new { id });

    /// <summary>The pending row a booked row names as the one it replaces (<see cref="BankRow.PendingId"/>).</summary>
    public Task<StoredBankRow?> NamedPendingAsync(LedgerSession session, BankRow row) =>
        session.QuerySingleOrDefaultAsync<StoredBankRow>($"""
            SELECT {Columns} FROM bank_rows
            WHERE context_id = app_context() AND pending AND source = @Source AND account_key = @AccountKey AND provider_id = @PendingId
            """, row);

    /// <summary>A pending row of the same account this booked row may be: equal amount and direction, a few days apart.
    /// Banks give the booked row a new id, so the pending one is found by what it says, the closest date first.</summary>
    public Task<StoredBankRow?> PendingLikeAsync(LedgerSession session, BankRow row) =>
        session.QuerySingleOrDefaultAsync<StoredBankRow>($"""
            SELECT {Columns} FROM bank_rows
            WHERE context_id = app_context() AND pending AND source = @Source AND account_key = @AccountKey
              AND amount = @Amount AND currency = @Currency AND direction = @direction
              AND local_date BETWEEN @Date::date - {BankMatcher.DayWindow} AND @Date::date + {BankMatcher.DayWindow}
            ORDER BY abs(local_date - @Date::date), id LIMIT 1
            """, new { row.Source, row.AccountKey, row.Amount, row.Currency, direction = row.Direction.ToWire(), row.Date });

    /// <summary>Bookings a bank row may confirm: live, not from a bank or file, not yet confirmed by another bank row,
    /// with the same amount, currency and direction, within the matcher's day window.</summary>
    public async Task<IReadOnlyList<BookedTransaction>> CandidatesAsync(LedgerSession session, BankRow row) =>
        (await session.QueryAsync<BookedTransaction>($"""
            SELECT t.id, t.amount, t.currency, t.direction, t.category, t.merchant, t.description, t.local_date,
                   t.source, t.source_message_id, t.created_by
            FROM transactions t
            WHERE t.context_id = app_context() AND t.deleted_at IS NULL
              AND t.amount = @Amount AND t.currency = @Currency AND t.direction = @direction
              AND t.local_date BETWEEN @Date::date - {BankMatcher.DayWindow} AND @Date::date + {BankMatcher.DayWindow}
              AND t.source NOT LIKE 'bank:%' AND t.source <> 'import'
              AND NOT EXISTS (SELECT 1 FROM bank_rows b WHERE b.context_id = app_context() AND b.transaction_id = t.id)
            ORDER BY t.id
            """, new { row.Amount, row.Currency, direction = row.Direction.ToWire(), row.Date })).ToList();

    public Task<long> InsertAsync(LedgerSession session, BankRow row, string? merchant, string category, string status,
        long? transactionId, long? candidateId, double? score, IReadOnlyList<string> reasons) =>
        session.QuerySingleAsync<long>("""
            INSERT INTO bank_rows (context_id, source, account_key, provider_id, local_date, amount, currency, direction,
                                   description, merchant, category, pending, status, transaction_id, candidate_id, score, reasons)
            VALUES (app_context(), @Source, @AccountKey, @ProviderId, @Date, @Amount, @Currency, @direction,
                    @Description, @merchant, @category, @Pending, @status, @transactionId, @candidateId, @score, @reasons::jsonb)
            RETURNING id
            """, new
        {
            row.Source, row.AccountKey, row.ProviderId, row.Date, row.Amount, row.Currency, direction = row.Direction.ToWire(),
            row.Description, merchant, category, row.Pending, status, transactionId, candidateId,
            score = score is null ? (decimal?)null : (decimal)score.Value, reasons = JsonSerializer.Serialize(reasons),
        });

    /// <summary>The bank's newer word on a row (a pending row booked, a row it corrected): the row takes its id, date,
    /// amount (a tip may have been added), text and pending flag, and so does its transaction when the bank booked it
    /// (a matched chatted booking keeps its own words).</summary>
    public Task<int> UpdateAsync(LedgerSession session, long id, BankRow row) =>
        session.ExecuteAsync("""
            UPDATE bank_rows SET provider_id = @ProviderId, local_date = @Date, amount = @Amount, description = @Description,
                                 pending = @Pending, updated_at = now()
            WHERE context_id = app_context() AND id = @id;
            UPDATE transactions t SET source_message_id = @AccountKey || ':' || @ProviderId, local_date = @Date, amount = @Amount
            FROM bank_rows b
            WHERE b.context_id = app_context() AND b.id = @id AND b.status = 'booked'
              AND t.context_id = app_context() AND t.id = b.transaction_id;
            """, new { id, row.ProviderId, row.Date, row.Amount, row.Description, row.AccountKey, row.Pending });

    /// <summary>Forgets the rows a provider took back (<paramref name="providerIds"/> of <paramref name="source"/>) and
    /// returns them as they were: a transaction booked from the bank alone is soft-deleted (as /undo deletes) and a
    /// receipt attached to it waits again for its payment; a chatted booking a row confirmed stays, free to be
    /// confirmed by another row; a question about a row is dropped with it.</summary>
    public async Task<IReadOnlyList<StoredBankRow>> RemoveAsync(LedgerSession session, string source, IReadOnlyList<string> providerIds) =>
        providerIds.Count == 0 ? [] : (await session.QueryAsync<StoredBankRow>($"""
            WITH gone AS (
                DELETE FROM bank_rows
                WHERE context_id = app_context() AND source = @source AND provider_id = ANY(@providerIds)
                RETURNING {Columns}),
            dropped AS (
                UPDATE transactions t SET deleted_at = now()
                FROM gone
                WHERE gone.status = 'booked' AND t.context_id = app_context() AND t.id = gone.transaction_id AND t.deleted_at IS NULL
                RETURNING t.id),
            waiting AS (
                UPDATE attachments a SET transaction_id = NULL
                FROM dropped
                WHERE a.context_id = app_context() AND a.kind = 'receipt' AND a.transaction_id = dropped.id
                RETURNING a.id)
            SELECT * FROM gone ORDER BY local_date, id
            """, new { source, providerIds = providerIds.ToArray() })).ToList();

    /// <summary>Settles a doubtful match with the user's answer: the candidate it is, or a booking of its own.</summary>
    public Task<int> SettleAsync(LedgerSession session, long id, string status, long transactionId) =>
        session.ExecuteAsync("""
            UPDATE bank_rows SET status = @status, transaction_id = @transactionId, updated_at = now()
            WHERE context_id = app_context() AND id = @id AND status = 'asking'
            """, new { id, status, transactionId });

    /// <summary>A receipt photo kept without a booking (its total was unclear or never confirmed) that this bank
    /// row pays for: same total and currency, its date within the day window.</summary>
    public Task<int> AttachWaitingReceiptAsync(LedgerSession session, BankRow row, long transactionId) =>
        session.ExecuteAsync($"""
            UPDATE attachments SET transaction_id = @transactionId
            WHERE id = (SELECT id FROM attachments
                        WHERE context_id = app_context() AND transaction_id IS NULL AND kind = 'receipt'
                          AND total = @Amount AND currency = @Currency
                          AND document_date BETWEEN @Date::date - {BankMatcher.DayWindow} AND @Date::date + {BankMatcher.DayWindow}
                        ORDER BY abs(document_date - @Date::date), id LIMIT 1)
            """, new { transactionId, row.Amount, row.Currency, row.Date });
}
