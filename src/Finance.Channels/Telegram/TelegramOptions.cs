using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Finance.Channels.Telegram;

public enum TelegramMode { Polling, Webhook }

/// <summary>Section "Finance:Telegram" (env: Finance__Telegram__BotToken, …). The channel is off without a token.</summary>
public sealed class TelegramOptions
{
    public const string Section = "Finance:Telegram";
    public const string OfficialApiBaseUrl = "https://api.telegram.org";

    public string? BotToken { get; set; }

    /// <summary>Where the Bot API lives: Telegram's own, a local Bot API server, or a loopback stand-in in tests.</summary>
    [Required, Url]
    public string ApiBaseUrl { get; set; } = OfficialApiBaseUrl;

    /// <summary>The value Telegram sends back in X-Telegram-Bot-Api-Secret-Token; required for webhook mode.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Polling needs no public address, so it is the default a fresh machine can run.</summary>
    public TelegramMode Mode { get; set; } = TelegramMode.Polling;

    /// <summary>In webhook mode, when set, setWebhook is called with it (and the secret) at start.</summary>
    [Url]
    public string? PublicWebhookUrl { get; set; }

    /// <summary>getUpdates long-poll timeout; Telegram holds the request open up to this long.</summary>
    [Range(1, 50)]
    public int PollingTimeoutSeconds { get; set; } = 30;

    /// <summary>How often a host that is not polling tries to take the polling lease (the longest a dead poller's
    /// updates wait for another host).</summary>
    public TimeSpan LeaseRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    public bool Enabled => !string.IsNullOrWhiteSpace(BotToken);
}

/// <summary>The rules that span fields, which DataAnnotations cannot say.</summary>
public sealed partial class TelegramOptionsValidation : IValidateOptions<TelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, TelegramOptions options)
    {
        var failures = new List<string>();
        if (options.WebhookSecret is { } secret && !IsValidSecret(secret))
            failures.Add("Finance:Telegram:WebhookSecret must be 1-256 characters of A-Z, a-z, 0-9, '_' or '-' (Telegram's rule).");
        if (options.Enabled && options.Mode == TelegramMode.Webhook && string.IsNullOrEmpty(options.WebhookSecret))
            failures.Add("Finance:Telegram:WebhookSecret is required in webhook mode: without it anyone could post updates.");
        if (options.LeaseRetryInterval <= TimeSpan.Zero)
            failures.Add("Finance:Telegram:LeaseRetryInterval must be positive.");
        if (options.Enabled && !TokenShape().IsMatch(options.BotToken!))
            failures.Add("Finance:Telegram:BotToken does not look like a bot token (digits, ':', then letters, digits, '_' or '-').");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex(@"^[0-9]+:[A-Za-z0-9_-]+$")]
    private static partial Regex TokenShape();

    private static bool IsValidSecret(string secret) =>
        secret.Length is >= 1 and <= 256 && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}
