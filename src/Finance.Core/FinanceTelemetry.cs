using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Finance.Core;

/// <summary>
/// The product's own metrics and traces (meter and activity source "Finance"; the host exports them with
/// OpenTelemetry). Tags name the stage and the channel, never what a user wrote or an amount.
/// </summary>
public static class FinanceTelemetry
{
    public const string Name = "Finance";

    public static readonly Meter Meter = new(Name);

    public static readonly ActivitySource Source = new(Name);

    private static readonly Histogram<double> StageDuration = Meter.CreateHistogram<double>(
        "finance.pipeline.stage.duration", "s", "Time a message spends in one stage: media, understanding, ledger or reply.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    /// <summary>Times a stage (a span, and its duration in the histogram) until disposed: <c>using var _ = FinanceTelemetry.Stage("ledger", channel);</c></summary>
    public static StageTimer Stage(string stage, string? channel = null) => new(stage, channel, Source.StartActivity(stage), Stopwatch.GetTimestamp());

    public readonly struct StageTimer(string stage, string? channel, Activity? activity, long started) : IDisposable
    {
        public void Dispose()
        {
            StageDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("stage", stage), new KeyValuePair<string, object?>("channel", channel));
            if (activity is null) return;
            if (channel is not null) activity.SetTag("finance.channel", channel);
            activity.Dispose();
        }
    }
}
