using static Finance.Understanding.Tests.Parsing.ParserFixture;

namespace Finance.Understanding.Tests.Parsing;

public class MerchantTests
{
    [Theory]
    [InlineData("uber 23", "pt", "Uber")]
    [InlineData("iFood 54,80", "pt", "iFood")]
    [InlineData("starbucks 7.80", "en", "Starbucks")]
    [InlineData("Walmart 45.90", "en", "Walmart")]
    [InlineData("pão de açúcar 156,78", "pt", "Pão de Açúcar")]
    [InlineData("drogasil 28,90", "pt", "Drogasil")]
    [InlineData("groceries 82.37 at walmart", "en", "Walmart")]
    [InlineData("lunch at Panera 12.40", "en", "Panera")]
    [InlineData("dinner at olive garden 58.20", "en", "Olive Garden")]
    [InlineData("dinner at Mario's 58.20", "en", "mario's")]
    [InlineData("almoço no outback 189", "pt", "Outback")]
    [InlineData("comprei um tênis na centauro 399", "pt", "Centauro")]
    [InlineData("gasolina 250 no posto shell", "pt", "Shell")]
    [InlineData("uber eats 27.30", "en", "Uber Eats")]
    [InlineData("amazon prime 14,90", "pt", "Amazon Prime")]
    [InlineData("99 taxi 21", "pt", "99")]
    [InlineData("received 200 from mom", "en", "mom")]
    // A known brand is booked under its proper name, whatever was typed; an unknown one as typed.
    public void Merchant_comes_from_the_list_or_after_a_preposition(string text, string language, string expected) =>
        Assert.Equal(expected, Single(text, language).Merchant);

    [Theory]
    [InlineData("gastei 80 no mercado", "pt")]
    [InlineData("spent 80 on clothes", "en")]
    [InlineData("I spent 25 on lunch today", "en")]
    [InlineData("almoço 32,90 no restaurante do centro", "pt")]
    [InlineData("cerveja no bar 68", "pt")]
    [InlineData("coffee 4.50", "en")]
    [InlineData("paguei 1.234,56 no sofá novo", "pt")]
    [InlineData("dinner with friends 85", "en")]
    [InlineData("€8 coffee in paris", "en")]
    public void Generic_places_and_plain_items_are_not_merchants(string text, string language) =>
        Assert.Null(Single(text, language).Merchant);
}

public class MerchantDirectoryTests
{
    [Fact]
    public void Shipped_list_holds_a_few_hundred_brands_with_known_categories()
    {
        var list = Finance.Understanding.Parsing.MerchantDirectory.LoadDefault();
        Assert.True(list.Count >= 300, $"{list.Count} merchants");
        Assert.Equal(Finance.Core.Categories.Dining, list.CategoryOf("iFood"));
        Assert.Equal(Finance.Core.Categories.Groceries, list.CategoryOf("Pao de Acucar"));
    }
}
