using Finance.Core;
using Finance.Understanding.Parsing;
using static Finance.Understanding.Tests.Parsing.ParserFixture;

namespace Finance.Understanding.Tests.Parsing;

public sealed class BrandWordsTests
{
    private static MerchantDirectory DirectoryOf(params (string Name, string Category)[] brands) =>
        new(brands.Select(b => (new MerchantDirectory.Brand(b.Name, b.Category, [], Curated: false), Enumerable.Empty<string>())));

    // Four pharmacies and four beer halls whose first words are shared, so only "Apotheke" and "Brauhaus" tell them apart.
    private static readonly MerchantDirectory PharmaciesAndBeerHalls = DirectoryOf(
        ("Adler Apotheke", Categories.Health), ("Stern Apotheke", Categories.Health), ("Linden Apotheke", Categories.Health),
        ("Rosen Apotheke", Categories.Health), ("Adler Brauhaus", Categories.Dining), ("Stern Brauhaus", Categories.Dining),
        ("Linden Brauhaus", Categories.Dining), ("Rosen Brauhaus", Categories.Dining));

    [Theory]
    [InlineData("Hansen Apotheke 12", Categories.Health)]
    [InlineData("hansen brauhaus 12", Categories.Dining)]
    public void A_shop_no_brand_is_called_is_placed_by_a_word_its_name_shares_with_brands(string text, string expected)
    {
        var parser = new RuleParser(null, PharmaciesAndBeerHalls);

        var item = Assert.Single(parser.Parse(text, UnitedStates).Transactions);

        Assert.Null(item.Merchant);
        Assert.Equal(expected, item.Category);
    }

    [Fact]
    public void Pieces_of_a_word_place_a_spelling_no_brand_has() =>
        Assert.Equal(Categories.Health, PharmaciesAndBeerHalls.Words.Read(["apotheken"])?.Category);

    [Fact]
    public void A_word_every_category_shares_says_nothing() =>
        Assert.Null(PharmaciesAndBeerHalls.Words.Read(["adler"]));

    [Fact]
    public void Words_no_brand_name_holds_leave_the_item_other() =>
        Assert.Equal(Categories.Other, Assert.Single(new RuleParser(null, PharmaciesAndBeerHalls).Parse("zorblax 12", UnitedStates).Transactions).Category);

    [Fact]
    public void A_directory_without_a_kind_of_shop_learns_nothing_of_it()
    {
        var beerHallsOnly = DirectoryOf(("Adler Brauhaus", Categories.Dining), ("Stern Brauhaus", Categories.Dining), ("Linden Brauhaus", Categories.Dining));

        Assert.Null(beerHallsOnly.Words.Read(["apotheke"]));
    }

    [Theory]
    [InlineData("Happy Nails 25", Categories.PersonalCare)]
    [InlineData("Quick Lube 40", Categories.Transport)]
    [InlineData("Optik Weber 150", Categories.Health)]
    public void Shops_the_shipped_index_does_not_hold_are_placed_by_their_names(string text, string expected) =>
        Assert.Equal(expected, Single(text).Category);
}
