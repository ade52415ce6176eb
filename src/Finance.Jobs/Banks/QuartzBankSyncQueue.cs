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
            .StartAt(time.GetUtcNow() + delay)
            .Build();
        await scheduler.ScheduleJob(trigger, cancellationToken: cancellationToken);
        return true;
    }
}
