namespace Finance.Ledger.Contexts;

/// <summary>Settings of the session's active context.</summary>
public sealed class ContextStore
{
    public Task SetCurrencyAsync(LedgerSession session, string currency) =>
        session.ExecuteAsync("UPDATE contexts SET base_currency = @currency WHERE id = app_context()", new { currency });

    public Task SetTimeZoneAsync(LedgerSession session, string timeZone) =>
        session.ExecuteAsync("UPDATE contexts SET time_zone = @timeZone WHERE id = app_context()", new { timeZone });
}
