using System.Collections.Concurrent;
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

    // One set of instruments for the process, on the meter that lives as long as it; each running host adds its
    // database's numbers (tests run several hosts in one process, and a host's own meter would die with the first).
    private static readonly ConcurrentDictionary<InboxGauges, bool> Running = new();

    static InboxGauges()
    {
        FinanceTelemetry.Meter.CreateObservableGauge("finance.inbox.depth", () => Read(s => s.Waiting), "{message}",
            "Messages waiting: not yet handled, or handled with the reply still to send.");
        FinanceTelemetry.Meter.CreateObservableGauge("finance.inbox.oldest_pending_age", () => Read(s => s.OldestWaitingSeconds), "s",
            "Age of the oldest waiting message (0 when none waits).");
        FinanceTelemetry.Meter.CreateObservableGauge("finance.inbox.dead_letters", () => Read(s => s.DeadLetters), "{message}",
            "Messages given up on after the last attempt (the sender was told they were not booked).");
    }

    public InboxGauges(InboxStatistics statistics, IOptions<ObservabilityOptions> options, TimeProvider time, ILogger<InboxGauges> logger) =>
        (this.statistics, this.options, this.time, this.logger) = (statistics, options.Value, time, logger);

    /// <summary>No measurement from a host until its first read succeeded: a 0 would claim an empty inbox.</summary>
    private static IEnumerable<Measurement<T>> Read<T>(Func<InboxSnapshot, T> value) where T : struct =>
        Running.Keys.Where(g => g.last is not null)
            .Select(g => new Measurement<T>(value(g.last!), new KeyValuePair<string, object?>("db.namespace", g.statistics.Database)))
            .ToList();

    public override void Dispose()
    {
        Running.TryRemove(this, out _);
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Running[this] = true;
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
