using Finance.Core;
using static Finance.Understanding.Tests.Parsing.ParserFixture;

namespace Finance.Understanding.Tests.Parsing;

public class DirectionTests
{
    [Theory]
    [InlineData("got paid 3200", "en")]
    [InlineData("paycheck 2,450.75", "en")]
    [InlineData("salary 5000", "en")]
    [InlineData("refund from amazon 23.99", "en")]
    [InlineData("sold my old bike for 150", "en")]
    [InlineData("received 200 from mom", "en")]
    [InlineData("recebi 300 do pedro", "pt")]
    [InlineData("salário 4.500", "pt")]
    [InlineData("ganhei 200 de freela", "pt")]
    [InlineData("reembolso 120", "pt")]
    [InlineData("vendi a bicicleta por 800", "pt")]
    [InlineData("caiu o salário 3.980,55", "pt")]
    public void Income_is_income_with_category_income(string text, string language)
    {
        var t = Single(text, language);
        Assert.Equal(Direction.Income, t.Direction);
        Assert.Equal(Categories.Income, t.Category);
    }

    [Theory]
    [InlineData("sent 50 to John", "en", "john")]
    [InlineData("moved 500 to savings", "en", null)]
    [InlineData("transferred 300 to savings account", "en", null)]
    [InlineData("venmo'd Sarah 25 for pizza", "en", "sarah")]
    [InlineData("transferi 100 pra Maria", "pt", "maria")]
    [InlineData("pix para João 50", "pt", "joão")]
    [InlineData("pix 80 pra Bia", "pt", "bia")]
    [InlineData("mandei 200 pra minha mãe", "pt", "minha mãe")]
    [InlineData("guardei 500 na poupança", "pt", null)]
    [InlineData("paid John back 40", "en", "john")]
    [InlineData("fiz um pix de 100 pro joão", "pt", "joão")]
    public void Transfers_are_transfers_to_the_named_person(string text, string language, string? merchant)
    {
        var t = Single(text, language);
        Assert.Equal(Direction.Transfer, t.Direction);
        Assert.Equal(Categories.Transfer, t.Category);
        Assert.Equal(merchant, t.Merchant);
    }

    [Theory]
    [InlineData("flight to denver 289", "en")]
    [InlineData("Uber to the airport 54.20", "en")]
    [InlineData("presente de aniversário pro joão 100", "pt")]
    [InlineData("paid rent 2,100.00", "en")]
    [InlineData("paguei 50 no pix o mercado", "pt")]
    public void Spending_that_mentions_a_destination_is_still_spending(string text, string language) =>
        Assert.Equal(Direction.Expense, Single(text, language).Direction);
}

public class MixedDirectionTests
{
    [Fact]
    public void A_transfer_in_one_item_does_not_make_the_others_transfers()
    {
        var parsed = Parse("sent 50 to John and lunch 20");
        Assert.Equal([Direction.Transfer, Direction.Expense], parsed.Transactions.Select(t => t.Direction));
    }

    [Fact]
    public void An_income_cue_before_the_first_price_covers_every_item()
    {
        var parsed = Parse("recebi: salário 5000, bônus 1000", "pt");
        Assert.All(parsed.Transactions, t => Assert.Equal(Direction.Income, t.Direction));
        Assert.Equal(2, parsed.Transactions.Count);
    }

    [Theory]
    [InlineData("13th salary 3200", "en")]
    [InlineData("vacation pay 2100", "en")]
    [InlineData("client paid me 800 by transfer", "en")]
    [InlineData("client payment 1200 via wire", "en")]
    [InlineData("PLR 3000", "pt")]
    [InlineData("13º salário 2500", "pt")]
    [InlineData("décimo terceiro 2800", "pt")]
    [InlineData("adiantamento de férias 3100", "pt")]
    [InlineData("cliente pagou 1200 no pix", "pt")]
    public void Salary_words_and_a_clients_payment_are_income(string text, string language)
    {
        var t = Single(text, language);
        Assert.Equal((Direction.Income, Categories.Income), (t.Direction, t.Category));
        Assert.Equal(t.Date, For(language).Today); // "13th" names the salary, not the day
    }

    [Theory]
    [InlineData("paid the client back 200", "en")]
    [InlineData("férias em paris 3000", "pt")]
    public void Paying_a_client_or_a_holiday_trip_is_not_income(string text, string language) =>
        Assert.NotEqual(Direction.Income, Single(text, language).Direction);

    [Theory]
    [InlineData("wire fee 25", "en")]
    [InlineData("withdrawal fee 3", "en")]
    [InlineData("taxa de saque 6,50", "pt")]
    [InlineData("tarifa de transferência 8", "pt")]
    public void A_fee_for_a_transfer_or_withdrawal_is_a_fee_not_a_transfer(string text, string language)
    {
        var t = Single(text, language);
        Assert.Equal((Direction.Expense, Categories.Fees), (t.Direction, t.Category));
    }

    [Theory]
    [InlineData("sold my bike for 250 and bought a helmet 30", "en")]
    [InlineData("recebi 300 do freela e gastei 40 no almoço", "pt")]
    public void Income_and_spending_in_one_message_each_keep_their_direction(string text, string language)
    {
        var items = Parse(text, language).Transactions;
        Assert.Equal([Direction.Income, Direction.Expense], items.Select(t => t.Direction).ToArray());
    }
}

