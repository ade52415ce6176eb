using Finance.Understanding.Parsing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Finance.Understanding.Llm;

public static class LlmSetup
{
    /// <summary>True when Finance:Llm:Endpoint is set, i.e. when <see cref="AddLlmParser"/> registers anything.</summary>
    public static bool IsLlmConfigured(this IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetSection(LlmOptions.Section)["Endpoint"]);

    /// <summary>
    /// Registers <see cref="LlmParser"/> and <see cref="ReceiptLlmReader"/> (and the kernel behind them) only
    /// when an endpoint is configured; with none this adds nothing and the rule parser works alone.
    /// Needs <see cref="RuleParser"/> registered by the caller.
    /// </summary>
    public static IServiceCollection AddLlmParser(this IServiceCollection services, IConfiguration configuration)
    {
        if (!configuration.IsLlmConfigured())
            return services;

        services.AddOptions<LlmOptions>()
            .Bind(configuration.GetSection(LlmOptions.Section))
            .Validate(o => o.Problem() is null, "Finance:Llm is not usable: check Endpoint (absolute http(s) URI), Model, Timeout, breaker settings and PromptsDirectory.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => StructuredPrompts.Create(
            sp.GetRequiredService<IOptions<LlmOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<LlmParser>();
        services.AddSingleton<ReceiptLlmReader>();
        return services;
    }
}
