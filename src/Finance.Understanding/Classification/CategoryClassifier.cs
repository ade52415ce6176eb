using System.Diagnostics;
using System.Runtime.CompilerServices;
using Finance.Core;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;

[assembly: InternalsVisibleTo("Finance.Understanding.Tests")]

namespace Finance.Understanding.Classification;

public sealed record CategoryPrediction(string Category, float Confidence);

/// <summary>
/// Picks a category from merchant and description with an ML.NET model (text features →
/// maximum-entropy classifier). Load it once and share it: predictions from any number of threads
/// are safe, because each call borrows its own prediction engine from a pool.
/// </summary>
public sealed class CategoryClassifier : IDisposable
{
    // Fixed seed and one training thread: the same data always gives the same model.
    private const int Seed = 1;

    private readonly ObjectPool<PooledEngine> engines;

    private CategoryClassifier(MLContext ml, ITransformer model)
    {
        var provider = new DefaultObjectPoolProvider { MaximumRetained = Math.Max(4, Environment.ProcessorCount * 2) };
        engines = provider.Create(new EnginePolicy(ml, model));
    }

    public static CategoryClassifier Load(string modelPath)
    {
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"Category model not found at '{Path.GetFullPath(modelPath)}'; run `finance train`.", modelPath);
        }
        var ml = new MLContext(Seed);
        var model = ml.Model.Load(modelPath, out _);
        var classifier = new CategoryClassifier(ml, model);
        // Build the first engine now, so the first message does not pay for it.
        classifier.Predict(null, "warm up");
        return classifier;
    }

    public CategoryPrediction Predict(string? merchant, string description)
    {
        if (string.IsNullOrWhiteSpace(merchant) && string.IsNullOrWhiteSpace(description))
        {
            // Nothing to read: the model would only echo its priors.
            return new CategoryPrediction(Categories.Other, 0f);
        }
        var engine = engines.Get();
        try
        {
            return engine.Predict(TextFor(merchant, description));
        }
        finally
        {
            engines.Return(engine);
        }
    }

    public void Dispose() => (engines as IDisposable)?.Dispose();

    /// <summary>
    /// Trains on the TSV (merchant, description, category, language), reports accuracy on a held-out
    /// share of it, then trains on every row and writes the model to <paramref name="modelPath"/>.
    /// </summary>
    public static TrainingReport Train(string trainingDataPath, string modelPath)
    {
        var clock = Stopwatch.StartNew();
        var rows = CategoryTrainingData.Read(trainingDataPath);
        var accuracy = Evaluate(rows);

        var ml = new MLContext(Seed);
        var finalModel = Fit(ml, rows);
        var directory = Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
        Directory.CreateDirectory(directory);
        // Write beside the target and move, so a running bot never loads a half-written file.
        var temporary = Path.Combine(directory, $".{Path.GetFileName(modelPath)}.{Environment.ProcessId}.tmp");
        ml.Model.Save(finalModel, SchemaOf(ml), temporary);
        File.Move(temporary, modelPath, overwrite: true);

        return new TrainingReport(rows.Count, rows.Count - accuracy.HeldOutRows, accuracy.HeldOutRows, accuracy.Micro, accuracy.Macro,
            clock.Elapsed, new FileInfo(modelPath).Length);
    }

    /// <summary>Trains on the training share of <paramref name="rows"/> and measures the held-out share.</summary>
    internal static HeldOutAccuracy Evaluate(IReadOnlyList<CategoryTrainingRow> rows)
    {
        var (training, heldOut) = CategoryTrainingData.Split(rows);
        var ml = new MLContext(Seed);
        return HeldOutAccuracy.Measure(ml, Fit(ml, training), heldOut);
    }

    /// <summary>The one place the model's input text is made, for training and prediction alike.</summary>
    internal static string TextFor(string? merchant, string description) =>
        string.IsNullOrWhiteSpace(merchant) ? description : $"{merchant} {description}";

    internal static ITransformer Fit(MLContext ml, IReadOnlyList<CategoryTrainingRow> rows)
    {
        var examples = rows.Select(r => new CategoryExample { Text = TextFor(r.Merchant, r.Description), Category = r.Category });
        var data = ml.Data.LoadFromEnumerable(examples);
        return Pipeline(ml).Fit(data);
    }

    private static DataViewSchema SchemaOf(MLContext ml) => ml.Data.LoadFromEnumerable(Array.Empty<CategoryExample>()).Schema;

    private static IEstimator<ITransformer> Pipeline(MLContext ml)
    {
        // Words carry meaning; character trigrams carry typos, plurals and PT/EN word endings. Each
        // gets its own unit-length vector, so a typo'd word (no word feature left) still counts
        // through its trigrams. TF-IDF keeps filler that every category shares ("paid", "hoje")
        // from drowning the telling words. Measured on held-out merchants and hand-written
        // messages: word pairs, 1–4-grams and one shared vector were slower or less accurate.
        var words = TextFeatures(new WordBagEstimator.Options { NgramLength = 1, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf }, null);
        var characters = TextFeatures(null, new WordBagEstimator.Options { NgramLength = 3, UseAllLengths = false, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf });
        // SDCA's own L2 choice: 1e-6 gained two points held out but trained 4× slower and was
        // overconfident when wrong; 1e-4 and above lost accuracy. One thread keeps training deterministic.
        var trainer = new SdcaMaximumEntropyMulticlassTrainer.Options { NumberOfThreads = 1 };
        return ml.Transforms.Conversion.MapValueToKey("Label", nameof(CategoryExample.Category))
            .Append(ml.Transforms.Text.FeaturizeText("Words", words, nameof(CategoryExample.Text)))
            .Append(ml.Transforms.Text.FeaturizeText("Characters", characters, nameof(CategoryExample.Text)))
            .Append(ml.Transforms.Concatenate("Features", "Words", "Characters"))
            .Append(ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(trainer))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
    }

    // Normalisation lives inside the model (lower case, no accents, no digits or punctuation), so
    // "Farmácia 45,90" at prediction time reads exactly like "farmacia" did in training.
    private static TextFeaturizingEstimator.Options TextFeatures(WordBagEstimator.Options? words, WordBagEstimator.Options? characters) => new()
    {
        CaseMode = TextNormalizingEstimator.CaseMode.Lower,
        KeepDiacritics = false,
        KeepPunctuations = false,
        KeepNumbers = false,
        WordFeatureExtractor = words,
        CharFeatureExtractor = characters,
    };

    private sealed class EnginePolicy(MLContext ml, ITransformer model) : IPooledObjectPolicy<PooledEngine>
    {
        public PooledEngine Create() => new(ml.Model.CreatePredictionEngine<CategoryExample, CategoryScore>(model));

        public bool Return(PooledEngine engine) => true;
    }

    /// <summary>An engine with its own input and output objects, reused call after call.</summary>
    private sealed class PooledEngine(PredictionEngine<CategoryExample, CategoryScore> engine) : IDisposable
    {
        private readonly CategoryExample input = new();
        private CategoryScore output = new();

        public CategoryPrediction Predict(string text)
        {
            input.Text = text;
            engine.Predict(input, ref output);
            var scores = output.Score;
            var confidence = scores.Length == 0 ? 0f : scores.Max();
            return new CategoryPrediction(Categories.IsKnown(output.Category) ? output.Category : Categories.Other, confidence);
        }

        public void Dispose() => engine.Dispose();
    }
}

internal sealed class CategoryExample
{
    public string Text { get; set; } = "";

    public string Category { get; set; } = "";
}

internal sealed class CategoryScore
{
    [ColumnName("PredictedLabel")]
    public string Category { get; set; } = "";

    public float[] Score { get; set; } = [];
}
