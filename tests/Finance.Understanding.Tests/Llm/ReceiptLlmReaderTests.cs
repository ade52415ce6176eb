using Finance.Testing;
using Finance.Understanding.Llm;
using Microsoft.Extensions.Logging.Abstractions;

namespace Finance.Understanding.Tests.Llm;

public sealed class ReceiptLlmReaderTests : IAsyncLifetime
{
    private const string Ocr = """
        PINGO DOCE LISBOA
        NIF 500829993
        LEITE MEIO GORDO      0,89
        PAO                   1,20
        IVA 6%                0,12
        TOTAL A PAGAR         2,09 EUR
        21/11/2026 18:42
        """;

    private readonly ManualClock clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
    private LoopbackOpenAi stand = null!;
    private StructuredPrompts? prompts;

    public async Task InitializeAsync() => stand = await LoopbackOpenAi.StartAsync();

    public async Task DisposeAsync()
    {
        prompts?.Dispose();
        await stand.DisposeAsync();
    }

    private ReceiptLlmReader Reader()
    {
        prompts = StructuredPrompts.Create(
            new LlmOptions { Endpoint = stand.BaseUrl, Model = "finance-test-model", Timeout = TimeSpan.FromMinutes(1) },
            clock,
            NullLoggerFactory.Instance);
        return new ReceiptLlmReader(prompts, clock, NullLogger<ReceiptLlmReader>.Instance);
    }

    private static object Answer(decimal? total = 2.09m, string? date = "2026-11-21") =>
        new { total, currency = "EUR", date, merchant = "Pingo Doce", tax = (decimal?)0.12m };

    [Fact]
    public async Task Receipt_fields_come_from_the_structured_answer()
    {
        stand.RespondWith(LoopbackReply.CompletionOf(Answer()));

        var fields = await Reader().ReadAsync(Ocr, CancellationToken.None);

        Assert.Equal(new ReceiptFieldsDto(2.09m, "EUR", new DateOnly(2026, 11, 21), "Pingo Doce", 0.12m), fields);
        var request = stand.Requests.Single();
        Assert.Equal("ReceiptAnswer", request.Json!["response_format"]!["json_schema"]!["name"]!.GetValue<string>());
        Assert.Equal(Ocr, request.Messages[1].Text);
    }

    [Fact]
    public async Task Total_not_printed_on_the_receipt_gives_null()
    {
        stand.RespondWith(LoopbackReply.CompletionOf(Answer(total: 2.90m)));

        Assert.Null(await Reader().ReadAsync(Ocr, CancellationToken.None));
    }

    [Fact]
    public async Task Future_date_gives_null()
    {
        stand.RespondWith(LoopbackReply.CompletionOf(Answer(date: "2027-11-21")));

        Assert.Null(await Reader().ReadAsync(Ocr, CancellationToken.None));
    }

    [Fact]
    public async Task Failing_endpoint_gives_null()
    {
        stand.RespondWith(LoopbackReply.Error(500));

        Assert.Null(await Reader().ReadAsync(Ocr, CancellationToken.None));
    }

    [Fact]
    public async Task Fields_the_receipt_lacks_stay_empty()
    {
        stand.RespondWith(LoopbackReply.CompletionOf(new { total = (decimal?)2.09m, currency = (string?)null, date = (string?)null, merchant = "Continente", tax = (decimal?)null }));

        var fields = await Reader().ReadAsync(Ocr, CancellationToken.None);

        // "Continente" is not on this receipt: the merchant is dropped, the rest stands.
        Assert.Equal(new ReceiptFieldsDto(2.09m, null, null, null, null), fields);
    }
}
