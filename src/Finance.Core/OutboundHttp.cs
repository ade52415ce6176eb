using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Finance.Core;

/// <summary>
/// How one remote API is called: which answers are worth another try and how long the API asked us to wait.
/// The defaults fit a JSON API that says "later" with 5xx, 429 and a Retry-After header.
/// </summary>
public sealed record OutboundPolicy
{
    /// <summary>Tries in all, the first included; 1 turns retries off.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>The first backoff; each next one doubles (250, 500, 1000 ms …).</summary>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A longer wait than this, when the API asks for one, is not worth holding a worker for: the call
    /// fails and the inbox (or the job) tries again later.</summary>
    public TimeSpan LongestRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>An answer that is worth trying again (after the backoff) when the API named no wait.</summary>
    public Func<HttpResponseMessage, ValueTask<bool>> IsTransient { get; init; } =
        response => ValueTask.FromResult(response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500);

    /// <summary>The wait the API asked for (by default its Retry-After header), or null.</summary>
    public Func<HttpResponseMessage, ValueTask<TimeSpan?>> AskedDelay { get; init; } = response => ValueTask.FromResult(OutboundHttp.RetryAfter(response));

    /// <summary>Each try is cut off after this long (it counts as a failure for the breaker); null: no limit per try.</summary>
    public TimeSpan? AttemptTimeout { get; init; }

    /// <summary>The breaker opens when at least <see cref="BreakerMinimumCalls"/> calls in <see cref="BreakerSampling"/>
    /// failed at this ratio (server errors, no answer, timeouts; never the caller's own 4xx), and stays open for
    /// <see cref="BreakDuration"/>, then lets one trial call through.</summary>
    public double BreakerFailureRatio { get; init; } = 0.5;

    public int BreakerMinimumCalls { get; init; } = 10;

    public TimeSpan BreakerSampling { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Told when the breaker opens (worth a warning in the logs).</summary>
    public Action? OnBreakerOpened { get; init; }
}

/// <summary>
/// The one way clients of remote APIs (Telegram, the Graph API, the LLM and Whisper endpoints, banks) retry and stop
/// calling an API that keeps failing: a Microsoft.Extensions.Http.Resilience (Polly v8) pipeline per named client —
/// retry outside, circuit breaker inside, then an optional per-try timeout — and every failed try counted in
/// <c>finance.outbound.errors</c> by client.
/// </summary>
public static class OutboundHttp
{
    private static readonly Counter<long> Errors = FinanceTelemetry.Meter.CreateCounter<long>("finance.outbound.errors", "{error}",
        "Failed calls to a remote API (error answers or none), by client (telegram, whatsapp, llm, whisper) and status; each try counted.");

    /// <summary>Adds the pipeline to a named client; it reads the TimeProvider registered in the container (tests move it by hand).</summary>
    public static IHttpClientBuilder AddOutboundResilience(this IHttpClientBuilder http, string client, OutboundPolicy policy)
    {
        http.AddResilienceHandler(client, (pipeline, context) =>
            Configure(pipeline, policy, context.ServiceProvider.GetService<TimeProvider>()));
        // Inside the pipeline, so each try is seen.
        http.AddHttpMessageHandler(() => new ErrorCounter(client));
        return http;
    }

    /// <summary>The same pipeline for a client built by hand (an SDK that wants an HttpClient of its own); the state
    /// provider reports the breaker's state.</summary>
    public static HttpClient CreateClient(string client, OutboundPolicy policy, TimeProvider time, HttpMessageHandler primary,
        CircuitBreakerStateProvider? breakerState = null)
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>();
        Configure(pipeline, policy, time, breakerState);
        var handler = new ResilienceHandler(pipeline.Build()) { InnerHandler = new ErrorCounter(client) { InnerHandler = primary } };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The Retry-After header as a wait: seconds, or a date (less now).</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, OutboundPolicy policy, TimeProvider? time,
        CircuitBreakerStateProvider? breakerState = null)
    {
        if (time is not null) pipeline.TimeProvider = time;
        if (policy.MaxAttempts > 1)
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = policy.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                Delay = policy.FirstDelay,
                ShouldRetryAfterHeader = false, // AskedDelay says what the API asked for, header or body
                ShouldHandle = async args => args.Outcome switch
                {
                    { Exception: BrokenCircuitException } => false,
                    // No answer at all: the connection failed, or the try took too long.
                    { Exception: HttpRequestException or TimeoutRejectedException } => true,
                    { Result: { IsSuccessStatusCode: false } response } => await policy.AskedDelay(response) is { } asked
                        ? asked <= policy.LongestRetryAfter
                        : await policy.IsTransient(response),
                    _ => false,
                },
                DelayGenerator = async args => args.Outcome.Result is { } response && await policy.AskedDelay(response) is { } asked && asked > TimeSpan.Zero
                    ? asked
                    : null,
            });
        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = policy.BreakerFailureRatio,
            MinimumThroughput = policy.BreakerMinimumCalls,
            SamplingDuration = policy.BreakerSampling,
            BreakDuration = policy.BreakDuration,
            StateProvider = breakerState,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
            {
                { Exception: HttpRequestException or TimeoutRejectedException } => true,
                { Result: { } response } => (int)response.StatusCode >= 500,
                _ => false,
            }),
            OnOpened = _ =>
            {
                policy.OnBreakerOpened?.Invoke();
                return ValueTask.CompletedTask;
            },
        });
        if (policy.AttemptTimeout is { } timeout) pipeline.AddTimeout(timeout);
    }

    private sealed class ErrorCounter(string client) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                if (!response.IsSuccessStatusCode)
                    Errors.Add(1, new KeyValuePair<string, object?>("client", client), new KeyValuePair<string, object?>("status", (int)response.StatusCode));
                return response;
            }
            catch (HttpRequestException)
            {
                Errors.Add(1, new KeyValuePair<string, object?>("client", client), new KeyValuePair<string, object?>("status", "no_answer"));
                throw;
            }
        }
    }
}
