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
    private static readonly Finance.Understanding.Parsing.MerchantDirectory Shipped = Finance.Understanding.Parsing.MerchantDirectory.LoadDefault();

    [Fact]
    public void Shipped_data_holds_the_hand_written_list_and_the_brand_index()
    {
        Assert.True(Shipped.Count >= 10_000, $"{Shipped.Count} names");
        Assert.Equal(Finance.Core.Categories.Dining, Shipped.CategoryOf("iFood"));
        Assert.Equal(Finance.Core.Categories.Groceries, Shipped.CategoryOf("Pao de Acucar"));
    }

    [Theory]
    [InlineData("Trader Joe's", "Trader Joe's", "groceries")]
    [InlineData("TRADER JOES #552 MONROVIA CA", "Trader Joe's", "groceries")]
    [InlineData("trader joe", "Trader Joe's", "groceries")]
    [InlineData("SQ *BLUE BOTTLE COFFEE", "Blue Bottle Coffee", "dining")]
    [InlineData("TST* CHIPOTLE 1234", "Chipotle", "dining")]
    [InlineData("PAYPAL *NETFLIX", "Netflix", "subscriptions")]
    [InlineData("AMZN Mktp US*2K4LM0P31", "Amazon", "shopping")]
    [InlineData("UBER *TRIP HELP.UBER.COM", "Uber", "transport")]
    [InlineData("UBER *EATS", "Uber Eats", "dining")]
    [InlineData("CARD 4821 ROSSMANN ALEXANDERPLATZ", "Rossmann", "personal_care")]
    [InlineData("CARREFOUR FR", "Carrefour", "groceries")]
    [InlineData("Décathlon", "Decathlon", "shopping")]
    [InlineData("COMPRA CARTAO FINAL 1234 DROGASIL", "Drogasil", "health")]
    // What banks print, tolerated as the banks engineer will pass it: case, accents, punctuation, noise.
    public void Find_reads_a_bank_line_or_a_typed_name(string text, string name, string category)
    {
        var brand = Shipped.Find(text, "US");
        Assert.NotNull(brand);
        Assert.Equal((name, category), (brand.Name, brand.Category));
    }

    [Theory]
    [InlineData("coffee in paris")]
    [InlineData("extra cheese")]
    [InlineData("top merchants")]
    [InlineData("pizza pizza")]
    // One-word brands that are everyday words or places are not matched alone.
    public void Everyday_words_and_places_are_not_brands(string text) => Assert.Null(Shipped.Find(text));

    [Fact]
    public void The_chats_country_picks_between_brands_that_share_a_name()
    {
        var directory = new Finance.Understanding.Parsing.MerchantDirectory(
        [
            (new Finance.Understanding.Parsing.MerchantDirectory.Brand("Zeta", "groceries", ["DE"], Curated: false), []),
            (new Finance.Understanding.Parsing.MerchantDirectory.Brand("Zeta", "dining", ["BR"], Curated: false), []),
        ]);

        Assert.Equal("groceries", directory.Find("zeta 10", "DE")!.Category);
        Assert.Equal("dining", directory.Find("ZETA", "BR")!.Category);
    }

    [Theory]
    [InlineData("America/Sao_Paulo", "BRL", "BR")]
    [InlineData("Europe/Berlin", "EUR", "DE")]
    [InlineData("Etc/UTC", "GBP", "GB")]
    [InlineData("Etc/UTC", "EUR", null)]
    public void The_chats_country_comes_from_its_time_zone_else_its_currency(string zone, string currency, string? country) =>
        Assert.Equal(country, Finance.Understanding.Parsing.ChatCountry.Of(TimeZoneInfo.FindSystemTimeZoneById(zone), currency));
}
