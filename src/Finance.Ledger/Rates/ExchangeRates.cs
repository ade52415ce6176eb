namespace Finance.Ledger.Rates;

/// <summary>One published reference rate: on <paramref name="Date"/>, one <paramref name="Base"/> bought
/// <paramref name="Rate"/> of <paramref name="Currency"/>.</summary>
public sealed record ExchangeRate(DateOnly Date, string Base, string Currency, decimal Rate);

/// <summary>Daily reference rates in PostgreSQL (shared by all contexts) and conversion at the rate of an
/// amount's own date (SQL function convert_amount, migration 012), so summaries and answers can convert in
/// the same query that sums.</summary>
public sealed class ExchangeRates
{
    /// <summary>Stores rates; a rate published again for the same day replaces the earlier one.</summary>
    public Task<int> SaveAsync(LedgerSession session, IReadOnlyList<ExchangeRate> rates) =>
        session.ExecuteAsync("""
            INSERT INTO exchange_rates (rate_date, base, currency, rate)
            SELECT * FROM unnest(@dates, @bases, @currencies, @rates)
            ON CONFLICT (base, currency, rate_date) DO UPDATE SET rate = excluded.rate, fetched_at = now()
            """, new
        {
            dates = rates.Select(r => r.Date).ToArray(),
            bases = rates.Select(r => r.Base).ToArray(),
            currencies = rates.Select(r => r.Currency).ToArray(),
            rates = rates.Select(r => r.Rate).ToArray(),
        });

    /// <summary><paramref name="amount"/> in <paramref name="toCurrency"/> at the rates of <paramref name="date"/>,
    /// or null when a rate is missing (offline, or a currency the feed lacks).</summary>
    public Task<decimal?> ConvertAsync(LedgerSession session, decimal amount, string currency, DateOnly date, string toCurrency) =>
        session.QuerySingleAsync<decimal?>("SELECT convert_amount(@amount, @currency, @date, @toCurrency)",
            new { amount, currency, date, toCurrency });

    /// <summary>Many amounts at once (one round trip), in order; null where a rate is missing.</summary>
    public async Task<IReadOnlyList<decimal?>> ConvertAsync(
        LedgerSession session, IReadOnlyList<(decimal Amount, string Currency, DateOnly Date)> amounts, string toCurrency)
    {
        if (amounts.Count == 0) return [];
        var converted = await session.QueryAsync<(long N, decimal? Value)>("""
            SELECT i.n, convert_amount(i.amount, i.currency, i.day, @toCurrency)
            FROM unnest(@values, @currencies, @dates) WITH ORDINALITY AS i(amount, currency, day, n)
            ORDER BY i.n
            """, new
        {
            toCurrency,
            values = amounts.Select(a => a.Amount).ToArray(),
            currencies = amounts.Select(a => a.Currency).ToArray(),
            dates = amounts.Select(a => a.Date).ToArray(),
        });
        return converted.Select(c => c.Value).ToList();
    }

    /// <summary>The newest day with stored rates, or null before the first fetch.</summary>
    public Task<DateOnly?> LatestDateAsync(LedgerSession session) =>
        session.QuerySingleOrDefaultAsync<DateOnly?>("SELECT max(rate_date) FROM exchange_rates");
}
