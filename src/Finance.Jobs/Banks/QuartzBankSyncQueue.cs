using System.Globalization;
using Finance.Banks.Connections;
using Quartz;

namespace Finance.Jobs.Banks;

/// <summary>Queues a sync as a one-off trigger of <see cref="BankSyncNowJob"/> in the clustered job store: stored in
/// PostgreSQL at once, fired by whichever host's scheduler comes first, and fired after a restart if it was due.</summary>
public sealed class QuartzBankSyncQueue(ISchedulerFactory schedulers, TimeProvider time) : IBankSyncQueue
{
    public async Task<bool> QueueAsync(BankSyncRequest request, TimeSpan delay, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var trigger = TriggerBuilder.Create()
            .ForJob(BankSyncNowJob.Name)
            .UsingJobData(BankSyncNowJob.Write(request))
            .StartAt(time.GetUtcNow() + delay);
        if (KeyOf(request) is { } key) trigger = trigger.WithIdentity(key);
        try
        {
            await scheduler.ScheduleJob(trigger.Build(), cancellationToken: cancellationToken);
        }
        catch (ObjectAlreadyExistsException)
        {
            // The message that asked is handled again (retried after a crash) while its sync still waits: queued already.
        }
        return true;
    }

    /// <summary>One trigger per asking message, connection and attempt (see <see cref="BankSyncRun.RunRequestedAsync"/> for
    /// one that already ran); null for a request no message made, which gets a unique key of its own.</summary>
    public static TriggerKey? KeyOf(BankSyncRequest request) => request is { Channel: { } channel, MessageId: { } message }
        ? new TriggerKey(string.Create(CultureInfo.InvariantCulture, $"{channel}/{message}/{request.ConnectionId}/{request.Attempt}"), BankSyncNowJob.Name)
        : null;
}
