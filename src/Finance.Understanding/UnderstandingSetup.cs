using Finance.Core;
using Finance.Understanding.Llm;
using Finance.Understanding.Parsing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Finance.Understanding;

public static class UnderstandingSetup
{
    /// <summary>Where shipped models and data live: models/ beside the binaries unless Finance:ModelsPath says otherwise.</summary>
    public static string ModelsPath(IConfiguration? configuration = null) =>
        configuration?["Finance:ModelsPath"] is { Length: > 0 } path ? path : Path.Combine(AppContext.BaseDirectory, "models");

    /// <summary>The rule parser with the merchant list and the category classifier (loaded once, shared by
    /// all threads); the Semantic Kernel parser in front of it when Finance:Llm:Endpoint is configured.</summary>
    public static IServiceCollection AddUnderstanding(this IServiceCollection services, IConfiguration configuration)
    {
        var models = ModelsPath(configuration);
        // The brand directory is also what bank lines are read against (MerchantDirectory.Find).
        services.AddSingleton(_ => MerchantDirectory.Load(Path.Combine(models, "merchants")));
        services.AddSingleton(sp =>
        {
            var classifier = RuleParser.TryLoadClassifier(Path.Combine(models, "categories", "model.zip"), out var problem);
            if (problem is not null)
                sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RuleParser))
                    .LogWarning("Category model unavailable ({Problem}); categories come from keywords and merchants only", problem);
            return new RuleParser(classifier, sp.GetRequiredService<MerchantDirectory>());
        });
        services.AddLlmParser(configuration);
        services.AddSingleton<ITransactionParser>(sp =>
            sp.GetService<LlmParser>() ?? (ITransactionParser)sp.GetRequiredService<RuleParser>());
        return services;
    }
}
