using Microsoft.ML;

namespace Finance.Understanding.Classification;

/// <summary>Accuracy over held-out rows: micro (share of rows right) and macro (mean of per-category shares).</summary>
internal sealed record HeldOutAccuracy(int HeldOutRows, double Micro, double Macro)
{
    public static HeldOutAccuracy Measure(MLContext ml, ITransformer model, IReadOnlyList<CategoryTrainingRow> heldOut)
    {
        if (heldOut.Count == 0)
        {
            return new HeldOutAccuracy(0, double.NaN, double.NaN);
        }
        using var engine = ml.Model.CreatePredictionEngine<CategoryExample, CategoryScore>(model);
        var byCategory = new Dictionary<string, (int Right, int Total)>(StringComparer.Ordinal);
        var right = 0;
        foreach (var row in heldOut)
        {
            var predicted = engine.Predict(new CategoryExample { Text = CategoryClassifier.TextFor(row.Merchant, row.Description) }).Category;
            var isRight = predicted == row.Category;
            right += isRight ? 1 : 0;
            var (categoryRight, total) = byCategory.GetValueOrDefault(row.Category);
            byCategory[row.Category] = (categoryRight + (isRight ? 1 : 0), total + 1);
        }
        return new HeldOutAccuracy(heldOut.Count, (double)right / heldOut.Count, byCategory.Values.Average(c => (double)c.Right / c.Total));
    }
}
