using Finance.Testing;
using static Finance.Host.Tests.Media.MediaUpdates;

namespace Finance.Host.Tests.Media;

/// <summary>Receipts with an LLM configured: the ReadReceipt prompt's answer, checked against the OCR
/// text, settles a total the rules only guessed; when the LLM fails the rules' reading stands.</summary>
public sealed class ReceiptWithLlmTests(ReceiptWithLlmTests.HostWithLlm fixture, MediaFiles files)
    : IClassFixture<ReceiptWithLlmTests.HostWithLlm>, IClassFixture<MediaFiles>
{
    private static readonly string[] UnlabelledTotal =
        ["CORNER MARKET", "12 Elm Street", "", "MILK        3.49", "BREAD       2.99", "EGGS        4.25", "BALANCE    10.73", "", "THANK YOU"];

    private FinanceHost Host => fixture.Host;

    [Fact]
    public async Task A_total_the_rules_only_guessed_is_booked_when_the_llm_reads_the_same_total()
    {
        fixture.Llm.RespondWith(LoopbackReply.CompletionOf(new
        {
            total = 10.73m, currency = "USD", date = (string?)null, merchant = "Corner Market", tax = (decimal?)null,
        }));
        var photo = Host.Telegram.AddFile(await files.ReceiptAsync(UnlabelledTotal), "photos/llm_1.jpg");

        var replies = await Host.SendAndWaitAsync(5001, Photo(5001, photo, 600, 500));

        Assert.Contains("✅ Booked $10.73", replies[^1]);
        Assert.Contains(fixture.Llm.Requests, r => r.Messages.Any(m => m.Text.Contains("BALANCE")));
        Assert.Equal("10.7300|corner market", await Host.ScalarAsync<string>(BookedBy(5001, "amount || '|' || merchant")));
    }

    [Fact]
    public async Task When_the_llm_fails_the_rules_reading_stands_and_the_user_is_asked_for_the_total()
    {
        fixture.Llm.RespondWith(LoopbackReply.Error(500));
        var photo = Host.Telegram.AddFile(await files.ReceiptAsync(UnlabelledTotal), "photos/llm_2.jpg");

        var replies = await Host.SendAndWaitAsync(5002, Photo(5002, photo, 600, 500));

        Assert.Contains("What's the total?", replies[^1]);
        Assert.Equal(0L, await Host.ScalarAsync<long>(BookedBy(5002, "count(*)")));
    }

    /// <summary>The real host with Finance:Llm pointing at a loopback OpenAI-compatible endpoint.</summary>
    public sealed class HostWithLlm : IAsyncLifetime
    {
        public FinanceHost Host { get; } = new();
        public LoopbackOpenAi Llm { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Llm = await LoopbackOpenAi.StartAsync();
            Host.Settings["Finance:Llm:Endpoint"] = Llm.BaseUrl.ToString();
            Host.Settings["Finance:Llm:Model"] = "loopback-model";
            await Host.InitializeAsync();
        }

        public async Task DisposeAsync()
        {
            await Host.DisposeAsync();
            await Llm.DisposeAsync();
        }
    }
}
