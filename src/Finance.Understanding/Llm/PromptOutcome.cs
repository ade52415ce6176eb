namespace Finance.Understanding.Llm;

/// <summary>Why the LLM's answer was not used; logged (never with message text) and the rule parser answers.</summary>
public enum LlmFallbackReason
{
    /// <summary>The breaker is open: the endpoint failed recently and is left alone for a while.</summary>
    CircuitOpen,
    Timeout,
    /// <summary>HTTP error status, refused connection, or any other failure of the call itself.</summary>
    EndpointError,
    /// <summary>The answer was not JSON of the expected shape.</summary>
    InvalidOutput,
    /// <summary>Well-formed, but not supported by the text (an amount it does not contain, a future date, …).</summary>
    Rejected,
}

/// <summary>The structured answer of one prompt function, or why there is none.</summary>
public sealed record PromptOutcome<T>(T? Answer, LlmFallbackReason? Failure, string? Detail = null) where T : class
{
    public static PromptOutcome<T> Success(T answer) => new(answer, null);

    public static PromptOutcome<T> Failed(LlmFallbackReason reason, string? detail = null) => new(null, reason, detail);
}
