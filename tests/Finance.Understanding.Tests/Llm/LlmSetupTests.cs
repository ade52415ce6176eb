using Finance.Core;
using Finance.Testing;
using Finance.Understanding.Classification;
using Finance.Understanding.Llm;
using Finance.Understanding.Parsing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Finance.Understanding.Tests.Llm;

public sealed class LlmSetupTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(CategoryClassifier.Load(Classification.RepositoryFiles.ShippedModel));
        services.AddSingleton<RuleParser>();
        services.AddLlmParser(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    [Fact]
    public void Without_an_endpoint_nothing_is_registered()
    {
        using var services = Services(new() { ["Finance:Llm:Model"] = "llama3" });

        Assert.Null(services.GetService<LlmParser>());
        Assert.Null(services.GetService<ReceiptLlmReader>());
    }

    [Fact]
    public async Task With_an_endpoint_the_llm_parser_calls_it()
    {
        await using var stand = await LoopbackOpenAi.StartAsync();
        stand.RespondWith(LoopbackReply.CompletionOf(new { intent = "other", language = "en", transactions = Array.Empty<object>() }));
        await using var services = Services(new()
        {
            ["Finance:Llm:Endpoint"] = stand.BaseUrl.ToString(),
            ["Finance:Llm:Model"] = "llama3",
            ["Finance:Llm:Timeout"] = "00:05:00", // bound, not a race: the call must not time out on a loaded machine
            ["Finance:Llm:BreakerFailures"] = "5",
        });

        var options = services.GetRequiredService<IOptions<LlmOptions>>().Value;
        var parser = services.GetRequiredService<LlmParser>();
        var result = await parser.ParseAsync("hello", new ParseContext(DateTimeOffset.UtcNow, TimeZoneInfo.Utc, "EUR"), CancellationToken.None);

        Assert.Equal(TimeSpan.FromMinutes(5), options.Timeout);
        Assert.Equal(5, options.BreakerFailures);
        Assert.Equal(Intent.Other, result.Intent);
        Assert.Equal("llama3", stand.Requests.Single().Json!["model"]!.GetValue<string>());
        Assert.NotNull(services.GetService<ReceiptLlmReader>());
    }

    [Fact]
    public void Relative_endpoint_is_refused()
    {
        using var services = Services(new() { ["Finance:Llm:Endpoint"] = "v1", ["Finance:Llm:Model"] = "llama3" });

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<LlmOptions>>().Value);
    }

    [Fact]
    public void Prompts_folder_without_the_expected_functions_is_refused_at_start()
    {
        var empty = Directory.CreateTempSubdirectory("finance-prompts-").FullName;
        try
        {
            var options = new LlmOptions { Endpoint = new Uri("http://127.0.0.1:9/v1"), Model = "llama3", PromptsDirectory = empty };

            var error = Assert.Throws<InvalidOperationException>(() => StructuredPrompts.Create(options, TimeProvider.System, NullLoggerFactory.Instance));

            Assert.Contains("ParseTransaction", error.Message);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
