using System.Globalization;
using Finance.Core;
using Finance.Understanding.Parsing;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace Finance.Understanding.Llm;

/// <summary>
/// Understands a message with the ParseTransaction prompt (and AnswerQuery for questions) and believes
/// the answer only where the text supports it. The rule parser answers whenever the LLM is slow, down,
/// talking nonsense or unsupported by the text, so a message is always understood at least as well as
/// the rules understand it.
/// </summary>
public sealed class LlmParser(StructuredPrompts prompts, RuleParser rules, ILogger<LlmParser> logger) : ITransactionParser
{
    public async Task<ParsedMessage> ParseAsync(string text, ParseContext context, CancellationToken cancellationToken)
    {
        // Cheap and needed twice: as the fallback, and as a second reader of number words.
        var fallback = rules.Parse(text, context);
        if (string.IsNullOrWhiteSpace(text))
            return fallback;
        var evidence = TextEvidence.Of(text, fallback.Transactions.Select(t => t.Amount));

        var parsed = await prompts.InvokeAsync<ParseTransactionAnswer>("ParseTransaction", Arguments(text, context), cancellationToken);
        if (parsed.Answer is null)
            return FallBack("ParseTransaction", parsed.Failure!.Value, parsed.Detail, fallback);
        var (message, rejection) = parsed.Answer.Check(evidence, context);
        if (message is null)
            return FallBack("ParseTransaction", LlmFallbackReason.Rejected, rejection, fallback);
        if (message.Intent != Intent.Query)
            return message;

        var asked = await prompts.InvokeAsync<SpendingQueryAnswer>("AnswerQuery", Arguments(text, context), cancellationToken);
        if (asked.Answer is null)
            return FallBack("AnswerQuery", asked.Failure!.Value, asked.Detail, fallback);
        var (query, queryRejection) = asked.Answer.Check(evidence, context.Today);
        return query is null
            ? FallBack("AnswerQuery", LlmFallbackReason.Rejected, queryRejection, fallback)
            : message with { Query = query };
    }

    private ParsedMessage FallBack(string function, LlmFallbackReason reason, string? detail, ParsedMessage fallback)
    {
        // Reason only: the message itself is personal data and stays out of logs.
        logger.LogInformation("LLM answer not used ({Function}: {Reason} {Detail}); the rule parser answers", function, reason, detail);
        return fallback;
    }

    internal static KernelArguments Arguments(string text, ParseContext context) => new()
    {
        ["message"] = text,
        ["today"] = context.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["weekday"] = context.Today.DayOfWeek.ToString(),
        ["timezone"] = context.TimeZone.Id,
        ["currency"] = context.DefaultCurrency.ToUpperInvariant(),
        ["language"] = context.Language,
        ["categories"] = string.Join(", ", Categories.All),
    };
}
