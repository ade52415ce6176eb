namespace Finance.Understanding.Llm;

/// <summary>
/// Where the LLM parser finds its model, bound from "Finance:Llm" (Finance__Llm__Endpoint, …). With no
/// endpoint the LLM is not wired at all and the rule parser answers alone.
/// </summary>
public sealed class LlmOptions
{
    public const string Section = "Finance:Llm";

    /// <summary>OpenAI-compatible base address, e.g. http://127.0.0.1:11434/v1 (Ollama) or https://api.openai.com/v1.</summary>
    public required Uri Endpoint { get; set; }

    public required string Model { get; set; }

    /// <summary>Sent as a bearer token; local servers usually need none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one call may take before the rule parser answers instead; a chat reply should not wait longer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Consecutive failed calls after which the endpoint is left alone for <see cref="BreakerCoolDown"/>.</summary>
    public int BreakerFailures { get; set; } = 3;

    public TimeSpan BreakerCoolDown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Folder of prompt functions (ParseTransaction/, AnswerQuery/, ReadReceipt/); shipped beside the binaries.</summary>
    public string PromptsDirectory { get; set; } = Path.Combine(AppContext.BaseDirectory, "prompts");

    /// <summary>Why these options cannot work, or null when they can.</summary>
    public string? Problem() =>
        Endpoint is not { IsAbsoluteUri: true, Scheme: "http" or "https" } ? $"{Section}:Endpoint must be an absolute http(s) URI."
        : string.IsNullOrWhiteSpace(Model) ? $"{Section}:Model is required when an endpoint is set."
        : Timeout <= TimeSpan.Zero ? $"{Section}:Timeout must be positive."
        : BreakerFailures < 2 ? $"{Section}:BreakerFailures must be at least 2."
        : BreakerCoolDown < TimeSpan.FromSeconds(1) ? $"{Section}:BreakerCoolDown must be at least a second."
        : !Directory.Exists(PromptsDirectory) ? $"{Section}:PromptsDirectory '{PromptsDirectory}' does not exist."
        : null;
}
