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

    /// <summary>Every budget with its spending (expenses in the budget's currency) from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public async Task<IReadOnlyList<Budget>> ProgressAsync(LedgerSession session, DateOnly from, DateOnly to) =>
        (await session.QueryAsync<Budget>("""
            SELECT b.category, b.amount, b.currency,
                   -- spending in other currencies counts at its own date's rate (when one is known)
                   coalesce((SELECT sum(convert_amount(t.amount, t.currency, t.local_date, b.currency)) FROM transactions t
                             WHERE t.context_id = app_context() AND t.deleted_at IS NULL AND t.direction = 'expense'
                               AND t.category = b.category
                               AND t.local_date BETWEEN @from AND @to), 0) AS spent
            FROM budgets b WHERE b.context_id = app_context()
            ORDER BY b.category
            """, new { from, to })).ToList();
}
