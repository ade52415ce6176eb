using System.Security.Cryptography;
using Finance.Testing;

namespace Finance.Host.Tests.Banks;

/// <summary>The real host with both bank providers on, each a loopback stand-in speaking its documented JSON, and a
/// public address the consent callbacks are built from.</summary>
public sealed class BankHost : IAsyncLifetime
{
    public const string PublicBaseUrl = "https://finance.example/";

    public FinanceHost Host { get; } = new();
    public LoopbackGoCardless GoCardless { get; } = new();
    public LoopbackPlaid Plaid { get; } = new();

    public async Task InitializeAsync()
    {
        await GoCardless.StartAsync();
        await Plaid.StartAsync();
        Host.Settings["Finance:PublicBaseUrl"] = PublicBaseUrl;
        Host.Settings["Finance:Banks:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Host.Settings["Finance:Banks:GoCardless:BaseUrl"] = GoCardless.BaseUrl;
        Host.Settings["Finance:Banks:GoCardless:SecretId"] = LoopbackGoCardless.SecretId;
        Host.Settings["Finance:Banks:GoCardless:SecretKey"] = LoopbackGoCardless.SecretKey;
        Host.Settings["Finance:Banks:Plaid:BaseUrl"] = Plaid.BaseUrl;
        Host.Settings["Finance:Banks:Plaid:ClientId"] = LoopbackPlaid.ClientId;
        Host.Settings["Finance:Banks:Plaid:Secret"] = LoopbackPlaid.Secret;
        await Host.InitializeAsync();
    }

    /// <summary>A day <paramref name="daysAgo"/> before today, as banks write it.</summary>
    public static string DaysAgo(int daysAgo) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-daysAgo).ToString("yyyy-MM-dd");

    /// <summary>The consent link in a reply ("… then come back here:\nLINK").</summary>
    public static string LinkIn(string reply) => reply.Split('\n')[^1].Trim();

    /// <summary>Waits until the chat has <paramref name="count"/> replies; returns them.</summary>
    public async Task<IReadOnlyList<string>> RepliesAsync(long chatId, int count)
    {
        await Host.Telegram.WaitForAsync(_ => Host.RepliesTo(chatId).Count >= count, TimeSpan.FromSeconds(15));
        return Host.RepliesTo(chatId);
    }

    /// <summary>Says <paramref name="text"/> and waits for <paramref name="count"/> messages in the chat after it (the
    /// answer and what a queued sync writes, in whichever order they come); returns them.</summary>
    public async Task<IReadOnlyList<string>> SayAndWaitAsync(long chatId, string text, int count)
    {
        var before = Host.RepliesTo(chatId).Count;
        (await Host.PostAsync(FinanceHost.TextUpdate(chatId, text))).EnsureSuccessStatusCode();
        return (await RepliesAsync(chatId, before + count)).Skip(before).ToList();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await GoCardless.DisposeAsync();
        await Plaid.DisposeAsync();
    }
}
