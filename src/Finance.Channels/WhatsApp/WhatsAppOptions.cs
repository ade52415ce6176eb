using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Finance.Channels.WhatsApp;

/// <summary>Section "Finance:WhatsApp" (env: Finance__WhatsApp__AccessToken, …). The channel is on when the access
/// token is set.</summary>
public sealed class WhatsAppOptions
{
    public const string Section = "Finance:WhatsApp";
    public const string OfficialApiBaseUrl = "https://graph.facebook.com";
    public const string DefaultApiVersion = "v24.0";

    /// <summary>Where the Graph API lives: Meta's own, or a loopback stand-in in tests.</summary>
    [Required, Url]
    public string ApiBaseUrl { get; set; } = OfficialApiBaseUrl;

    /// <summary>Graph API version in every path ("v24.0"); Meta retires versions about two years after release.</summary>
    [Required]
    public string ApiVersion { get; set; } = DefaultApiVersion;

    /// <summary>The business phone number's id (not the number itself) from the app's WhatsApp settings.</summary>
    public string? PhoneNumberId { get; set; }

    /// <summary>A system user's permanent token with whatsapp_business_messaging; sent as a Bearer token.</summary>
    public string? AccessToken { get; set; }

    /// <summary>The app secret Meta signs webhook bodies with (X-Hub-Signature-256). Without it every POST is refused.</summary>
    public string? AppSecret { get; set; }

    /// <summary>The token typed into the webhook settings; Meta sends it back in the subscription handshake.</summary>
    public string? VerifyToken { get; set; }

    /// <summary>Approved message templates for writing first, outside the 24-hour customer-service window, by the
    /// job's key (e.g. "WeeklySummary" → name "weekly_summary", language "en_US").</summary>
    public Dictionary<string, WhatsAppTemplate> Templates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Bigger webhook bodies are refused before they are read; Meta batches at most a few MB.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxWebhookBodyBytes { get; set; } = 3 * 1024 * 1024;

    public bool Enabled => !string.IsNullOrWhiteSpace(AccessToken);
}

/// <summary>The rules that span fields, which DataAnnotations cannot say.</summary>
public sealed partial class WhatsAppOptionsValidation : IValidateOptions<WhatsAppOptions>
{
    public ValidateOptionsResult Validate(string? name, WhatsAppOptions options)
    {
        var failures = new List<string>();
        if (!VersionShape().IsMatch(options.ApiVersion ?? ""))
            failures.Add("Finance:WhatsApp:ApiVersion must look like v24.0.");
        if (options.Enabled)
        {
            if (string.IsNullOrWhiteSpace(options.PhoneNumberId) || !options.PhoneNumberId.All(char.IsAsciiDigit))
                failures.Add("Finance:WhatsApp:PhoneNumberId is required with an access token: the digits of the business phone number's id.");
            if (string.IsNullOrEmpty(options.AppSecret))
                failures.Add("Finance:WhatsApp:AppSecret is required with an access token: without it no webhook can be verified, so the bot would hear nothing.");
            if (options.AccessToken!.Any(char.IsWhiteSpace))
                failures.Add("Finance:WhatsApp:AccessToken has white space in it; paste the token alone.");
        }
        foreach (var (key, template) in options.Templates)
            if (string.IsNullOrWhiteSpace(template.Name) || !TemplateName().IsMatch(template.Name))
                failures.Add($"Finance:WhatsApp:Templates:{key}:Name must be a template name (lower case letters, digits and '_').");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex(@"^v[0-9]+\.[0-9]+$")]
    private static partial Regex VersionShape();

    [GeneratedRegex(@"^[a-z0-9_]{1,512}$")]
    private static partial Regex TemplateName();
}
