using Finance.Understanding.Parsing;
using static Finance.Understanding.Tests.Parsing.ParserFixture;

namespace Finance.Understanding.Tests.Parsing;

public class AmountTests
{
    [Theory]
    [InlineData("coffee 45.90", "en", "45.90")]
    [InlineData("mercado 45,90", "pt", "45.90")]
    [InlineData("aluguel 1.234,56", "pt", "1234.56")]
    [InlineData("rent 1,234.56", "en", "1234.56")]
    [InlineData("R$ 12 café", "pt", "12.00")]
    [InlineData("US$ 23,50 no app", "pt", "23.50")]
    [InlineData("12 reais de estacionamento", "pt", "12.00")]
    [InlineData("lunch 12 bucks", "en", "12.00")]
    [InlineData("€8 coffee", "en", "8.00")]
    [InlineData("£15 taxi", "en", "15.00")]
    [InlineData("rent 1.5k", "en", "1500.00")]
    [InlineData("1,5k aluguel", "pt", "1500.00")]
    [InlineData("2x 9,90 sorvete", "pt", "19.80")]
    [InlineData("2 x 9.90 movie tickets", "en", "19.80")]
    [InlineData("3 beers at 6 each", "en", "18.00")]
    [InlineData("3 cervejas a 12 cada", "pt", "36.00")]
    [InlineData("2 coffees 9", "en", "9.00")]
    [InlineData("hotel 2 nights 380", "en", "380.00")]
    [InlineData("twenty five fifty for groceries", "en", "25.50")]
    [InlineData("one hundred and twelve for the electric bill", "en", "112.00")]
    [InlineData("vinte e cinco reais e cinquenta centavos de café", "pt", "25.50")]
    [InlineData("mil e duzentos de aluguel", "pt", "1200.00")]
    [InlineData("dois mil e quinhentos aluguel", "pt", "2500.00")]
    [InlineData("quarenta e dois e noventa de farmácia", "pt", "42.90")]
    [InlineData("fifteen quid taxi", "en", "15.00")]
    [InlineData("electricity 1.234", "en", "1234.00")]
    [InlineData("lunch 12,5", "en", "12.50")]
    [InlineData("☕ 4.5", "en", "4.50")]
    [InlineData("  LUNCH    19.50  ", "en", "19.50")]
    [InlineData("12 reais e 50 centavos de pão", "pt", "12.50")]
    [InlineData("lunch at 12:30 15", "en", "15.00")]
    [InlineData("dinner 7pm 45", "en", "45.00")]
    [InlineData("jantar às 19h 80", "pt", "80.00")]
    [InlineData("tip 15% 12", "en", "12.00")]
    [InlineData("fifty cents candy", "en", "0.50")]
    // Full width (a Japanese or Chinese keyboard), Arabic-Indic, Devanagari: read as 0–9.
    [InlineData("coffee ４.５０", "en", "4.50")]
    [InlineData("café ٤٫٥٠", "pt", "4.50")]
    [InlineData("almoço 1２,50", "pt", "12.50")]
    [InlineData("rent १२००", "en", "1200.00")]
    public void Amount_is_read_in_every_written_form(string text, string language, string expected) =>
        Assert.Equal(expected, CorpusEvaluation.FormatAmount(Single(text, language).Amount));

    [Theory]
    [InlineData("45.90", 45.90)]
    [InlineData("45,90", 45.90)]
    [InlineData("1.234,56", 1234.56)]
    [InlineData("1,234.56", 1234.56)]
    [InlineData("1.234", 1234)]
    [InlineData("1,234", 1234)]
    [InlineData("12,5", 12.5)]
    [InlineData("1.234.567", 1234567)]
    [InlineData("0,99", 0.99)]
    public void Number_separators_follow_the_thousands_rule(string raw, double expected) =>
        Assert.Equal((decimal)expected, MessageTokenizer.ParseNumber(raw));

    [Theory]
    [InlineData("coffee 5", "en", "USD")]
    [InlineData("café 5", "pt", "BRL")]
    [InlineData("R$ 35 lunch", "en", "BRL")]
    [InlineData("lunch 60 reais", "en", "BRL")]
    [InlineData("US$ 30 amazon", "pt", "USD")]
    [InlineData("$20 lunch", "pt", "USD")]
    [InlineData("dinner 40 euros", "en", "EUR")]
    [InlineData("hotel 120 EUR", "pt", "EUR")]
    [InlineData("taxi 15 quid", "en", "GBP")]
    [InlineData("£15 taxi", "pt", "GBP")]
    [InlineData("¥3000 ramen", "en", "JPY")]
    [InlineData("hotel 200 dólares", "pt", "USD")]
    [InlineData("lunch 20 bucks", "pt", "USD")]
    public void Explicit_currency_beats_the_chat_default(string text, string language, string expected) =>
        Assert.Equal(expected, Single(text, language).Currency);

    [Theory]
    [InlineData("CAD", "CAD")]
    [InlineData("AUD", "AUD")]
    [InlineData("USD", "USD")]
    [InlineData("EUR", "USD")]
    [InlineData("BRL", "USD")]
    public void Bare_dollar_sign_is_the_chat_dollar_or_else_US_dollars(string chatCurrency, string expected)
    {
        var context = UnitedStates with { DefaultCurrency = chatCurrency };
        Assert.Equal(expected, Assert.Single(Parser.Parse("$50 gas", context).Transactions).Currency);
    }
}
