using Finance.Understanding.Parsing;
using static Finance.Understanding.Tests.Parsing.ParserFixture;

namespace Finance.Understanding.Tests.Parsing;

public class MultiItemTests
{
    [Theory]
    [InlineData("coffee 5 and lunch 18", "en", "5.00 dining|18.00 dining")]
    [InlineData("mercado 230, farmácia 45", "pt", "230.00 groceries|45.00 health")]
    [InlineData("netflix 55,90, spotify 21,90 e icloud 14,90", "pt", "55.90 subscriptions|21.90 subscriptions|14.90 subscriptions")]
    [InlineData("uber 22, almoço 35, café 6", "pt", "22.00 transport|35.00 dining|6.00 dining")]
    [InlineData("cinema 14.50 and popcorn 6", "en", "14.50 entertainment|6.00 dining")]
    [InlineData("groceries 120 and gas 40 yesterday", "en", "120.00 groceries|40.00 transport")]
    [InlineData("uber 15 e 99 12", "pt", "15.00 transport|12.00 transport")]
    [InlineData("pharmacy 7,80 and groceries 22,40", "en", "7.80 health|22.40 groceries")]
    [InlineData("lunch 18 coffee 5", "en", "18.00 dining|5.00 dining")]
    public void Several_items_in_one_message_are_several_transactions(string text, string language, string expected)
    {
        var actual = Parse(text, language).Transactions.Select(t => $"{CorpusEvaluation.FormatAmount(t.Amount)} {t.Category}");
        Assert.Equal(expected, string.Join('|', actual));
    }

    [Theory]
    [InlineData("ikea 1,234.50", "en")]
    [InlineData("mercado 45,90", "pt")]
    [InlineData("books from barnes and noble 32", "en")]
    [InlineData("3 pints at 6.50 each", "en")]
    [InlineData("vinte e cinco reais e cinquenta centavos de café", "pt")]
    public void Separators_inside_numbers_and_names_do_not_split_items(string text, string language) =>
        Assert.Single(Parse(text, language).Transactions);
}
