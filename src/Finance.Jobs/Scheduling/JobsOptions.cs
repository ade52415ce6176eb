using System.ComponentModel.DataAnnotations;

namespace Finance.Jobs.Scheduling;

/// <summary>Finance:Jobs — when the bot looks for things to say, and how it sends them.</summary>
public sealed class JobsOptions
{
    /// <summary>False keeps Quartz off on this host (the commands still work).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Quartz cron of the scan for due summaries, reminders and alerts (seconds first). Each context's
    /// own summary day and time are in the ledger; this only says how often to look.</summary>
    [Required]
    public string ScanCron { get; set; } = "0 0/5 * * * ?";

    [Range(1, 1000)]
    public int SendBatchSize { get; set; } = 50;

    [Range(1, 100)]
    public int MaxSendAttempts { get; set; } = 6;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a claimed outbox row waits before another sender may try it (its sender died).</summary>
    public TimeSpan SendLease { get; set; } = TimeSpan.FromMinutes(5);
}
