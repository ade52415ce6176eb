using Quartz;

namespace Finance.Jobs.Scheduling;

/// <summary>The proactive job: scan every context for what is due, then send the outbox. Thin on purpose;
/// exactly-once comes from <see cref="DueWork"/>'s notification rows, not from Quartz alone.</summary>
[DisallowConcurrentExecution]
public sealed class ProactiveJob(DueWork work) : IJob
{
    public const string Name = "proactive-scan";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await work.RunAsync(cancellationToken);
}
