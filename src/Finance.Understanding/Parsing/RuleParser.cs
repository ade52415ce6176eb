using Finance.Core;
using Finance.Understanding.Classification;

namespace Finance.Understanding.Parsing;

/// <summary>The embedded default parser and the safety net behind the LLM. (Skeleton.)</summary>
public sealed class RuleParser(CategoryClassifier classifier) : ITransactionParser
{
    public ParsedMessage Parse(string text, ParseContext context) => ParsedMessage.Nothing(context.Language);

    public Task<ParsedMessage> ParseAsync(string text, ParseContext context, CancellationToken cancellationToken) =>
        Task.FromResult(Parse(text, context));

    internal CategoryClassifier Classifier => classifier;
}
