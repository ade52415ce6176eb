using System.ComponentModel.DataAnnotations;

namespace Finance.Channels.WebChat;

/// <summary>Section "Finance:WebChat". The web chat lets anyone who can reach the host talk to the bot with no
/// account: it is for trying Finance locally. On a public host turn it off (Enabled=false) or put it behind
/// authentication.</summary>
public sealed class WebChatOptions : IValidatableObject
{
    public const string Section = "Finance:WebChat";

    public bool Enabled { get; set; } = true;

    /// <summary>A receipt photo from a phone is a few MB; 20 MB matches what Telegram lets bots download.</summary>
    [Range(1, 100 * 1024 * 1024)]
    public long MaxImageBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>A minute of Opus voice is under 1 MB; 10 MB leaves room for long or uncompressed notes.</summary>
    [Range(1, 100 * 1024 * 1024)]
    public long MaxAudioBytes { get; set; } = 10 * 1024 * 1024;

    [Range(1, 64 * 1024)]
    public int MaxTextLength { get; set; } = 4096;

    /// <summary>Replies held per chat for a browser that is away (tab closed, reconnecting); older ones are dropped.</summary>
    [Range(1, 1000)]
    public int RepliesPerChat { get; set; } = 50;

    /// <summary>Replies are kept this long for a page that comes back; then the sweep deletes them.</summary>
    public TimeSpan ReplyLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Uploads wait in PostgreSQL until the pipeline reads them; this long, then they are dropped.</summary>
    public TimeSpan UploadLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often each host deletes expired uploads and replies.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>All uploads held at once; the oldest go first when a new one needs room.</summary>
    [Range(1, long.MaxValue)]
    public long MaxHeldUploadBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>An idle event stream sends a comment this often so proxies and the browser know it is alive.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxHeldUploadBytes < Math.Max(MaxImageBytes, MaxAudioBytes))
            yield return new ValidationResult("Finance:WebChat:MaxHeldUploadBytes must hold at least one upload of the largest size allowed.",
                [nameof(MaxHeldUploadBytes)]);
        if (UploadLifetime <= TimeSpan.Zero) yield return new ValidationResult("Finance:WebChat:UploadLifetime must be positive.", [nameof(UploadLifetime)]);
        if (ReplyLifetime <= TimeSpan.Zero) yield return new ValidationResult("Finance:WebChat:ReplyLifetime must be positive.", [nameof(ReplyLifetime)]);
        if (SweepInterval <= TimeSpan.Zero) yield return new ValidationResult("Finance:WebChat:SweepInterval must be positive.", [nameof(SweepInterval)]);
        if (Heartbeat <= TimeSpan.Zero) yield return new ValidationResult("Finance:WebChat:Heartbeat must be positive.", [nameof(Heartbeat)]);
    }
}
