using Microsoft.Extensions.Hosting;
using Quartz;

namespace Finance.Jobs.Scheduling;

/// <summary>The proactive job: scan every context for what is due, then send the outbox. Thin on purpose;
/// exactly-once comes from <see cref="DueWork"/>'s notification rows, not from Quartz alone.</summary>
[DisallowConcurrentExecution]
public sealed class ProactiveJob(DueWork work, IHostApplicationLifetime lifetime) : IJob
{
    public const string Name = "proactive-scan";

    /// <summary>The visits are spread over half the time to the next firing: the scan's load stays a small share of the
    /// database instead of a burst the messages queue behind, and it still ends well before the next one starts. A host
    /// that is stopping ends the scan between two visits (Quartz waits for a running job, and does not cancel it).</summary>
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await work.RunAsync(
            context.NextFireTimeUtc is { } next && next > context.FireTimeUtc ? (next - context.FireTimeUtc) / 2 : TimeSpan.Zero,
            lifetime.ApplicationStopping, cancellationToken);
}
