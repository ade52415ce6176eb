using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Finance.Banks.Providers;

public static class BankProvidersSetup
{
    /// <summary>The providers whose secrets are configured (Finance:Banks:GoCardless, Finance:Banks:Plaid), each an
    /// <see cref="IBankProvider"/> over an HttpClient that retries 429 and 5xx after the time the provider asks for.</summary>
    public static IServiceCollection AddBankProviders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BankOptions>().Bind(configuration.GetSection(BankOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection(BankOptions.Section).Get<BankOptions>() ?? new BankOptions();
        services.AddSingleton(TimeProvider.System);
        if (options.GoCardless.Enabled)
        {
            services.AddHttpClient<GoCardlessProvider>((sp, http) => http.BaseAddress = sp.GetRequiredService<IOptions<BankOptions>>().Value.GoCardless.BaseUrl)
                .AddResilienceHandler("gocardless", Retry);
            services.AddSingleton<IBankProvider>(sp => sp.GetRequiredService<GoCardlessProvider>());
        }
        if (options.Plaid.Enabled)
        {
            services.AddHttpClient<PlaidProvider>((sp, http) => http.BaseAddress = sp.GetRequiredService<IOptions<BankOptions>>().Value.Plaid.BaseUrl)
                .AddResilienceHandler("plaid", Retry);
            services.AddSingleton<IBankProvider>(sp => sp.GetRequiredService<PlaidProvider>());
        }
        return services;
    }

    /// <summary>Retries 429, 408 and 5xx up to three times: after Retry-After when the provider sends it, else after
    /// GoCardless's rate-limit reset header, else with jittered exponential backoff.</summary>
    public static void Retry(ResiliencePipelineBuilder<HttpResponseMessage> pipeline) =>
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromSeconds(1),
            ShouldRetryAfterHeader = true,
            DelayGenerator = args => ValueTask.FromResult(RateLimitReset(args.Outcome.Result)),
        });

    private static TimeSpan? RateLimitReset(HttpResponseMessage? response)
    {
        if (response is not { StatusCode: HttpStatusCode.TooManyRequests } || response.Headers.RetryAfter is not null) return null;
        foreach (var name in new[] { "HTTP_X_RATELIMIT_ACCOUNT_SUCCESS_RESET", "HTTP_X_RATELIMIT_RESET", "X-RateLimit-Reset" })
            if (response.Headers.TryGetValues(name, out var values) &&
                int.TryParse(values.First(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                // Past a minute the sync gives up for now; the next scheduled run tries again.
                return seconds <= 60 ? TimeSpan.FromSeconds(seconds) : null;
        return null;
    }
}
