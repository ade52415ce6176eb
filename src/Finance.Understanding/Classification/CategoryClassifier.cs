using Finance.Core;

namespace Finance.Understanding.Classification;

public sealed record CategoryPrediction(string Category, float Confidence);

/// <summary>Picks a category from merchant and description. (Skeleton: replaced by the ML.NET model.)</summary>
public sealed class CategoryClassifier
{
    public static CategoryClassifier Load(string modelPath) => new();

    public CategoryPrediction Predict(string? merchant, string description) => new(Categories.Other, 0f);
}
