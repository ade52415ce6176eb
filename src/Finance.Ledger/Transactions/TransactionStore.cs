using Finance.Core;
using Npgsql;
using NpgsqlTypes;

namespace Finance.Ledger.Transactions;

/// <summary>Bookings of the session's context. Row-level security scopes every statement; the
/// explicit <c>app_context()</c> filters only help the planner use the indexes.</summary>
public sealed class TransactionStore
{
    /// <summary>Books the items of one message. An expense's category is the first of: the context's own
    /// correction for that merchant, the category it booked there last (its history), and what was understood
    /// (the words the user wrote, then the brand directory, then the classifier). A message already booked books
    /// nothing again: the returned list then holds the earlier rows.</summary>
    /// <param name="bookedAt">When the message was handled, on the host's clock (corrections and duplicates look back
    /// from it); the database's clock when null.</param>
    public async Task<IReadOnlyList<BookedTransaction>> BookAsync(
        LedgerSession session, IReadOnlyList<ParsedTransaction> items, string source, string sourceMessageId,
        DateTimeOffset? bookedAt = null) =>
        (await BookAsync(session, items, source, sourceMessageId, bookedAt, repeatedSince: null)).Booked;

    /// <summary>Books the items of one message (see <see cref="BookAsync(LedgerSession, IReadOnlyList{ParsedTransaction}, string, string, DateTimeOffset?)"/>)
    /// unless the acting user booked every one of them since <paramref name="repeatedSince"/> (same amount, currency,
    /// direction and shop, or words when there is no shop): a pasted message, a resent photo, a double tap. Then
    /// nothing is booked and the earlier booking is returned. Both in one statement, one round trip.</summary>
    public Task<BookingOutcome> BookUnlessRepeatedAsync(
        LedgerSession session, IReadOnlyList<ParsedTransaction> items, string source, string sourceMessageId,
        DateTimeOffset repeatedSince, DateTimeOffset? bookedAt = null) =>
        BookAsync(session, items, source, sourceMessageId, bookedAt, repeatedSince);

    private async Task<BookingOutcome> BookAsync(
        LedgerSession session, IReadOnlyList<ParsedTransaction> items, string source, string sourceMessageId,
        DateTimeOffset? bookedAt, DateTimeOffset? repeatedSince)
    {
        // Most messages book one item that is neither a repeat nor booked before: a statement of a few plan nodes books it.
        // When it books nothing, the statement for any number of items tells a repeat from a message booked before.
        if (items is [var item]
            && await session.QueryAsync(item.Merchant is null ? OneItemStatement : OneItemAtShopStatement, BookingRow.Read,
                new NpgsqlParameter<decimal> { TypedValue = item.Amount },
                new NpgsqlParameter<string> { TypedValue = item.Currency },
                new NpgsqlParameter<string> { TypedValue = item.Direction.ToWire() },
                new NpgsqlParameter<string> { TypedValue = item.Category },
                TextOrNull(item.Merchant),
                TextOrNull(item.Description),
                new NpgsqlParameter<DateOnly> { TypedValue = item.Date },
                Time(repeatedSince),
                new NpgsqlParameter<string> { TypedValue = source },
                new NpgsqlParameter<string> { TypedValue = sourceMessageId },
                Time(bookedAt)) is [var one])
            return new BookingOutcome([one.Transaction], null);

        // Positional parameters: this statement runs for every message, and Npgsql would rewrite named ones on every call.
        var rows = await session.QueryAsync(BookingStatement, BookingRow.Read,
            ArrayOf(items.Select(i => i.Amount), NpgsqlDbType.Numeric),
            ArrayOf(items.Select(i => i.Currency), NpgsqlDbType.Text),
            ArrayOf(items.Select(i => i.Direction.ToWire()), NpgsqlDbType.Text),
            ArrayOf(items.Select(i => i.Category), NpgsqlDbType.Text),
            ArrayOf(items.Select(i => i.Merchant), NpgsqlDbType.Text),
            ArrayOf(items.Select(i => i.Description), NpgsqlDbType.Text),
            ArrayOf(items.Select(i => i.Date), NpgsqlDbType.Date),
            ArrayOf(Enumerable.Range(0, items.Count), NpgsqlDbType.Integer),
            Time(repeatedSince),
            new NpgsqlParameter<string> { TypedValue = source },
            new NpgsqlParameter<string> { TypedValue = sourceMessageId },
            Time(bookedAt));
        if (rows is [{ RepeatOfBookedAt: { } at } earlier])
            return new BookingOutcome([], new RepeatedBooking(earlier.Transaction, new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))));
        var booked = rows.Select(r => r.Transaction).ToList();
        return new BookingOutcome(
            booked.Count == items.Count ? booked : await OfMessageAsync(session, source, sourceMessageId), null);
    }

    // The category an expense at a shop gets: the context's own choice for this merchant, then its own history there, win
    // over what was understood (the history is read from transactions_merchant_history alone).
    private static string CategoryAtShop(string merchant, string understood, string direction) => $"""
        coalesce((SELECT o.category FROM category_overrides o
                  WHERE o.context_id = app_context() AND {direction} = 'expense' AND o.merchant = lower(trim({merchant}))),
                 (SELECT h.category FROM transactions h
                  WHERE h.context_id = app_context() AND {direction} = 'expense'
                    AND h.merchant_key = lower(trim({merchant}))
                    AND h.deleted_at IS NULL AND h.direction = 'expense' AND h.merchant IS NOT NULL
                    AND h.category <> 'other'
                  ORDER BY h.id DESC LIMIT 1),
                 {understood})
        """;

    // One item, booked unless the user booked the same since $8 (a repeat) or this message booked it already (the unique
    // key): either way it returns no row. $1 amount, $2 currency, $3 direction, $4 category, $5 merchant, $6 description,
    // $7 date, $8 repeatedSince (null: no look back), $9 source, $10 source message id, $11 bookedAt (null: the database's
    // clock). The look back is an InitPlan run once, before the insert (transactions_by_author_time: the window's rows).
    // Without a shop there is no category to look up (the lookups would find nothing), and the plan is smaller still.
    private static readonly string OneItemStatement = OneItem(category: "$4");
    private static readonly string OneItemAtShopStatement = OneItem(CategoryAtShop(merchant: "$5", understood: "$4", direction: "$3"));

    private static string OneItem(string category) => $"""
        INSERT INTO transactions (context_id, amount, currency, direction, category, merchant, description,
                                  local_date, source, source_message_id, item_no, created_by, created_at)
        SELECT app_context(), $1, $2, $3, {category}, $5, $6, $7, $9, $10, 0, app_user(), coalesce($11, now())
        WHERE NOT EXISTS (
            SELECT FROM transactions r
            WHERE r.context_id = app_context() AND r.created_by = app_user() AND r.created_at >= $8
              AND r.deleted_at IS NULL AND r.amount = $1 AND r.currency = $2 AND r.direction = $3
              AND r.merchant_key IS NOT DISTINCT FROM lower(trim($5))
              AND ($5 IS NOT NULL OR lower(trim(r.description)) IS NOT DISTINCT FROM lower(trim($6))))
        ON CONFLICT (context_id, source, source_message_id, item_no) DO NOTHING
        RETURNING id, amount, currency, direction, category, merchant, description, local_date,
                  source, source_message_id, created_by, NULL::timestamptz AS repeat_of_booked_at
        """;

    // $1–$8 the items: amounts, currencies, directions, categories, merchants, descriptions, dates, item numbers;
    // $9 repeatedSince (null: no look back), $10 source, $11 source message id, $12 bookedAt (null: the database's clock).
    private static readonly string BookingStatement = $"""
            WITH item AS (
                SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8)
                    AS i(amount, currency, direction, category, merchant, description, local_date, item_no)),
            -- The user's rows since $9 (transactions_by_author_time: only the window's index entries, whatever
            -- the size of their history; none when not asked to look).
            recent AS (
                SELECT id, amount, currency, direction, merchant_key, description, created_at FROM transactions
                WHERE context_id = app_context() AND created_by = app_user() AND created_at >= $9
                  AND deleted_at IS NULL
                ORDER BY created_at DESC LIMIT 50),
            earlier AS (
                SELECT DISTINCT ON (i.item_no) i.item_no, r.id, r.created_at
                FROM item i JOIN recent r
                  ON r.amount = i.amount AND r.currency = i.currency AND r.direction = i.direction
                 AND r.merchant_key IS NOT DISTINCT FROM lower(trim(i.merchant))
                 AND (i.merchant IS NOT NULL OR lower(trim(r.description)) IS NOT DISTINCT FROM lower(trim(i.description)))
                ORDER BY i.item_no, r.id DESC),
            repeated AS (SELECT count(*) > 0 AND count(*) = (SELECT count(*) FROM item) AS yes FROM earlier),
            booked AS (
                INSERT INTO transactions (context_id, amount, currency, direction, category, merchant, description,
                                          local_date, source, source_message_id, item_no, created_by, created_at)
                SELECT app_context(), i.amount, i.currency, i.direction,
                       {CategoryAtShop(merchant: "i.merchant", understood: "i.category", direction: "i.direction")},
                       i.merchant, i.description,
                       i.local_date, $10, $11, i.item_no, app_user(), coalesce($12, now())
                FROM item i
                WHERE NOT (SELECT yes FROM repeated)
                ON CONFLICT (context_id, source, source_message_id, item_no) DO NOTHING
                RETURNING id, amount, currency, direction, category, merchant, description, local_date,
                          source, source_message_id, created_by, NULL::timestamptz AS repeat_of_booked_at)
            SELECT * FROM booked
            UNION ALL
            -- the earlier booking's row for the first item, and when it was booked
            SELECT t.id, t.amount, t.currency, t.direction, t.category, t.merchant, t.description, t.local_date,
                   t.source, t.source_message_id, t.created_by, t.created_at
            FROM earlier e JOIN transactions t ON t.id = e.id
            WHERE e.item_no = 0 AND t.context_id = app_context() AND (SELECT yes FROM repeated)
            """;

    private static NpgsqlParameter ArrayOf<T>(IEnumerable<T> values, NpgsqlDbType type) =>
        new NpgsqlParameter<T[]> { TypedValue = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | type };

    private static NpgsqlParameter TextOrNull(string? text) =>
        new() { Value = text is null ? DBNull.Value : text, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Time(DateTimeOffset? time) =>
        new() { Value = time is { } t ? t.UtcDateTime : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };

    private sealed record BookingRow(
        long Id, decimal Amount, string Currency, string Direction, string Category, string? Merchant, string? Description,
        DateOnly LocalDate, string Source, string? SourceMessageId, Guid CreatedBy, DateTime? RepeatOfBookedAt)
    {
        public BookedTransaction Transaction =>
            new(Id, Amount, Currency, Direction, Category, Merchant, Description, LocalDate, Source, SourceMessageId, CreatedBy);

        public static BookingRow Read(NpgsqlDataReader row) => new(
            row.GetInt64(0), row.GetDecimal(1), row.GetString(2), row.GetString(3), row.GetString(4), Text(row, 5), Text(row, 6),
            row.GetFieldValue<DateOnly>(7), row.GetString(8), Text(row, 9), row.GetGuid(10),
            row.IsDBNull(11) ? null : row.GetFieldValue<DateTime>(11));

        private static string? Text(NpgsqlDataReader row, int column) => row.IsDBNull(column) ? null : row.GetString(column);
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

    // A "booking" is every live item one message booked. Without an id it is the acting user's latest;
    // with one, the booking that transaction belongs to (a button or a reply names it).
    private const string BookingItems = """
        WITH target AS (
            SELECT source, source_message_id FROM transactions
            WHERE context_id = app_context() AND deleted_at IS NULL
              AND CASE WHEN @id::bigint IS NULL THEN created_by = app_user() ELSE id = @id END
            ORDER BY id DESC LIMIT 1)
        SELECT t.id FROM transactions t JOIN target ON t.source = target.source
             AND t.source_message_id IS NOT DISTINCT FROM target.source_message_id
        WHERE t.context_id = app_context() AND t.deleted_at IS NULL
        """;

    private const string Columns = """
        id, amount, currency, direction, category, merchant, description, local_date, source, source_message_id, created_by
        """;

    private static readonly string QualifiedColumns = string.Join(", ", Columns.Split(',').Select(c => "t." + c.Trim()));

    /// <summary>The items of a booking (see <see cref="BookingItems"/>), in the order they were written.</summary>
    public async Task<IReadOnlyList<BookedTransaction>> BookingAsync(LedgerSession session, long? id = null) =>
        (await session.QueryAsync<BookedTransaction>(
            $"SELECT {Columns} FROM transactions WHERE id IN ({BookingItems}) ORDER BY id", new { id })).ToList();

    /// <summary>Soft-deletes a booking (by default the acting user's latest) and returns what it removed.</summary>
    public async Task<IReadOnlyList<BookedTransaction>> UndoAsync(LedgerSession session, long? id = null) =>
        (await session.QueryAsync<BookedTransaction>(
            $"UPDATE transactions SET deleted_at = now() WHERE id IN ({BookingItems}) RETURNING {Columns}", new { id }))
        .OrderBy(t => t.Id).ToList();

    /// <summary>The booking that answered one message of a chat, found from the id of the bot's reply.</summary>
    public Task<long?> BookingRepliedByAsync(LedgerSession session, string channel, string chatId, string sentMessageId) =>
        session.QuerySingleOrDefaultAsync<long?>("""
            SELECT min(t.id) FROM inbox i
            JOIN transactions t ON t.source = i.channel AND t.source_message_id = i.external_id
            WHERE i.channel = @channel AND i.chat_id = @chatId AND i.sent_message_id = @sentMessageId
              AND t.context_id = app_context() AND t.deleted_at IS NULL
            """, new { channel, chatId, sentMessageId });

    /// <summary>The acting user's bookings made since <paramref name="since"/>, newest first (every item of each).</summary>
    public async Task<IReadOnlyList<BookedTransaction>> RecentAsync(LedgerSession session, DateTimeOffset since, int bookings) =>
        (await session.QueryAsync<BookedTransaction>($"""
            WITH recent AS (
                SELECT source, source_message_id, max(id) AS latest FROM transactions
                WHERE context_id = app_context() AND created_by = app_user() AND deleted_at IS NULL AND created_at >= @since
                GROUP BY source, source_message_id ORDER BY latest DESC LIMIT @bookings)
            SELECT {QualifiedColumns} FROM transactions t
            JOIN recent r ON t.source = r.source AND t.source_message_id IS NOT DISTINCT FROM r.source_message_id
            WHERE t.context_id = app_context() AND t.deleted_at IS NULL
            ORDER BY r.latest DESC, t.id
            """, new { since = since.ToUniversalTime(), bookings })).ToList();

    /// <summary>Brings back a removed booking (every item of the message <paramref name="id"/> belongs to).</summary>
    public async Task<IReadOnlyList<BookedTransaction>> RestoreAsync(LedgerSession session, long id) =>
        (await session.QueryAsync<BookedTransaction>($"""
            UPDATE transactions t SET deleted_at = NULL
            FROM transactions named
            WHERE named.id = @id AND named.context_id = app_context() AND t.context_id = app_context()
              AND t.source = named.source AND t.source_message_id IS NOT DISTINCT FROM named.source_message_id
              AND t.deleted_at IS NOT NULL
            RETURNING {QualifiedColumns}
            """, new { id })).OrderBy(t => t.Id).ToList();

    public Task<int> SetAmountAsync(LedgerSession session, long id, decimal amount) =>
        session.ExecuteAsync(
            "UPDATE transactions SET amount = @amount WHERE context_id = app_context() AND id = @id", new { id, amount });

    public Task<int> SetDateAsync(LedgerSession session, IEnumerable<long> ids, DateOnly date) =>
        session.ExecuteAsync(
            "UPDATE transactions SET local_date = @date WHERE context_id = app_context() AND id = ANY(@ids)",
            new { date, ids = ids.ToArray() });

    public Task<int> SetCategoryAsync(LedgerSession session, IEnumerable<long> ids, string category) =>
        session.ExecuteAsync(
            "UPDATE transactions SET category = @category WHERE context_id = app_context() AND id = ANY(@ids)",
            new { category, ids = ids.ToArray() });

    /// <summary>Makes a booked item another member's ("split with Ana": her share is her spending).</summary>
    public Task<int> SetAuthorAsync(LedgerSession session, long id, Guid userId) =>
        session.ExecuteAsync("""
            UPDATE transactions SET created_by = @userId
            WHERE context_id = app_context() AND id = @id
              AND EXISTS (SELECT 1 FROM context_members m WHERE m.context_id = app_context() AND m.user_id = @userId)
            """, new { id, userId });

    /// <summary>Sums per category, currency and direction; with <paramref name="baseCurrency"/>, also in that currency
    /// at the rates of the amounts' own dates, the amounts without a rate in rows of their own (InBase null).</summary>
    public async Task<IReadOnlyList<CategoryTotal>> TotalsByCategoryAsync(
        LedgerSession session, DateOnly from, DateOnly to, string? baseCurrency = null) =>
        (await session.QueryAsync<CategoryTotal>("""
            SELECT t.category, t.currency, t.direction, sum(t.amount) AS total, count(*)::int AS count, sum(c.amount) AS in_base
            FROM transactions t
            CROSS JOIN LATERAL (SELECT CASE WHEN @baseCurrency::text IS NOT NULL
                                            THEN convert_amount(t.amount, t.currency, t.local_date, @baseCurrency) END AS amount) c
            WHERE t.context_id = app_context() AND t.deleted_at IS NULL AND t.local_date BETWEEN @from AND @to
            GROUP BY t.category, t.currency, t.direction, c.amount IS NULL
            ORDER BY t.direction, t.currency, total DESC, t.category
            """, new { from, to, baseCurrency })).ToList();

    /// <summary>Sums per direction and currency, each also in <paramref name="baseCurrency"/> at the rates of the
    /// amounts' own dates (null when a rate is missing); optionally of one direction, category, merchant, or
    /// member (by the start of their name, among the context's members).</summary>
    public async Task<IReadOnlyList<CurrencyTotal>> TotalsAsync(LedgerSession session, DateOnly from, DateOnly to,
        string baseCurrency, string? direction = null, string? category = null, string? merchant = null, string? member = null) =>
        (await session.QueryAsync<CurrencyTotal>("""
            SELECT t.direction, t.currency, sum(t.amount) AS total, count(*)::int AS count,
                   CASE WHEN count(c.amount) = count(*) THEN sum(c.amount) END AS in_base
            FROM transactions t
            CROSS JOIN LATERAL (SELECT convert_amount(t.amount, t.currency, t.local_date, @baseCurrency) AS amount) c
            WHERE t.context_id = app_context() AND t.deleted_at IS NULL AND t.local_date BETWEEN @from AND @to
              AND (@direction::text IS NULL OR t.direction = @direction)
              AND (@categories::text[] IS NULL OR t.category = ANY(@categories))
              AND (@merchant::text IS NULL OR t.merchant ILIKE '%' || @merchant || '%')
              AND (@member::text IS NULL OR t.created_by IN (
                    SELECT m.user_id FROM context_members m JOIN users u ON u.id = m.user_id
                    WHERE m.context_id = app_context() AND u.display_name ILIKE @member || '%'))
            GROUP BY t.direction, t.currency ORDER BY t.direction, total DESC
            """, new { from, to, baseCurrency, direction, categories = CategoriesOf(category), merchant, member })).ToList();

    /// <summary>Whether someone of this context is called <paramref name="name"/> (by the start of their name).</summary>
    public Task<bool> HasMemberAsync(LedgerSession session, string name) =>
        session.QuerySingleAsync<bool>("""
            SELECT EXISTS (SELECT 1 FROM context_members m JOIN users u ON u.id = m.user_id
                           WHERE m.context_id = app_context() AND u.display_name ILIKE @name || '%')
            """, new { name });

    /// <summary>The latest expense that answers "did I pay rent?": its words or merchant name the subject, else
    /// (when none does) its category is the subject's.</summary>
    public Task<BookedTransaction?> LatestPaymentAsync(LedgerSession session, DateOnly from, DateOnly to, string? subject, string? category) =>
        session.QuerySingleOrDefaultAsync<BookedTransaction>("""
            SELECT id, amount, currency, direction, category, merchant, description, local_date,
                   source, source_message_id, created_by
            FROM transactions
            WHERE context_id = app_context() AND deleted_at IS NULL AND local_date BETWEEN @from AND @to
              AND direction = 'expense'
              AND ((@subject::text IS NOT NULL AND (description ILIKE '%' || @subject || '%' OR merchant ILIKE '%' || @subject || '%'))
                   OR category = ANY(@categories))
            ORDER BY (@subject::text IS NOT NULL AND (description ILIKE '%' || @subject || '%' OR merchant ILIKE '%' || @subject || '%')) DESC,
                     local_date DESC, id DESC
            LIMIT 1
            """, new { from, to, subject, categories = CategoriesOf(category) });

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
              AND (@categories::text[] IS NULL OR category = ANY(@categories))
              AND (@merchant::text IS NULL OR merchant ILIKE '%' || @merchant || '%')
            ORDER BY local_date DESC, id DESC LIMIT @limit
            """, new { from, to, categories = CategoriesOf(category), merchant, limit })).ToList();

    /// <summary>The categories a filter stands for (a group's members), or null for no filter.</summary>
    private static string[]? CategoriesOf(string? category) => category is null ? null : CategoryGroups.Expand(category);
}
