using Quartz;

namespace Finance.Jobs.Banks;

/// <summary>The scheduled bank sync (every Finance:Banks:SyncEveryHours, on the hour) in the clustered scheduler:
/// one host runs it at a time, and each connection's row lock keeps a /bank sync on another host from overlapping.</summary>
[DisallowConcurrentExecution]
public sealed class BankSyncJob(BankSyncRun run) : IJob
{
    public const string Name = "bank-sync";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await run.RunAsync(cancellationToken);
}
