using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace Finance.Understanding.Llm;

/// <summary>
/// Reads receipt fields from OCR text with the ReadReceipt prompt. Null on any failure (slow, down,
/// nonsense, or a total the text does not contain): the caller keeps its own rule-based reading.
/// </summary>
public sealed class ReceiptLlmReader(StructuredPrompts prompts, TimeProvider time, ILogger<ReceiptLlmReader> logger)
{
    public async Task<ReceiptFieldsDto?> ReadAsync(string ocrText, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(ocrText))
            return null;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var arguments = new KernelArguments
        {
            ["text"] = ocrText,
            ["today"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        var outcome = await prompts.InvokeAsync<ReceiptAnswer>("ReadReceipt", arguments, cancellationToken);
        if (outcome.Answer is null)
        {
            logger.LogInformation("LLM receipt reading not used ({Reason} {Detail})", outcome.Failure, outcome.Detail);
            return null;
        }
        var (fields, rejection) = outcome.Answer.Check(TextEvidence.Of(ocrText), today);
        if (fields is null)
            logger.LogInformation("LLM receipt reading not used ({Reason} {Detail})", LlmFallbackReason.Rejected, rejection);
        return fields;
    }
}
