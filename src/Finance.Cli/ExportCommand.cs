using System.Globalization;
using Finance.Banks.Export;
using Finance.Ledger;

namespace Finance.Cli;

/// <summary>finance export --context ID --format csv|ofx [--from DATE] [--to DATE] [--out FILE]: a context's ledger
/// as the bot's /export sends it, to FILE or standard output.</summary>
internal static class ExportCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        string? Option(string name) => CliContext.Option(args, name);
        var connectionString = CliContext.ConnectionString(args);
        var format = Option("--format") switch { "csv" or null => (ExportFormat?)ExportFormat.Csv, "ofx" => ExportFormat.Ofx, _ => null };
        DateOnly? Date(string name) => Option(name) is { } text ? DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
        if (string.IsNullOrWhiteSpace(connectionString) || !Guid.TryParse(Option("--context"), out var contextId) || format is null)
        {
            Console.Error.WriteLine("usage: finance export --context ID --format csv|ofx [--from yyyy-MM-dd] [--to yyyy-MM-dd] [--out FILE] (ConnectionStrings__Finance or --connection)");
            return 2;
        }
        await using var dataSource = LedgerSetup.CreateDataSource(connectionString);
        await using var session = await LedgerSession.BeginAsync(dataSource, cancellationToken);
        if (!await CliContext.EnterAsync(session, contextId)) return 1;
        var from = Date("--from") ?? DateOnly.MinValue;
        var to = Date("--to") ?? DateOnly.MaxValue;
        var transactions = await new LedgerExport().TransactionsAsync(session, from, to);
        var bytes = LedgerExport.Write(transactions, format.Value,
            from == DateOnly.MinValue && transactions.Count > 0 ? transactions[0].LocalDate : from,
            to == DateOnly.MaxValue && transactions.Count > 0 ? transactions[^1].LocalDate : to);
        if (Option("--out") is { } path) await File.WriteAllBytesAsync(path, bytes, cancellationToken);
        else await Console.OpenStandardOutput().WriteAsync(bytes, cancellationToken);
        Console.Error.WriteLine($"{transactions.Count} transactions");
        return 0;
    }
}
