namespace Finance.Ledger.Transactions;

/// <summary>A context's own category choices per merchant; they win over the classifier at once.</summary>
public sealed class CategoryOverrideStore
{
    public Task<string?> FindAsync(LedgerSession session, string merchant) =>
        session.QuerySingleOrDefaultAsync<string?>(
            "SELECT category FROM category_overrides WHERE context_id = app_context() AND merchant = @merchant",
            new { merchant = Normalize(merchant) });

    public Task SetAsync(LedgerSession session, string merchant, string category) =>
        session.ExecuteAsync("""
            INSERT INTO category_overrides (context_id, merchant, category) VALUES (app_context(), @merchant, @category)
            ON CONFLICT (context_id, merchant) DO UPDATE SET category = excluded.category, updated_at = now()
            """, new { merchant = Normalize(merchant), category });

    private static string Normalize(string merchant) => merchant.Trim().ToLowerInvariant();
}
