using System.Diagnostics.Metrics;
using Finance.Core;
using Finance.Ledger.Inbox;
using Microsoft.Extensions.Options;

namespace Finance.Host.Telemetry;

/// <summary>
/// Inbox depth, the age of the oldest waiting message and the dead letters as observable gauges. The values are read
/// from PostgreSQL every <see cref="ObservabilityOptions.InboxGaugeInterval"/> by this service and only handed out by
/// the gauges, so a scrape never waits for the database. The numbers are the database's, the same on every host.
/// </summary>
public sealed class InboxGauges : BackgroundService
{
    private readonly InboxStatistics statistics;
    private readonly ObservabilityOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<InboxGauges> logger;
    private volatile InboxSnapshot? last;

    public InboxGauges(InboxStatistics statistics, IOptions<ObservabilityOptions> options, TimeProvider time, IMeterFactory meters,
        ILogger<InboxGauges> logger)
    {
        (this.statistics, this.options, this.time, this.logger) = (statistics, options.Value, time, logger);
        // A meter of this host's container, so the gauges go away with the host (tests run several in one process).
        var meter = meters.Create(FinanceTelemetry.Name);
        meter.CreateObservableGauge("finance.inbox.depth", () => Read(s => s.Waiting), "{message}",
            "Messages waiting: not yet handled, or handled with the reply still to send.");
        meter.CreateObservableGauge("finance.inbox.oldest_pending_age", () => Read(s => s.OldestWaitingSeconds), "s",
            "Age of the oldest waiting message (0 when none waits).");
        meter.CreateObservableGauge("finance.inbox.dead_letters", () => Read(s => s.DeadLetters), "{message}",
            "Messages given up on after the last attempt (the sender was told they were not booked).");
    }

    /// <summary>No measurement at all until the first read succeeded: a 0 would claim an empty inbox.</summary>
    private IEnumerable<Measurement<T>> Read<T>(Func<InboxSnapshot, T> value) where T : struct =>
        last is { } snapshot ? [new Measurement<T>(value(snapshot), new KeyValuePair<string, object?>("db.namespace", statistics.Database))] : [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                last = await statistics.ReadAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The database may be away for a while; the gauges keep their last values and the next round tries again.
                logger.LogWarning("Could not read the inbox gauges ({Error})", e.GetType().Name);
            }
            try
            {
                await Task.Delay(options.InboxGaugeInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
