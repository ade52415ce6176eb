using Finance.Core;

namespace Finance.Ledger.Transactions;

/// <summary>Bookings of the session's context. Row-level security scopes every statement; the
/// explicit <c>app_context()</c> filters only help the planner use the indexes.</summary>
public sealed class TransactionStore
{
    /// <summary>Books the items of one message, applying the context's category corrections. A message
    /// already booked books nothing again: the returned list then holds the earlier rows.</summary>
    public async Task<IReadOnlyList<BookedTransaction>> BookAsync(
        LedgerSession session, IReadOnlyList<ParsedTransaction> items, string source, string sourceMessageId)
    {
        var rows = await session.QueryAsync<BookedTransaction>("""
            INSERT INTO transactions (context_id, amount, currency, direction, category, merchant, description,
                                      local_date, source, source_message_id, item_no, created_by)
            SELECT app_context(), i.amount, i.currency, i.direction,
                   -- the context's own choice for this merchant wins over what was understood
                   coalesce((SELECT o.category FROM category_overrides o
                             WHERE o.context_id = app_context() AND i.direction = 'expense'
                               AND o.merchant = lower(trim(i.merchant))), i.category),
                   i.merchant, i.description,
                   i.local_date, @source, @sourceMessageId, i.item_no, app_user()
            FROM unnest(@amounts, @currencies, @directions, @categories, @merchants, @descriptions, @dates, @itemNos)
                 AS i(amount, currency, direction, category, merchant, description, local_date, item_no)
            ON CONFLICT (context_id, source, source_message_id, item_no) DO NOTHING
            RETURNING id, amount, currency, direction, category, merchant, description, local_date,
                      source, source_message_id, created_by
            """, new
        {
            source,
            sourceMessageId,
            amounts = items.Select(i => i.Amount).ToArray(),
            currencies = items.Select(i => i.Currency).ToArray(),
            directions = items.Select(i => i.Direction.ToWire()).ToArray(),
            categories = items.Select(i => i.Category).ToArray(),
            merchants = items.Select(i => i.Merchant).ToArray(),
            descriptions = items.Select(i => i.Description).ToArray(),
            dates = items.Select(i => i.Date).ToArray(),
            itemNos = Enumerable.Range(0, items.Count).ToArray(),
        });
        var booked = rows.ToList();
        return booked.Count == items.Count ? booked : await OfMessageAsync(session, source, sourceMessageId);
    }

    public async Task<IReadOnlyList<BookedTransaction>> OfMessageAsync(LedgerSession session, string source, string sourceMessageId) =>
        (await session.QueryAsync<BookedTransaction>("""
            SELECT id, amount, currency, direction, category, merchant, description, local_date,
                   source, source_message_id, created_by
            FROM transactions
            WHERE context_id = app_context() AND source = @source AND source_message_id = @sourceMessageId
              AND deleted_at IS NULL
            ORDER BY item_no
            """, new { source, sourceMessageId })).ToList();

    /// <summary>Soft-deletes the acting user's most recent booking (all items of its message).</summary>
    public async Task<IReadOnlyList<BookedTransaction>> UndoLastAsync(LedgerSession session) =>
        (await session.QueryAsync<BookedTransaction>("""
            WITH last AS (
                SELECT source, source_message_id FROM transactions
                WHERE context_id = app_context() AND created_by = app_user() AND deleted_at IS NULL
                ORDER BY id DESC LIMIT 1)
            UPDATE transactions t SET deleted_at = now()
            FROM last
            WHERE t.context_id = app_context() AND t.created_by = app_user() AND t.deleted_at IS NULL
              AND t.source = last.source AND t.source_message_id IS NOT DISTINCT FROM last.source_message_id
            RETURNING t.id, t.amount, t.currency, t.direction, t.category, t.merchant, t.description,
                      t.local_date, t.source, t.source_message_id, t.created_by
            """)).OrderBy(t => t.Id).ToList();

    /// <summary>The acting user's most recent booking (all its items), for corrections.</summary>
    public async Task<IReadOnlyList<BookedTransaction>> LastBookingAsync(LedgerSession session) =>
        (await session.QueryAsync<BookedTransaction>("""
            WITH last AS (
                SELECT source, source_message_id FROM transactions
                WHERE context_id = app_context() AND created_by = app_user() AND deleted_at IS NULL
                ORDER BY id DESC LIMIT 1)
            SELECT t.id, t.amount, t.currency, t.direction, t.category, t.merchant, t.description,
                   t.local_date, t.source, t.source_message_id, t.created_by
            FROM transactions t JOIN last ON t.source = last.source
                 AND t.source_message_id IS NOT DISTINCT FROM last.source_message_id
            WHERE t.context_id = app_context() AND t.deleted_at IS NULL
            ORDER BY t.id
            """)).ToList();

    public Task<int> SetCategoryAsync(LedgerSession session, IEnumerable<long> ids, string category) =>
        session.ExecuteAsync(
            "UPDATE transactions SET category = @category WHERE context_id = app_context() AND id = ANY(@ids)",
            new { category, ids = ids.ToArray() });

    public async Task<IReadOnlyList<CategoryTotal>> TotalsByCategoryAsync(LedgerSession session, DateOnly from, DateOnly to) =>
        (await session.QueryAsync<CategoryTotal>("""
            SELECT category, currency, direction, sum(amount) AS total, count(*)::int AS count
            FROM transactions
            WHERE context_id = app_context() AND deleted_at IS NULL AND local_date BETWEEN @from AND @to
            GROUP BY category, currency, direction
            ORDER BY direction, currency, total DESC, category
            """, new { from, to })).ToList();

    /// <summary>Sum of one direction per currency, optionally for one category or merchant.</summary>
    public async Task<IReadOnlyList<(string Currency, decimal Total, int Count)>> TotalAsync(
        LedgerSession session, DateOnly from, DateOnly to, string direction, string? category, string? merchant) =>
        (await session.QueryAsync<(string, decimal, int)>("""
            SELECT currency, sum(amount), count(*)::int
            FROM transactions
            WHERE context_id = app_context() AND deleted_at IS NULL AND local_date BETWEEN @from AND @to
              AND direction = @direction
              AND (@category::text IS NULL OR category = @category)
              AND (@merchant::text IS NULL OR merchant ILIKE '%' || @merchant || '%')
            GROUP BY currency ORDER BY 2 DESC
            """, new { from, to, direction, category, merchant })).ToList();

    public async Task<IReadOnlyList<MerchantTotal>> TopMerchantsAsync(
        LedgerSession session, DateOnly from, DateOnly to, int limit) =>
        (await session.QueryAsync<MerchantTotal>("""
            SELECT merchant, currency, sum(amount) AS total, count(*)::int AS count
            FROM transactions
            WHERE context_id = app_context() AND deleted_at IS NULL AND local_date BETWEEN @from AND @to
              AND direction = 'expense' AND merchant IS NOT NULL
            GROUP BY merchant, currency ORDER BY total DESC, merchant LIMIT @limit
            """, new { from, to, limit })).ToList();

    public async Task<IReadOnlyList<BookedTransaction>> ListAsync(
        LedgerSession session, DateOnly from, DateOnly to, string? category, string? merchant, int limit) =>
        (await session.QueryAsync<BookedTransaction>("""
            SELECT id, amount, currency, direction, category, merchant, description, local_date,
                   source, source_message_id, created_by
            FROM transactions
            WHERE context_id = app_context() AND deleted_at IS NULL AND local_date BETWEEN @from AND @to
              AND (@category::text IS NULL OR category = @category)
              AND (@merchant::text IS NULL OR merchant ILIKE '%' || @merchant || '%')
            ORDER BY local_date DESC, id DESC LIMIT @limit
            """, new { from, to, category, merchant, limit })).ToList();
}
