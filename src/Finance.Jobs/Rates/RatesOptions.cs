using System.ComponentModel.DataAnnotations;

namespace Finance.Jobs.Rates;

/// <summary>Finance:Rates — where daily reference rates come from (the ECB's euro reference rates XML by
/// default: free, no key) and when they are fetched.</summary>
public sealed class RatesOptions
{
    /// <summary>False: no rates are fetched on this host (amounts in other currencies stay side by side).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The daily feed, fetched on <see cref="Cron"/>.</summary>
    [Required, Url]
    public string Url { get; set; } = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml";

    /// <summary>The 90-day feed, fetched once at start-up so a new ledger can convert the recent past too.</summary>
    [Required, Url]
    public string HistoryUrl { get; set; } = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist-90d.xml";

    /// <summary>Quartz cron (seconds first). The ECB publishes around 16:00 CET on working days.</summary>
    [Required]
    public string Cron { get; set; } = "0 30 16 ? * MON-FRI";

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
