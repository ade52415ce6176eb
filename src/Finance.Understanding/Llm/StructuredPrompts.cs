using System.Text.Json;
using Finance.Core;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace Finance.Understanding.Llm;

/// <summary>
/// The prompt functions in prompts/ bound to one OpenAI-compatible endpoint. Each call asks for a strict
/// JSON schema (made from the answer type), is cut off after <see cref="LlmOptions.Timeout"/>, passes the
/// circuit breaker of its HTTP client, and comes back as a typed answer or a reason — never an exception,
/// except the caller's own cancellation.
/// </summary>
public sealed class StructuredPrompts(
    Kernel kernel, KernelPlugin functions, LlmOptions options, TimeProvider time, CircuitBreakerStateProvider breaker, ILogger<StructuredPrompts> logger)
    : IDisposable
{
    private static readonly JsonSerializerOptions AnswerJson = new(JsonSerializerDefaults.Web);

    private HttpClient? ownedHttp;

    /// <summary>The folders of prompts/ the product calls.</summary>
    public static readonly IReadOnlyList<string> ExpectedFunctions = ["ParseTransaction", "AnswerQuery", "ReadReceipt"];

    public CircuitState Circuit => breaker.CircuitState;

    public static StructuredPrompts Create(LlmOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        if (options.Problem() is { } problem)
            throw new InvalidOperationException(problem);

        var logger = loggers.CreateLogger<StructuredPrompts>();
        var breaker = new CircuitBreakerStateProvider();
        // One long-lived client with pooled connections recycled now and then (DNS changes). No retries: a chat
        // reply should not wait for a second try, the rules answer at once. The breaker opens after BreakerFailures
        // calls in a row failed (errors, no answer, or past the timeout) and then callers are turned away at once.
        // Passing our own client also turns off the OpenAI SDK's retries, which would multiply the wait.
        var http = OutboundHttp.CreateClient("llm", new OutboundPolicy
        {
            MaxAttempts = 1,
            AttemptTimeout = options.Timeout,
            BreakerFailureRatio = 1.0,
            BreakerMinimumCalls = options.BreakerFailures,
            BreakerSampling = options.BreakerCoolDown,
            BreakDuration = options.BreakerCoolDown,
            OnBreakerOpened = () => logger.LogWarning("LLM endpoint failing; rules answer alone for {CoolDown}", options.BreakerCoolDown),
        }, time, new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, breaker);
        var builder = Kernel.CreateBuilder();
#pragma warning disable SKEXP0010 // the custom-endpoint overload is what makes any OpenAI-compatible server usable
        builder.AddOpenAIChatCompletion(options.Model, options.Endpoint, options.ApiKey, httpClient: http);
#pragma warning restore SKEXP0010
        // The kernel gets no logger factory on purpose: SK can log rendered prompts, which hold users' messages.
        var kernel = builder.Build();
        var functions = kernel.CreatePluginFromPromptDirectory(options.PromptsDirectory, "Finance");
        // A missing prompt is a broken deployment: say so at start, not on some user's message.
        var missing = ExpectedFunctions.Where(name => !functions.Contains(name)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"No prompt function {string.Join(", ", missing)} in {options.PromptsDirectory}.");
        return new StructuredPrompts(kernel, functions, options, time, breaker, logger) { ownedHttp = http };
    }

    public async Task<PromptOutcome<T>> InvokeAsync<T>(string functionName, KernelArguments arguments, CancellationToken cancellationToken)
        where T : class
    {
        var function = functions[functionName];
        // The HTTP client's timeout ends a call that gets no answer (and counts against the endpoint); this one
        // also ends a call whose answer arrives too slowly after its headers.
        using var timeout = new CancellationTokenSource(options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        string? content;
        try
        {
            var call = new KernelArguments(arguments, new Dictionary<string, PromptExecutionSettings>
            {
                [PromptExecutionSettings.DefaultServiceId] = StructuredSettings(function, typeof(T)),
            });
            var result = await kernel.InvokeAsync(function, call, linked.Token);
            content = result.GetValue<string>();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (Is<BrokenCircuitException>(e))
        {
            return PromptOutcome<T>.Failed(LlmFallbackReason.CircuitOpen);
        }
        catch (Exception e) when (timeout.IsCancellationRequested || Is<TimeoutRejectedException>(e))
        {
            logger.LogDebug("{Function} timed out after {Timeout} ({Error})", functionName, options.Timeout, e.GetType().Name);
            return PromptOutcome<T>.Failed(LlmFallbackReason.Timeout, $"after {options.Timeout.TotalMilliseconds:0} ms");
        }
        catch (Exception e)
        {
            var status = (e as HttpOperationException)?.StatusCode;
            // The exception text can quote the request; type and status are enough to tell what broke.
            logger.LogDebug("{Function} failed: {Error} {Status}", functionName, e.GetType().Name, status);
            return PromptOutcome<T>.Failed(LlmFallbackReason.EndpointError, status is null ? e.GetType().Name : $"HTTP {(int)status}");
        }

        if (Deserialize<T>(content) is not { } answer)
        {
            // A model that answers nonsense is as useless as one that does not answer.
            logger.LogDebug("{Function} answered something that is not the expected JSON ({Length} chars)", functionName, content?.Length ?? 0);
            return PromptOutcome<T>.Failed(LlmFallbackReason.InvalidOutput, $"{content?.Length ?? 0} chars");
        }

        return PromptOutcome<T>.Success(answer);
    }

    /// <summary>The SDKs between us and the HTTP client may wrap what the pipeline threw.</summary>
    private static bool Is<TException>(Exception? e) where TException : Exception =>
        e is not null && (e is TException || Is<TException>(e.InnerException));

    /// <summary>The function's own settings from config.json, plus a strict JSON schema made from <paramref name="answerType"/>.</summary>
    private static OpenAIPromptExecutionSettings StructuredSettings(KernelFunction function, Type answerType)
    {
        var configured = function.ExecutionSettings?.GetValueOrDefault(PromptExecutionSettings.DefaultServiceId)
            ?? function.ExecutionSettings?.Values.FirstOrDefault();
        // FromExecutionSettings may hand back the (frozen) instance itself; the clone is ours to change.
        var settings = (OpenAIPromptExecutionSettings)OpenAIPromptExecutionSettings.FromExecutionSettings(configured).Clone();
        settings.ResponseFormat = answerType;
        return settings;
    }

    private static T? Deserialize<T>(string? content) where T : class
    {
        if (string.IsNullOrWhiteSpace(content))
            return null;
        var json = content.Trim();
        // Some local servers wrap JSON in a Markdown fence even when asked for a schema.
        if (json.StartsWith("```", StringComparison.Ordinal))
        {
            var start = json.IndexOf('\n');
            var end = json.LastIndexOf("```", StringComparison.Ordinal);
            json = start >= 0 && end > start ? json[(start + 1)..end] : json;
        }
        try
        {
            return JsonSerializer.Deserialize<T>(json, AnswerJson);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => ownedHttp?.Dispose();
}
