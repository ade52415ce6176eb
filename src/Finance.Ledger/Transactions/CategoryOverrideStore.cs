namespace Finance.Ledger.Transactions;

/// <summary>A context's own category choices per merchant; they win over the classifier at once
/// (<see cref="TransactionStore.BookAsync"/> applies them).</summary>
public sealed class CategoryOverrideStore
{
    public Task SetAsync(LedgerSession session, string merchant, string category) =>
        session.ExecuteAsync("""
            INSERT INTO category_overrides (context_id, merchant, category) VALUES (app_context(), @merchant, @category)
            ON CONFLICT (context_id, merchant) DO UPDATE SET category = excluded.category, updated_at = now()
            """, new { merchant = Normalize(merchant), category });

    /// <summary>The category booking would give an expense at this merchant whatever was understood: the context's
    /// own choice, else the one it booked there last (as <see cref="TransactionStore.BookAsync"/> decides); null when
    /// the context has neither.</summary>
    public Task<string?> KnownCategoryAsync(LedgerSession session, string merchant) =>
        session.QuerySingleOrDefaultAsync<string?>("""
            SELECT coalesce(
                (SELECT o.category FROM category_overrides o WHERE o.context_id = app_context() AND o.merchant = @merchant),
                (SELECT h.category FROM transactions h
                 WHERE h.context_id = app_context() AND lower(h.merchant) = @merchant AND h.deleted_at IS NULL
                   AND h.direction = 'expense' AND h.category <> 'other'
                 ORDER BY h.id DESC LIMIT 1))
            """, new { merchant = Normalize(merchant) });

    private static string Normalize(string merchant) => merchant.Trim().ToLowerInvariant();
}
