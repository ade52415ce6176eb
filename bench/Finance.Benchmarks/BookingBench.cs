using Finance.Core;
using Finance.Ledger;
using Finance.Ledger.Migrations;
using Finance.Ledger.Transactions;
using Finance.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Finance.Benchmarks;

/// <summary>
/// The booking statement alone: one PostgreSQL backend's CPU per booking, read from /proc/PID/schedstat (the time it ran,
/// which a loaded machine moves far less than it moves latencies), into a durable private PostgreSQL. Messages are booked
/// as the worker books typed ones: TransactionStore with the repeat check, eight a transaction, each in its sender's
/// context. 1,000 users book once a virtual second each, so every booking's look back reads about a dozen of the user's
/// rows, as in bench pipeline. The kinds of message take turns, round after round, so a change of load hits them alike.
///   booking [--messages 2000] [--rounds 6]
/// </summary>
internal static class BookingBench
{
    private const int Users = 1000;
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(12);
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly (string Name, Func<long, ParsedTransaction[]> Items)[] Kinds =
    [
        ("one item", n => [Item(n, merchant: null)]),
        ("one item at a shop", n => [Item(n, merchant: "Wawa")]),
        ("two items", n => [Item(n, merchant: null), Item(n, merchant: null) with { Amount = n % 1_000_000 + 0.75m, Description = "tea" }]),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var messages = PipelineBench.Option(args, "--messages", 2000);
        var rounds = PipelineBench.Option(args, "--rounds", 6);
        await using var postgres = await BenchPostgres.StartAsync("booking", "durable");
        // One connection, so every booking runs in the backend whose CPU is read.
        var builder = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { MaxPoolSize = 1 };
        await using var dataSource = LedgerSetup.CreateDataSource(builder.ConnectionString);
        await new Migrator(dataSource, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
        await CreateUsersAsync(dataSource);
        var backend = await BackendAsync(dataSource);

        var bench = new Bookings(dataSource, new TransactionStore());
        await bench.BookAsync(Kinds[0].Items, (int)(Users * Window.TotalSeconds)); // fills every user's window
        var perBooking = Kinds.ToDictionary(k => k.Name, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
            foreach (var (name, items) in Kinds)
            {
                var ran = RunTime(backend);
                await bench.BookAsync(items, messages);
                perBooking[name].Add((RunTime(backend) - ran).TotalMicroseconds / messages);
            }
        Console.WriteLine($"PostgreSQL backend CPU per booking (median of {rounds} rounds of {messages}; lanes of eight, commit included):");
        foreach (var (name, figures) in perBooking)
            Console.WriteLine($"  {name,-20} {figures.Order().ElementAt(figures.Count / 2),6:F0} µs  (rounds {string.Join(" ", figures.Select(f => f.ToString("F0")))})");
        return 0;
    }

    private static ParsedTransaction Item(long n, string? merchant) =>
        new(n % 1_000_000 + 0.25m, "USD", Direction.Expense, Categories.Dining, merchant, DateOnly.FromDateTime(Epoch.AddMilliseconds(n).UtcDateTime), "coffee");

    private static Guid UserId(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    private static Guid ContextId(int n) => new($"10000000-0000-0000-0000-{n:D12}");

    /// <summary>Each user with a personal context, written directly: the bench measures bookings, not first contacts.</summary>
    private static async Task CreateUsersAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        // One statement: its foreign keys are checked at its end, when all three kinds of row are there.
        await using var create = new NpgsqlCommand("""
            WITH n AS (SELECT * FROM unnest($1::uuid[], $2::uuid[]) AS n(u, c)),
            u AS (INSERT INTO users (id, display_name, language, active_context_id) SELECT u, 'Bench', 'en', c FROM n),
            c AS (INSERT INTO contexts (id, name, kind, base_currency, time_zone, created_by)
                  SELECT c, 'Personal', 'personal', 'USD', 'UTC', u FROM n)
            INSERT INTO context_members (context_id, user_id, role) SELECT c, u, 'owner' FROM n
            """, connection)
        {
            Parameters =
            {
                new NpgsqlParameter<Guid[]> { TypedValue = Enumerable.Range(1, Users).Select(UserId).ToArray() },
                new NpgsqlParameter<Guid[]> { TypedValue = Enumerable.Range(1, Users).Select(ContextId).ToArray() },
            },
        };
        await create.ExecuteNonQueryAsync();
    }

    private static async Task<int> BackendAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return (int)(await new NpgsqlCommand("SELECT pg_backend_pid()", connection).ExecuteScalarAsync())!;
    }

    /// <summary>How long the process has run on a core, in nanoseconds (the first field of /proc/PID/schedstat).</summary>
    private static TimeSpan RunTime(int pid) =>
        TimeSpan.FromMicroseconds(long.Parse(File.ReadAllText($"/proc/{pid}/schedstat").Split(' ')[0]) / 1000.0);

    /// <summary>Messages numbered on from the last, each a millisecond of virtual time after the one before, round the users.</summary>
    private sealed class Bookings(NpgsqlDataSource dataSource, TransactionStore transactions)
    {
        private long next;

        public async Task BookAsync(Func<long, ParsedTransaction[]> items, int count)
        {
            for (var booked = 0; booked < count; booked += 8)
            {
                await using var session = await LedgerSession.BeginAsync(dataSource, CancellationToken.None);
                for (var k = 0; k < 8; k++)
                {
                    var n = next++;
                    var user = (int)(n % Users) + 1;
                    var at = Epoch.AddMilliseconds(n);
                    session.EnterWithNextStatement(ContextId(user), UserId(user));
                    var outcome = await transactions.BookUnlessRepeatedAsync(session, items(n), "telegram", n.ToString(System.Globalization.CultureInfo.InvariantCulture), at - Window, at);
                    if (outcome.Booked.Count == 0) throw new InvalidOperationException($"Message {n} booked nothing.");
                }
                await session.CommitAsync();
            }
        }
    }
}
