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

    private static string Normalize(string merchant) => merchant.Trim().ToLowerInvariant();
}
