using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Finance.Core;

namespace Finance.Understanding.Parsing;

/// <summary>One labelled message of the corpus (tests/Finance.Understanding.Tests/Corpus/corpus.jsonl).</summary>
public sealed record CorpusCase(
    string Text, string Now, string Tz, string Currency, string Lang, string Intent,
    IReadOnlyList<CorpusTransaction> Transactions, CorpusQuery? Query = null)
{
    public ParseContext Context =>
        new(DateTimeOffset.Parse(Now, CultureInfo.InvariantCulture), TimeZoneInfo.FindSystemTimeZoneById(Tz), Currency, Lang);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<CorpusCase> Load(string path) =>
        File.ReadLines(path).Where(l => l.Trim().Length > 0)
            .Select(l => JsonSerializer.Deserialize<CorpusCase>(l, Json) ?? throw new FormatException($"Bad corpus line: {l}"))
            .ToList();
}

public sealed record CorpusTransaction(string Amount, string Currency, string Direction, string Category, string? Merchant, string Date);

public sealed record CorpusQuery(string Kind, string From, string To, string? Category, string? Merchant);

/// <summary>Per-field accuracy of a parser on a labelled corpus: per transaction and per message.</summary>
public sealed class CorpusEvaluation
{
    public static readonly string[] TransactionFields = ["amount", "currency", "direction", "date", "category", "merchant"];

    private readonly Dictionary<string, int> transactionHits = TransactionFields.ToDictionary(f => f, _ => 0);
    private readonly Dictionary<string, int> messageHits = TransactionFields.Append("intent").Append("count").ToDictionary(f => f, _ => 0);

    public int Messages { get; private set; }
    public int GoldTransactions { get; private set; }
    public int FullyCorrectMessages { get; private set; }
    public int Queries { get; private set; }
    public int QueriesCorrect { get; private set; }
    public List<string> Failures { get; } = [];

    /// <summary>Share of gold transactions whose field the parser got right (a missing one counts as wrong).</summary>
    public double TransactionAccuracy(string field) => GoldTransactions == 0 ? 1 : (double)transactionHits[field] / GoldTransactions;

    /// <summary>Share of messages whose every transaction had this field right ("intent", "count" too).</summary>
    public double MessageAccuracy(string field) => Messages == 0 ? 1 : (double)messageHits[field] / Messages;

    public static CorpusEvaluation Run(IEnumerable<CorpusCase> cases, Func<string, ParseContext, ParsedMessage> parse)
    {
        var evaluation = new CorpusEvaluation();
        foreach (var c in cases) evaluation.Add(c, parse(c.Text, c.Context));
        return evaluation;
    }

    private void Add(CorpusCase gold, ParsedMessage parsed)
    {
        Messages++;
        var problems = new List<string>();
        var intent = parsed.Intent.ToString().ToLowerInvariant();
        if (intent == gold.Intent) messageHits["intent"]++;
        else problems.Add($"intent {intent} ≠ {gold.Intent}");
        if (parsed.Transactions.Count == gold.Transactions.Count) messageHits["count"]++;
        else problems.Add($"count {parsed.Transactions.Count} ≠ {gold.Transactions.Count}");

        var messageOk = TransactionFields.ToDictionary(f => f, _ => true);
        for (var i = 0; i < gold.Transactions.Count; i++)
        {
            GoldTransactions++;
            var g = gold.Transactions[i];
            var p = i < parsed.Transactions.Count ? parsed.Transactions[i] : null;
            foreach (var field in TransactionFields)
            {
                var expected = field switch
                {
                    "amount" => g.Amount, "currency" => g.Currency, "direction" => g.Direction, "date" => g.Date,
                    "category" => g.Category, _ => g.Merchant,
                };
                var actual = p is null ? "(none)" : Field(p, field);
                // A merchant is the brand's proper name; its capitals are presentation, not understanding.
                if (string.Equals(expected, actual, field == "merchant" ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)) transactionHits[field]++;
                else
                {
                    messageOk[field] = false;
                    problems.Add($"#{i} {field} {actual ?? "null"} ≠ {expected ?? "null"}");
                }
            }
        }
        foreach (var field in TransactionFields)
            if (messageOk[field] && parsed.Transactions.Count == gold.Transactions.Count) messageHits[field]++;

        if (gold.Query is { } q)
        {
            Queries++;
            var pq = parsed.Query;
            var actual = pq is null ? "(none)" : $"{KindName(pq.Kind)} {pq.From:yyyy-MM-dd}..{pq.To:yyyy-MM-dd} {pq.Category ?? "-"} {pq.Merchant ?? "-"}";
            var expected = $"{q.Kind} {q.From}..{q.To} {q.Category ?? "-"} {q.Merchant ?? "-"}";
            if (string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase)) QueriesCorrect++;
            else problems.Add($"query {actual} ≠ {expected}");
        }
        if (problems.Count == 0) FullyCorrectMessages++;
        else Failures.Add($"{gold.Text}  →  {string.Join("; ", problems)}");
    }

    public static string KindName(QueryKind kind) => kind switch
    {
        QueryKind.TopMerchants => "top_merchants",
        QueryKind.List => "list",
        QueryKind.Balance => "balance",
        QueryKind.Paid => "paid",
        QueryKind.Compare => "compare",
        QueryKind.Average => "average",
        QueryKind.Unanswerable => "unanswerable",
        _ => "total",
    };

    public static string? Field(ParsedTransaction t, string field) => field switch
    {
        "amount" => FormatAmount(t.Amount),
        "currency" => t.Currency,
        "direction" => t.Direction.ToWire(),
        "date" => t.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "category" => t.Category,
        "merchant" => t.Merchant,
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    /// <summary>A decimal string with at least two decimals: "45.90", "1234.56", "0.125".</summary>
    public static string FormatAmount(decimal amount)
    {
        return amount.ToString("0.00##########", CultureInfo.InvariantCulture);
    }

    public void Print(TextWriter output, bool verbose)
    {
        output.WriteLine($"messages: {Messages}, transactions: {GoldTransactions}");
        output.WriteLine($"{"field",-10} {"per transaction",16} {"per message",12}");
        foreach (var field in TransactionFields)
            output.WriteLine($"{field,-10} {TransactionAccuracy(field),16:P1} {MessageAccuracy(field),12:P1}");
        output.WriteLine($"{"intent",-10} {"",16} {MessageAccuracy("intent"),12:P1}");
        output.WriteLine($"{"count",-10} {"",16} {MessageAccuracy("count"),12:P1}");
        if (Queries > 0) output.WriteLine($"{"query",-10} {"",16} {(double)QueriesCorrect / Queries,12:P1}  ({QueriesCorrect}/{Queries} questions resolved exactly)");
        output.WriteLine($"fully correct messages: {FullyCorrectMessages}/{Messages} ({(double)FullyCorrectMessages / Math.Max(1, Messages):P1})");
        if (!verbose) return;
        output.WriteLine();
        output.WriteLine($"failures ({Failures.Count}):");
        foreach (var f in Failures) output.WriteLine("  " + f);
    }
}
