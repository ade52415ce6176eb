using System.ComponentModel.DataAnnotations;

namespace Finance.Banks.Providers;

/// <summary>Finance:Banks: the providers, each off until its secrets are set, and how often connections sync.</summary>
public sealed class BankOptions
{
    public const string Section = "Finance:Banks";

    public GoCardlessOptions GoCardless { get; set; } = new();

    public PlaidOptions Plaid { get; set; } = new();

    /// <summary>Days read on a connection's first sync (banks may allow less).</summary>
    [Range(1, 730)]
    public int FirstSyncDays { get; set; } = 90;
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

    public bool Enabled => !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(Secret);
}
