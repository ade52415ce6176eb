using Finance.Banks.Descriptions;
using Finance.Banks.Ingest;
using Finance.Core;
using Finance.Ledger;
using Finance.Ledger.Contexts;
using Finance.Ledger.Transactions;
using Finance.Testing;
using Finance.Understanding.Parsing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Banks.Tests;

/// <summary>A user with their personal context in a real database, and the bank ingest wired as the host wires it.</summary>
public static class BankTestContext
{
    public static readonly MerchantDirectory Merchants = MerchantDirectory.LoadDefault();
    public static readonly BankDescriptions Reader = new(Merchants, null);
    public static readonly DateOnly Day = new(2026, 10, 7);

    /// <summary>What a host with a bank provider needs besides its secrets: its public address and the sealing key.</summary>
    public static readonly Dictionary<string, string?> BankSettings = new()
    {
        ["Finance:PublicBaseUrl"] = "https://finance.example/",
        ["Finance:Banks:EncryptionKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
    };

    /// <summary>The banks as a host wires them, with one provider on its loopback stand-in.</summary>
    public static ServiceProvider Services(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddBanks(new ConfigurationBuilder().AddInMemoryCollection(settings).AddInMemoryCollection(BankSettings).Build())
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    public static ServiceProvider GoCardless(LoopbackGoCardless api) => Services(new()
    {
        ["Finance:Banks:GoCardless:BaseUrl"] = api.BaseUrl,
        ["Finance:Banks:GoCardless:SecretId"] = LoopbackGoCardless.SecretId,
        ["Finance:Banks:GoCardless:SecretKey"] = LoopbackGoCardless.SecretKey,
    });

    public static ServiceProvider Plaid(LoopbackPlaid api) => Services(new()
    {
        ["Finance:Banks:Plaid:BaseUrl"] = api.BaseUrl,
        ["Finance:Banks:Plaid:ClientId"] = LoopbackPlaid.ClientId,
        ["Finance:Banks:Plaid:Secret"] = LoopbackPlaid.Secret,
    });

    public static BankIngest NewIngest() => new(new BankRowStore(), new TransactionStore(), Reader, new ContextStore(TimeProvider.System));

    public static InboundMessage Message(string senderId) =>
        new("test", Guid.NewGuid().ToString(), "chat-" + senderId, senderId, "Tester", "en-GB", "x", DateTimeOffset.UtcNow);

    /// <summary>A new user's session in their own context; every call makes a new user.</summary>
    public static async Task<(LedgerSession Session, Member Member)> EnterAsync(LedgerDatabase db)
    {
        var session = await LedgerSession.BeginAsync(db.DataSource, default);
        var member = await new MemberStore(TimeProvider.System).EnterAsync(session, Message(Guid.NewGuid().ToString("N")));
        return (session, member);
    }

    /// <summary>What a person chatted: one booking per call, like one message.</summary>
    public static async Task<long> ChatAsync(LedgerSession session, decimal amount, string? merchant, DateOnly date,
        string currency = "GBP", Direction direction = Direction.Expense, string category = Categories.Dining) =>
        (await new TransactionStore().BookAsync(session,
            [new ParsedTransaction(amount, currency, direction, category, merchant, date, merchant)],
            "telegram", Guid.NewGuid().ToString()))[0].Id;

    public static BankRow Row(string id, decimal amount, string description, DateOnly date, Direction direction = Direction.Expense,
        bool pending = false, string currency = "GBP") =>
        new("bank:gocardless", "acc-1", id, date, amount, currency, direction, description, pending);
}
