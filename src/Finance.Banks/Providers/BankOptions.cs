using System.ComponentModel.DataAnnotations;

namespace Finance.Banks.Providers;

/// <summary>Finance:Banks: the providers, each off until its secrets are set, the key that seals their secrets,
/// and how often connections sync.</summary>
public sealed class BankOptions
{
    public const string Section = "Finance:Banks";

    public GoCardlessOptions GoCardless { get; set; } = new();

    public PlaidOptions Plaid { get; set; } = new();

    /// <summary>32 bytes, base64: the AES-GCM key of <see cref="Connections.SecretBox"/>; required once a provider is on.</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>Days read on a connection's first sync (banks may allow less).</summary>
    [Range(1, 730)]
    public int FirstSyncDays { get; set; } = 90;

    /// <summary>Every connection syncs every this many hours (a Quartz cron on the hour); <c>/bank sync</c> syncs at once.</summary>
    [Range(1, 24)]
    public int SyncEveryHours { get; set; } = 6;

    /// <summary>A sync the bank failed part-way (down, its retries spent) is tried again after this long, a few times;
    /// past that the scheduled sync reads on.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Finance:PublicBaseUrl, the host's public address: consent callbacks are built from it.</summary>
    public Uri? PublicBaseUrl { get; set; }

    public bool AnyProvider => GoCardless.Enabled || Plaid.Enabled;
}

public sealed class GoCardlessOptions
{
    [Required]
    public Uri BaseUrl { get; set; } = new("https://bankaccountdata.gocardless.com/");

    public string? SecretId { get; set; }

    public string? SecretKey { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(SecretId) && !string.IsNullOrWhiteSpace(SecretKey);
}

public sealed class PlaidOptions
{
    [Required]
    public Uri BaseUrl { get; set; } = new("https://production.plaid.com/");

    public string? ClientId { get; set; }

    public string? Secret { get; set; }

    /// <summary>Link tokens carry <c>{PublicBaseUrl}/banks/callback/plaid/oauth</c> as the OAuth redirect (it must be
    /// listed under the allowed redirect URIs in Plaid's dashboard); false leaves OAuth banks out.</summary>
    public bool OAuthRedirect { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(Secret);
}
