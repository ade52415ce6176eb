using System.Diagnostics;
using Finance.Core;
using Finance.Understanding.Parsing;

namespace Finance.Benchmarks;

/// <summary>Rule parser (+ category model when present) throughput on one thread over the corpus texts,
/// and the time to load the model and merchant list. Target: ≥ 20,000 messages/s on one core.
/// Options: [CORPUS] [--seconds N].</summary>
internal static class UnderstandingBench
{
    public static Task<int> RunAsync(string[] args)
    {
        var seconds = 5.0;
        string? corpusPath = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--seconds" && i + 1 < args.Length) seconds = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            else corpusPath = args[i];
        }
        corpusPath ??= FindUpwards("tests/Finance.Understanding.Tests/Corpus/corpus.jsonl");
        if (corpusPath is null) { Console.Error.WriteLine("corpus not found"); return Task.FromResult(2); }

        var load = Stopwatch.StartNew();
        var classifier = RuleParser.TryLoadClassifier(RuleParser.DefaultModelPath, out var modelProblem);
        var modelMs = load.Elapsed.TotalMilliseconds;
        load.Restart();
        var merchants = MerchantDirectory.LoadDefault();
        var merchantsMs = load.Elapsed.TotalMilliseconds;
        var parser = new RuleParser(classifier, merchants);
        Console.WriteLine(modelProblem is null ? $"category model load: {modelMs:F1} ms" : $"category model: none ({modelProblem})");
        Console.WriteLine($"merchant list load: {merchantsMs:F1} ms ({merchants.Count} names)");

        var cases = CorpusCase.Load(corpusPath);
        var inputs = cases.Select(c => (c.Text, c.Context)).ToArray();

        var first = Stopwatch.StartNew();
        parser.Parse(inputs[0].Text, inputs[0].Context);
        Console.WriteLine($"first message (static tables, JIT): {first.Elapsed.TotalMilliseconds:F1} ms");

        Run(parser, inputs, TimeSpan.FromSeconds(1)); // warm-up: tiered JIT, typo memo
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var (messages, elapsed) = Run(parser, inputs, TimeSpan.FromSeconds(seconds));
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        // On a shared machine the wall clock counts other processes' time too; CPU time is what one core gave.
        Console.WriteLine($"per CPU second: {messages / cpu.TotalSeconds:N0} messages ({cpu.TotalSeconds:F2} s of CPU in {elapsed.TotalSeconds:F2} s)");
        Console.WriteLine($"rules{(classifier is null ? "" : " + classifier")}: {messages / elapsed.TotalSeconds:N0} messages/s on one thread " +
                          $"({elapsed.TotalMicroseconds / messages:F2} µs/message, {allocated / messages:N0} B allocated/message, {inputs.Length} distinct texts)");
        if (classifier is not null)
        {
            // Most corpus messages are settled by keywords; this is the cost when the model has to answer.
            var texts = cases.Select(c => c.Text).ToArray();
            foreach (var t in texts) classifier.Predict(null, t);
            var clock = Stopwatch.StartNew();
            long predictions = 0;
            while (clock.Elapsed.TotalSeconds < Math.Min(seconds, 2))
            {
                foreach (var t in texts) classifier.Predict(null, t);
                predictions += texts.Length;
            }
            Console.WriteLine($"classifier alone: {predictions / clock.Elapsed.TotalSeconds:N0} predictions/s on one thread");
        }
        return Task.FromResult(0);
    }

    private static (long Messages, TimeSpan Elapsed) Run(RuleParser parser, (string Text, ParseContext Context)[] inputs, TimeSpan duration)
    {
        long messages = 0;
        var sink = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            foreach (var (text, context) in inputs) sink += parser.Parse(text, context).Transactions.Count;
            messages += inputs.Length;
        }
        GC.KeepAlive(sink);
        return (messages, clock.Elapsed);
    }

    private static string? FindUpwards(string relative)
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
