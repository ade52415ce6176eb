using Finance.Core;
using Finance.Ledger.Inbox;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Finance.Host.Telemetry;

public static class ObservabilitySetup
{
    /// <summary>
    /// OpenTelemetry metrics and traces: the product's own ("Finance": stage times, inbox gauges, outbound errors),
    /// ASP.NET Core, HttpClient and Npgsql. Exported to Prometheus at /metrics and/or to an OTLP collector, each only
    /// when configured (section "Finance:Observability"). No tag or span carries message text or amounts: the
    /// product's spans are tagged with stage and channel only, and Npgsql's statements carry parameters by name.
    /// </summary>
    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ObservabilityOptions>().BindConfiguration(ObservabilityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection(ObservabilityOptions.Section).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<InboxStatistics>();
        services.AddHostedService<InboxGauges>();

        var otlp = options.OtlpEndpoint is { } endpoint
            ? (Action<OtlpExporterOptions>)(o =>
            {
                o.Endpoint = endpoint;
                o.Protocol = options.OtlpProtocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
            })
            : null;
        // Without an exporter nothing is collected at all: spans for every request and statement cost CPU that the
        // pipeline's 1,000 messages a second need.
        var telemetry = services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("finance"));
        if (options.Prometheus || otlp is not null)
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter(FinanceTelemetry.Name, "Npgsql").AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (options.Prometheus) metrics.AddPrometheusExporter();
                if (otlp is not null) metrics.AddOtlpExporter(otlp);
            });
        if (otlp is not null)
            telemetry.WithTracing(tracing => tracing.AddSource(FinanceTelemetry.Name)
                // Health checks and scrapes would drown the traces that matter.
                .AddAspNetCoreInstrumentation(o => o.Filter = http => http.Request.Path != "/health" && http.Request.Path != "/metrics")
                // Telegram's URLs carry the bot token in their path: those spans keep method and host only.
                .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = (activity, request) =>
                {
                    if (request.RequestUri?.AbsolutePath.Contains("/bot", StringComparison.Ordinal) == true)
                        activity.SetTag("url.full", null);
                })
                .AddNpgsql()
                .AddOtlpExporter(otlp));
        return services;
    }

    /// <summary>GET /metrics in Prometheus' format, only when Finance:Observability:Prometheus is true.</summary>
    public static IEndpointRouteBuilder MapObservability(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ObservabilityOptions>>().Value.Prometheus)
            app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
