using Finance.Core;
using Finance.Understanding.Classification;
using Finance.Understanding.Llm;
using Finance.Understanding.Parsing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Understanding;

public static class UnderstandingSetup
{
    /// <summary>Where shipped models and data live: models/ beside the binaries unless Finance:ModelsPath says otherwise.</summary>
    public static string ModelsPath(IConfiguration? configuration = null) =>
        configuration?["Finance:ModelsPath"] is { Length: > 0 } path ? path : Path.Combine(AppContext.BaseDirectory, "models");

    /// <summary>The rule parser with the category classifier (loaded once, shared by all threads); the
    /// Semantic Kernel parser in front of it when an LLM endpoint is configured (Finance:Llm:Endpoint).</summary>
    public static IServiceCollection AddUnderstanding(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => CategoryClassifier.Load(Path.Combine(ModelsPath(configuration), "categories", "model.zip")));
        services.AddSingleton<RuleParser>();
        services.AddLlmParser(configuration);
        services.AddSingleton<ITransactionParser>(sp =>
            sp.GetService<LlmParser>() ?? (ITransactionParser)sp.GetRequiredService<RuleParser>());
        return services;
    }
}
