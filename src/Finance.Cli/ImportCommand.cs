using Finance.Banks.Descriptions;
using Finance.Banks.Ingest;
using Finance.Banks.Statements;
using Finance.Ledger;
using Finance.Ledger.Contexts;
using Finance.Ledger.Transactions;
using Finance.Understanding.Parsing;

namespace Finance.Cli;

/// <summary>finance import FILE --context ID [--dry-run] [--day-first|--month-first] [--decimal-comma|--decimal-dot]
/// [--positive-income|--positive-expense]: reads a statement (OFX/QFX, CAMT.053, CSV) into a context. --dry-run
/// prints one JSON per row and books nothing. A CSV layout the file cannot settle is reported with the guess,
/// and nothing is booked until the doubt is answered by the matching option.</summary>
internal static class ImportCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        string? Option(string name) => CliContext.Option(args, name);
        bool Flag(string name) => args.Contains(name);
        bool? Either(string yes, string no) => Flag(yes) ? true : Flag(no) ? false : null;
        var connectionString = CliContext.ConnectionString(args);
        string[] valued = ["--context", "--connection"];
        var file = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !valued.Contains(args[i - 1]))).FirstOrDefault();
        if (string.IsNullOrWhiteSpace(connectionString) || file is null || !Guid.TryParse(Option("--context"), out var contextId))
        {
            Console.Error.WriteLine("usage: finance import FILE --context ID [--dry-run] [--day-first|--month-first] [--decimal-comma|--decimal-dot] [--positive-income|--positive-expense] (ConnectionStrings__Finance or --connection)");
            return 2;
        }
        var choices = new LayoutChoices(Either("--day-first", "--month-first"), Either("--decimal-comma", "--decimal-dot"),
            Either("--positive-income", "--positive-expense"));

        var parser = RuleParser.LoadDefault(out var modelProblem);
        if (modelProblem is not null) Console.Error.WriteLine($"note: {modelProblem}; categories come from merchants and keywords only");
        var import = new StatementImport(new BankIngest(new BankRowStore(), new TransactionStore(), new BankDescriptions(parser.Merchants, parser.Classifier), new ContextStore(TimeProvider.System)));

        await using var dataSource = LedgerSetup.CreateDataSource(connectionString);
        await using var session = await LedgerSession.BeginAsync(dataSource, cancellationToken);
        if (!await CliContext.EnterAsync(session, contextId)) return 1;
        var currency = await session.QuerySingleAsync<string>("SELECT base_currency FROM contexts WHERE id = app_context()");

        ImportResult result;
        try
        {
            result = await import.ImportAsync(session, await File.ReadAllBytesAsync(file, cancellationToken), currency, choices);
        }
        catch (StatementFormatException e)
        {
            Console.Error.WriteLine($"{file}: not a statement I can read: {e.Message}");
            return 1;
        }
        if (result.NeedsConfirmation)
        {
            var layout = result.Statement.Layout!;
            Console.Error.WriteLine($"{file}: the layout is not certain; nothing booked. Guessed:");
            foreach (var doubt in result.Statement.Doubts)
                Console.Error.WriteLine(doubt switch
                {
                    LayoutDoubt.DayMonthOrder => $"  dates {layout.DateFormat} ({(layout.DayFirst ? "day" : "month")} first): confirm with --day-first or --month-first",
                    LayoutDoubt.DecimalMark => $"  decimal mark {(layout.DecimalComma ? "comma" : "dot")}: confirm with --decimal-comma or --decimal-dot",
                    _ => "  positive amounts are money out: confirm with --positive-expense, or --positive-income",
                });
            return 3;
        }
        if (Flag("--dry-run"))
        {
            foreach (var outcome in result.Outcomes) Console.WriteLine(StatementImport.DryRunLine(outcome));
            return 0; // disposed without commit: nothing booked
        }
        await session.CommitAsync();
        Console.Error.WriteLine($"{file}: {result.Statement.Format}, {result.Outcomes.Count} rows: {result.Count(IngestStatus.Booked)} booked, " +
            $"{result.Count(IngestStatus.Linked)} matched, {result.Count(IngestStatus.Asking)} to confirm in chat, " +
            $"{result.Count(IngestStatus.AlreadySeen) + result.Count(IngestStatus.PendingBooked) + result.Count(IngestStatus.Changed)} already there");
        return 0;
    }
}
