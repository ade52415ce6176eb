using System.Globalization;
using Finance.Understanding.Classification;

namespace Finance.Cli;

/// <summary>`finance train [--data TSV] [--out MODEL]`: retrains the category classifier from the shipped data.</summary>
internal static class TrainCommand
{
    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var data = Path.Combine("models", "categories", "training.tsv");
        var output = Path.Combine("models", "categories", "model.zip");
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--data" when i + 1 < args.Length:
                    data = args[++i];
                    break;
                case "--out" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                default:
                    Console.Error.WriteLine("usage: finance train [--data models/categories/training.tsv] [--out models/categories/model.zip]");
                    return Task.FromResult(2);
            }
        }
        if (!File.Exists(data))
        {
            Console.Error.WriteLine($"training data not found: {Path.GetFullPath(data)}");
            return Task.FromResult(1);
        }

        var report = CategoryClassifier.Train(data, output);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            rows:               {report.Rows} ({report.TrainingRows} to train, {report.HeldOutRows} held out)
            held-out accuracy:  {report.HeldOutAccuracy:P1} (macro {report.HeldOutMacroAccuracy:P1})
            time:               {report.Elapsed.TotalSeconds:F1} s
            model:              {Path.GetFullPath(output)} ({report.ModelBytes / 1024} KB)
            """));
        return Task.FromResult(0);
    }
}
