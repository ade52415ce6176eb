namespace Finance.Ledger.Subscriptions;

/// <summary>The session context's tracked subscriptions.</summary>
public sealed class SubscriptionStore
{
    private const string Columns = "id, name, merchant, amount, currency, cadence, next_due, remind_days, status, last_charge_id";

    /// <summary>Tracks (or updates and reactivates) the subscription of one merchant.</summary>
    public Task<Subscription> TrackAsync(
        LedgerSession session, string name, decimal amount, string currency, string cadence, DateOnly nextDue) =>
        session.QuerySingleAsync<Subscription>($"""
            INSERT INTO subscriptions (context_id, name, merchant, amount, currency, cadence, next_due)
            VALUES (app_context(), @name, @merchant, @amount, @currency, @cadence, @nextDue)
            ON CONFLICT (context_id, merchant) DO UPDATE
                SET name = excluded.name, amount = excluded.amount, currency = excluded.currency,
                    cadence = excluded.cadence, next_due = excluded.next_due, status = 'active'
            RETURNING {Columns}
            """, new { name, merchant = Normalize(name), amount, currency, cadence, nextDue });

    public async Task<IReadOnlyList<Subscription>> ListAsync(LedgerSession session, bool includeCancelled = false) =>
        (await session.QueryAsync<Subscription>($"""
            SELECT {Columns} FROM subscriptions
            WHERE context_id = app_context() AND (@includeCancelled OR status <> 'cancelled')
            ORDER BY next_due, name
            """, new { includeCancelled })).ToList();

    public Task<Subscription?> FindAsync(LedgerSession session, string nameOrMerchant) =>
        session.QuerySingleOrDefaultAsync<Subscription>($"""
            SELECT {Columns} FROM subscriptions
            WHERE context_id = app_context() AND merchant = @merchant
            """, new { merchant = Normalize(nameOrMerchant) });

    /// <summary>active, paused or cancelled; false when there is no such subscription.</summary>
    public async Task<bool> SetStatusAsync(LedgerSession session, string nameOrMerchant, string status) =>
        await session.ExecuteAsync(
            "UPDATE subscriptions SET status = @status WHERE context_id = app_context() AND merchant = @merchant",
            new { status, merchant = Normalize(nameOrMerchant) }) == 1;

    public Task SetRemindDaysAsync(LedgerSession session, long id, int days) =>
        session.ExecuteAsync("UPDATE subscriptions SET remind_days = @days WHERE context_id = app_context() AND id = @id",
            new { id, days });

    /// <summary>A charge was seen: the due date moves past it and the usual price becomes what was charged.</summary>
    public Task RecordChargeAsync(LedgerSession session, long id, long transactionId, decimal amount, DateOnly nextDue) =>
        session.ExecuteAsync("""
            UPDATE subscriptions SET last_charge_id = @transactionId, amount = @amount, next_due = @nextDue
            WHERE context_id = app_context() AND id = @id
            """, new { id, transactionId, amount, nextDue });

    public static string Normalize(string merchant) => merchant.Trim().ToLowerInvariant();
}
