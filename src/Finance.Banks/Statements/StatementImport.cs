using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Finance.Banks.Ingest;
using Finance.Core;
using Finance.Ledger;

namespace Finance.Banks.Statements;

/// <summary>What importing a file did: the statement as read and, unless its layout needs confirming first,
/// what became of each row.</summary>
public sealed record ImportResult(Statement Statement, IReadOnlyList<IngestOutcome> Outcomes)
{
    public bool NeedsConfirmation => Statement.Doubts.Count > 0;

    public int Count(IngestStatus status) => Outcomes.Count(o => o.Status == status);
}

/// <summary>A statement file into the session's context: read, then each row through the bank ingest (so a
/// re-import, or an overlapping file, books nothing twice). A layout with doubts is not booked until confirmed.</summary>
public sealed class StatementImport(BankIngest ingest)
{
    public async Task<ImportResult> ImportAsync(LedgerSession session, byte[] content, string defaultCurrency, LayoutChoices? choices = null)
    {
        var statement = StatementReader.Read(content, defaultCurrency, choices);
        if (statement.Doubts.Count > 0) return new(statement, []);
        return new(statement, await ingest.IngestAsync(session, statement.Rows));
    }

    /// <summary>One JSON object per row, as <c>finance import --dry-run</c> prints it.</summary>
    public static string DryRunLine(IngestOutcome outcome)
    {
        var row = outcome.Row;
        DryRunMatch? match = outcome.Status switch
        {
            IngestStatus.Linked or IngestStatus.Asking => new(outcome.Match.Transaction!.Id, outcome.Match.Score, outcome.Match.Reasons),
            IngestStatus.AlreadySeen or IngestStatus.PendingBooked or IngestStatus.Changed when outcome.TransactionId is { } id => new(id, 1, ["already imported"]),
            _ => null,
        };
        return JsonSerializer.Serialize(new DryRunRow(
            row.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), row.Amount.ToString("0.00##", CultureInfo.InvariantCulture),
            row.Currency, row.Direction.ToWire(), row.Description, outcome.Described.Merchant, outcome.Described.Category, match), Json);
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private sealed record DryRunRow(
        [property: JsonPropertyName("date")] string Date,
        [property: JsonPropertyName("amount")] string Amount,
        [property: JsonPropertyName("currency")] string Currency,
        [property: JsonPropertyName("direction")] string Direction,
        [property: JsonPropertyName("description")] string Description,
        [property: JsonPropertyName("merchant")] string? Merchant,
        [property: JsonPropertyName("category")] string Category,
        [property: JsonPropertyName("match")] DryRunMatch? Match);

    private sealed record DryRunMatch(
        [property: JsonPropertyName("transaction_id")] long TransactionId,
        [property: JsonPropertyName("score")] double Score,
        [property: JsonPropertyName("reasons")] IReadOnlyList<string> Reasons);
}
