using Finance.Core;

namespace Finance.Ledger.Budgets;

/// <summary>The session context's monthly category budgets.</summary>
public sealed class BudgetStore
{
    public Task SetAsync(LedgerSession session, string category, decimal amount, string currency) =>
        session.ExecuteAsync("""
            INSERT INTO budgets (context_id, category, amount, currency) VALUES (app_context(), @category, @amount, @currency)
            ON CONFLICT (context_id, category) DO UPDATE
                SET amount = excluded.amount, currency = excluded.currency, updated_at = now()
            """, new { category, amount, currency });

    public async Task<bool> RemoveAsync(LedgerSession session, string category) =>
        await session.ExecuteAsync("DELETE FROM budgets WHERE context_id = app_context() AND category = @category",
            new { category }) == 1;

    /// <summary>Every budget with its spending (expenses of its category, or of its group's categories) from
    /// <paramref name="from"/> to <paramref name="to"/>.</summary>
    public async Task<IReadOnlyList<Budget>> ProgressAsync(LedgerSession session, DateOnly from, DateOnly to) =>
        (await session.QueryAsync<Budget>("""
            WITH spending AS (
                SELECT b.category, t.currency, c.amount IS NOT NULL AS converted, sum(coalesce(c.amount, t.amount)) AS total
                FROM budgets b
                JOIN transactions t ON t.context_id = app_context() AND t.deleted_at IS NULL AND t.direction = 'expense'
                                   AND t.local_date BETWEEN @from AND @to
                                   AND (t.category = b.category OR (b.category, t.category) IN (SELECT * FROM unnest(@groups, @members)))
                -- spending in other currencies counts at its own date's rate, when one is known
                CROSS JOIN LATERAL (SELECT convert_amount(t.amount, t.currency, t.local_date, b.currency) AS amount) c
                WHERE b.context_id = app_context()
                GROUP BY b.category, t.currency, c.amount IS NOT NULL)
            SELECT b.category, b.amount, b.currency,
                   coalesce(sum(s.total) FILTER (WHERE s.converted), 0) AS spent,
                   coalesce(array_agg(s.currency ORDER BY s.currency) FILTER (WHERE NOT s.converted), '{}') AS unconverted_currencies,
                   coalesce(array_agg(s.total ORDER BY s.currency) FILTER (WHERE NOT s.converted), '{}') AS unconverted_totals
            FROM budgets b LEFT JOIN spending s ON s.category = b.category
            WHERE b.context_id = app_context()
            GROUP BY b.category, b.amount, b.currency
            ORDER BY b.category
            """, new { from, to, groups = CategoryGroups.Pairs.Groups, members = CategoryGroups.Pairs.Categories })).ToList();
}
