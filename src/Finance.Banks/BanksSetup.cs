using System.Globalization;
using System.Net;
using Finance.Banks.Connections;
using Finance.Banks.Descriptions;
using Finance.Banks.Ingest;
using Finance.Banks.Providers;
using Finance.Banks.Statements;
using Finance.Core;
using Finance.Understanding.Parsing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Finance.Banks;

public static class BanksSetup
{
    /// <summary>Bank rows in (ingest, matcher, statement files) with the parser's merchant list and classifier, and the
    /// open-banking providers whose secrets are configured (Finance:Banks:GoCardless, Finance:Banks:Plaid), each over
    /// an HttpClient with the outbound pipeline (429 and 5xx retried after the wait the provider asks for), with the
    /// connections, consents, sync and the bank balances behind "what's my balance?".</summary>
    public static IServiceCollection AddBanks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(sp =>
        {
            var parser = sp.GetRequiredService<RuleParser>();
            return new BankDescriptions(parser.Merchants, parser.Classifier);
        });
        services.AddSingleton<BankRowStore>();
        services.AddSingleton<BankIngest>();
        services.AddSingleton<StatementImport>();
        services.AddSingleton<StatementUploadStore>();
        services.AddSingleton<Export.LedgerExport>();

        services.AddOptions<BankOptions>().Bind(configuration.GetSection(BankOptions.Section))
            // With a trailing slash, so callbacks resolve under a base that has a path of its own.
            .Configure(o => o.PublicBaseUrl = Uri.TryCreate(configuration["Finance:PublicBaseUrl"]?.TrimEnd('/') + "/", UriKind.Absolute, out var url)
                && url.Scheme is "https" or "http" ? url : null)
            .ValidateDataAnnotations()
            .Validate(o => !o.AnyProvider || o.PublicBaseUrl is not null,
                "Finance__PublicBaseUrl (the host's public address, for the banks' consent callback) is required once a bank provider is configured.")
            .Validate(o => !o.AnyProvider || SecretBox.IsKey(o.EncryptionKey),
                "Finance__Banks__EncryptionKey (32 bytes, base64) is required once a bank provider is configured: it seals the providers' secrets.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => SecretBox.FromBase64(sp.GetRequiredService<IOptions<BankOptions>>().Value.EncryptionKey));
        services.AddSingleton<BankConnectionStore>();
        services.AddSingleton<BankConsentStore>();
        services.AddSingleton<BankSync>();
        services.AddSingleton<BankLinking>();
        services.TryAddSingleton<IBankSyncQueue, NoBankSyncQueue>(); // AddJobs puts the Quartz queue in its place
        services.AddSingleton<IBankBalances, StoredBankBalances>();

        var options = configuration.GetSection(BankOptions.Section).Get<BankOptions>() ?? new BankOptions();
        if (options.GoCardless.Enabled)
        {
            services.AddHttpClient<GoCardlessProvider>((sp, http) => http.BaseAddress = sp.GetRequiredService<IOptions<BankOptions>>().Value.GoCardless.BaseUrl)
                .AddOutboundResilience("gocardless", new OutboundPolicy
                {
                    AskedDelay = response => ValueTask.FromResult(OutboundHttp.RetryAfter(response) ?? RateLimitReset(response)),
                    // Past a minute the sync gives up for now; the next scheduled run tries again.
                    LongestRetryAfter = TimeSpan.FromMinutes(1),
                });
            services.AddSingleton<IBankProvider>(sp => sp.GetRequiredService<GoCardlessProvider>());
        }
        if (options.Plaid.Enabled)
        {
            services.AddHttpClient<PlaidProvider>((sp, http) => http.BaseAddress = sp.GetRequiredService<IOptions<BankOptions>>().Value.Plaid.BaseUrl)
                .AddOutboundResilience("plaid", new OutboundPolicy { LongestRetryAfter = TimeSpan.FromMinutes(1) });
            services.AddSingleton<IBankProvider>(sp => sp.GetRequiredService<PlaidProvider>());
        }
        return services;
    }

    /// <summary>GoCardless's own rate-limit headers: seconds until the limit resets, on a 429 without Retry-After.</summary>
    private static TimeSpan? RateLimitReset(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.TooManyRequests) return null;
        foreach (var name in new[] { "HTTP_X_RATELIMIT_ACCOUNT_SUCCESS_RESET", "HTTP_X_RATELIMIT_RESET", "X-RateLimit-Reset" })
            if (response.Headers.TryGetValues(name, out var values) &&
                int.TryParse(values.First(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                return TimeSpan.FromSeconds(seconds);
        return null;
    }
}
