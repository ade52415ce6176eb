using Finance.Core;
using Finance.Understanding.Parsing;
using static Finance.Understanding.Tests.Parsing.ParserFixture;

namespace Finance.Understanding.Tests.Parsing;

public class CategoryTests
{
    [Theory]
    [InlineData("mercado 230", "pt", Categories.Groceries)]
    [InlineData("supermarket 64.10", "en", Categories.Groceries)]
    [InlineData("almoço 35", "pt", Categories.Dining)]
    [InlineData("coffee 4", "en", Categories.Dining)]
    [InlineData("gasolina 200", "pt", Categories.Transport)]
    [InlineData("ônibus 4,40", "pt", Categories.Transport)]
    [InlineData("gas 42", "en", Categories.Transport)]
    [InlineData("gás 120", "pt", Categories.Utilities)]
    [InlineData("aluguel 2.500", "pt", Categories.Housing)]
    [InlineData("rent 1,850", "en", Categories.Housing)]
    [InlineData("conta de luz 187,32", "pt", Categories.Utilities)]
    [InlineData("electricity bill 96.40", "en", Categories.Utilities)]
    [InlineData("farmácia 45", "pt", Categories.Health)]
    [InlineData("dentist 150", "en", Categories.Health)]
    [InlineData("cinema 32", "pt", Categories.Entertainment)]
    [InlineData("new shoes 89.99", "en", Categories.Shopping)]
    [InlineData("netflix 15.49", "en", Categories.Subscriptions)]
    [InlineData("hotel 450", "pt", Categories.Travel)]
    [InlineData("curso de inglês 320", "pt", Categories.Education)]
    [InlineData("haircut 35", "en", Categories.PersonalCare)]
    [InlineData("birthday gift for mom 60", "en", Categories.Gifts)]
    [InlineData("tarifa bancária 29,90", "pt", Categories.Fees)]
    [InlineData("groceries at target 40", "en", Categories.Groceries)]
    [InlineData("took an uber home, 27 bucks", "en", Categories.Transport)]
    [InlineData("passagem de ônibus 4,40", "pt", Categories.Transport)]
    [InlineData("☕ 6", "pt", Categories.Dining)]
    [InlineData("bought a helmet 30", "en", Categories.Shopping)]
    [InlineData("comprei um capacete 90", "pt", Categories.Shopping)]
    [InlineData("umbrella 12", "en", Categories.Shopping)]
    [InlineData("prepaid airtime 29", "en", Categories.Utilities)]
    public void Keywords_and_merchants_pick_the_category(string text, string language, string expected) =>
        Assert.Equal(expected, Single(text, language).Category);

    [Theory]
    [InlineData("grocerys 54.20", "en", Categories.Groceries)]
    [InlineData("supermercdo 95", "pt", Categories.Groceries)]
    [InlineData("resturant 48", "en", Categories.Dining)]
    [InlineData("almoso 30", "pt", Categories.Dining)]
    [InlineData("farmacía 22", "pt", Categories.Health)]
    [InlineData("pharmcy 12", "en", Categories.Health)]
    [InlineData("Coffe 3.50", "en", Categories.Dining)]
    public void Misspelt_keywords_still_pick_the_category(string text, string language, string expected) =>
        Assert.Equal(expected, Single(text, language).Category);

    [Fact]
    public void Without_a_keyword_or_model_the_category_is_other() =>
        Assert.Equal(Categories.Other, Single("zorblax 12").Category);

    [Fact]
    public void A_missing_model_leaves_keywords_and_merchants_working()
    {
        var classifier = RuleParser.TryLoadClassifier(Path.Combine(Path.GetTempPath(), "no-such-model.zip"), out var problem);
        Assert.Null(classifier);
        Assert.NotNull(problem);
        var parser = new RuleParser(classifier, MerchantDirectory.Empty);
        Assert.Equal(Categories.Dining, Assert.Single(parser.Parse("lunch 12", UnitedStates).Transactions).Category);
        Assert.Equal(Categories.Other, Assert.Single(parser.Parse("zorblax 12", UnitedStates).Transactions).Category);
    }
}
