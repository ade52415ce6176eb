using System.ComponentModel.DataAnnotations;

namespace Finance.Host.Telemetry;

/// <summary>Where metrics and traces go (section "Finance:Observability"). Nothing is exported unless configured.</summary>
public sealed class ObservabilityOptions
{
    public const string Section = "Finance:Observability";

    /// <summary>Serve metrics in Prometheus' text format at <c>GET /metrics</c> (off by default: keep it off the public
    /// address, or behind the proxy's authentication).</summary>
    public bool Prometheus { get; set; }

    /// <summary>An OpenTelemetry collector (OTLP, e.g. http://127.0.0.1:4317 for gRPC or :4318 with
    /// <see cref="OtlpProtocol"/> http/protobuf) that receives metrics and traces.</summary>
    public Uri? OtlpEndpoint { get; set; }

    [RegularExpression("^(grpc|http/protobuf)$")]
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>How often the inbox gauges are read from PostgreSQL (one cheap statement, whatever the scrape rate).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan InboxGaugeInterval { get; set; } = TimeSpan.FromSeconds(15);
}
