using System.ComponentModel.DataAnnotations;

namespace Finance.Host.Pipeline;

/// <summary>How the inbox worker claims, retries and gives up ("Finance:Pipeline").</summary>
public sealed class PipelineOptions
{
    [Range(1, 64)] public int Concurrency { get; set; } = 8;
    [Range(1, 1000)] public int BatchSize { get; set; } = 64;
    [Range(1, 20)] public int MaxAttempts { get; set; } = 5;
    [Range(0, 20)] public int ReplyAttempts { get; set; } = 5;
    /// <summary>How long claimed messages stay with the worker that claimed them; those of a host that died come back
    /// when it runs out. The worker renews it every third of it while it works on the batch (<see cref="InboxWorker"/>).
    /// Longer than a message's slowest reading may take (<see cref="LeaseOutlastsReading"/>).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(3);
    /// <summary>How long a worker keeps a claimed batch by renewing its lease. A batch held this long is given up (only a
    /// bug makes one take so long): its renewals stop and its unanswered messages come back when their lease runs out, to
    /// this host or another. At least as long as the batch's readings one after another (<see cref="LeaseOutlastsReading"/>):
    /// 64 photos of 5 recognitions of 30 s by default, 2 h 40 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxHold { get; set; } = TimeSpan.FromHours(3);
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Messages one sender may send per minute (a burst of this many is fine) before the rest wait.</summary>
    [Range(1, 100_000)] public int MessagesPerMinute { get; set; } = 60;

    /// <summary>How often to look for work other hosts enqueued or retries that came due.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the buttons of a reply keep working; a press on an older one is answered that the button is
    /// unknown, and its stored action is swept.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan ButtonLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often each host deletes expired button actions and past per-sender counts.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(10);
}
