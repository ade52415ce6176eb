using Finance.Core;
using static Finance.Understanding.Tests.Parsing.ParserFixture;

namespace Finance.Understanding.Tests.Parsing;

/// <summary>Today is Wednesday 2026-11-25.</summary>
public class IntentTests
{
    [Theory]
    [InlineData("hi", "en")]
    [InlineData("thanks!", "en")]
    [InlineData("what can you do?", "en")]
    [InlineData("olá", "pt")]
    [InlineData("obrigado!", "pt")]
    [InlineData("tudo bem?", "pt")]
    [InlineData("", "en")]
    [InlineData("🙂", "en")]
    public void Chit_chat_without_an_amount_is_other(string text, string language)
    {
        var parsed = Parse(text, language);
        Assert.Equal(Intent.Other, parsed.Intent);
        Assert.Empty(parsed.Transactions);
    }

    [Theory]
    [InlineData("how much did I spend on food this month?", "en", "total", "2026-11-01", "2026-11-25", "food", null)]
    [InlineData("quanto gastei com comida?", "pt", "total", "2026-11-01", "2026-11-25", "food", null)]
    [InlineData("how much did I spend on bills in october", "en", "total", "2026-10-01", "2026-10-31", "bills", null)]
    [InlineData("quanto gastei com contas este mês", "pt", "total", "2026-11-01", "2026-11-25", "bills", null)]
    [InlineData("how much did I spend on dining this month?", "en", "total", "2026-11-01", "2026-11-25", "dining", null)]
    [InlineData("quanto gastei essa semana?", "pt", "total", "2026-11-23", "2026-11-25", null, null)]
    [InlineData("top merchants in october", "en", "top_merchants", "2026-10-01", "2026-10-31", null, null)]
    [InlineData("what did I spend yesterday", "en", "list", "2026-11-24", "2026-11-24", null, null)]
    [InlineData("how much on uber since the 1st", "en", "total", "2026-11-01", "2026-11-25", null, "Uber")]
    [InlineData("quanto gastei no ifood em outubro", "pt", "total", "2026-10-01", "2026-10-31", null, "ifood")]
    [InlineData("total spent last month?", "en", "total", "2026-10-01", "2026-10-31", null, null)]
    [InlineData("gastos do mês passado", "pt", "total", "2026-10-01", "2026-10-31", null, null)]
    [InlineData("onde eu mais gastei esse mês?", "pt", "top_merchants", "2026-11-01", "2026-11-25", null, null)]
    [InlineData("did I spend more than 100 on food this week?", "en", "total", "2026-11-23", "2026-11-25", "food", null)]
    [InlineData("how much did i spend in december", "en", "total", "2025-12-01", "2025-12-31", null, null)]
    [InlineData("quanto gastei semana passada", "pt", "total", "2026-11-16", "2026-11-22", null, null)]
    [InlineData("how much did I spend last weekend?", "en", "total", "2026-11-21", "2026-11-22", null, null)]
    [InlineData("quanto gastei nos últimos 30 dias", "pt", "total", "2026-10-27", "2026-11-25", null, null)]
    [InlineData("how much did I spend between oct 1 and oct 15", "en", "total", "2026-10-01", "2026-10-15", null, null)]
    [InlineData("qto gastei hj", "pt", "total", "2026-11-25", "2026-11-25", null, null)]
    [InlineData("spending by merchant in october", "en", "top_merchants", "2026-10-01", "2026-10-31", null, null)]
    [InlineData("how much did I spend at Joe's Diner this month?", "en", "total", "2026-11-01", "2026-11-25", null, "joe's diner")]
    [InlineData("how much on eating out this week", "en", "total", "2026-11-23", "2026-11-25", "dining", null)]
    public void Questions_about_spending_become_queries(string text, string language, string kind, string from, string to, string? category, string? merchant)
    {
        var parsed = Parse(text, language);
        Assert.Equal(Intent.Query, parsed.Intent);
        Assert.Empty(parsed.Transactions);
        var q = Assert.IsType<SpendingQuery>(parsed.Query);
        Assert.Equal(kind, Finance.Understanding.Parsing.CorpusEvaluation.KindName(q.Kind));
        Assert.Equal((DateOnly.Parse(from), DateOnly.Parse(to)), (q.From, q.To));
        Assert.Equal(category, q.Category);
        Assert.Equal(merchant, q.Merchant);
    }

    [Theory]
    [InlineData("how much did I earn this month?", "en")]
    [InlineData("quanto recebi em outubro", "pt")]
    public void Questions_about_earnings_ask_for_income(string text, string language) =>
        Assert.Equal(Direction.Income, Assert.IsType<SpendingQuery>(Parse(text, language).Query).Direction);

    [Theory]
    [InlineData("I spent 25 on lunch today", "en")]
    [InlineData("gastei 80 no mercado", "pt")]
    [InlineData("paid rent 2,100.00", "en")]
    [InlineData("oyster top up 20", "en")]
    public void Statements_of_spending_are_records(string text, string language) =>
        Assert.Equal(Intent.Record, Parse(text, language).Intent);

    [Theory]
    [InlineData("mercado 230", "en", "pt")]
    [InlineData("almoço 35", "en", "pt")]
    [InlineData("R$ 20 lanche", "en", "pt")]
    [InlineData("coffee 8", "pt", "en")]
    [InlineData("spent 20 on lunch", "pt", "en")]
    [InlineData("uber 23", "pt", "pt")]
    [InlineData("uber 23", "en", "en")]
    public void Language_is_detected_per_message_and_falls_back_to_the_chats(string text, string chatLanguage, string expected)
    {
        var context = For(chatLanguage == "pt" ? "pt" : "en");
        Assert.Equal(expected, Parser.Parse(text, context with { Language = chatLanguage }).Language);
    }
}
