using Finance.Jobs.Banks;
using Finance.Ledger.Buttons;
using Microsoft.Extensions.Options;

namespace Finance.Host.Pipeline;

/// <summary>Deletes the pipeline's rows that can no longer be used: the stored actions of buttons older than
/// <see cref="PipelineOptions.ButtonLifetime"/>, the per-sender counts of minutes that have passed and the records of
/// bank syncs run for a message longer ago than any retry of it (<see cref="BankSyncRun.RunsKept"/>). Every host
/// sweeps; a row deleted twice is deleted once, and each pass is a few cheap statements.</summary>
public sealed class PipelineSweep(
    ButtonActionStore buttons, SenderRateLimiter rateLimiter, BankSyncRun bankSyncs, IOptions<PipelineOptions> options, TimeProvider time,
    ILogger<PipelineSweep> logger) : BackgroundService
{
    /// <summary>Rows deleted by one statement, so a long backlog never holds locks or the WAL for long.</summary>
    internal const int BatchSize = 5_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var gone = await SweepAsync(stoppingToken);
                    if (gone > 0) logger.LogDebug("Pipeline sweep deleted {Rows} expired button actions, sender counts and bank sync records", gone);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Pipeline sweep failed; trying again at the next tick");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <summary>One pass; returns how many rows went.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var gone = await rateLimiter.SweepAsync(cancellationToken);
        gone += await bankSyncs.SweepRunsAsync(cancellationToken);
        int deleted;
        do gone += deleted = await buttons.SweepAsync(options.Value.ButtonLifetime, BatchSize, cancellationToken);
        while (deleted == BatchSize);
        return gone;
    }
}
