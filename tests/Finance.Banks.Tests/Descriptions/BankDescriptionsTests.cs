using Finance.Banks.Descriptions;
using Finance.Core;
using static Finance.Banks.Tests.BankTestContext;

namespace Finance.Banks.Tests.Descriptions;

public sealed class BankDescriptionsTests
{
    [Theory]
    [InlineData("POS PURCHASE LIDL GB 1234 LONDON 07 OCT", "Lidl", Categories.Groceries)]
    [InlineData("CARD 4821 UBER *TRIP", "Uber", Categories.Transport)]
    [InlineData("NETFLIX.COM", "Netflix", Categories.Subscriptions)]
    public void A_description_the_merchant_list_knows_gets_its_category_without_the_classifier(
        string description, string merchant, string category)
    {
        // No classifier at all: the category can only come from the merchant list.
        var described = Reader.Describe(description, Direction.Expense);

        Assert.Equal((merchant, category, "merchant list"), (described.Merchant, described.Category, described.CategorySource));
    }

    [Theory]
    [InlineData("POS PURCHASE JOES DINER 1234 07 OCT", "Joes Diner")]
    [InlineData("PAYPAL *SPOTIFYAB 4029357733", "Spotifyab")]
    [InlineData("CARD 4821 BOB'S BIKES *SHOP", "Bob's Bikes")]
    public void A_clean_name_drops_the_banks_words_numbers_and_dates(string description, string expected) =>
        Assert.Equal(expected, BankDescriptions.CleanName(description));

    [Theory]
    [InlineData("INTERNATIONAL PROCESSING FEE: NETFLIX.COM")]
    [InlineData("INSUFFICIENT FUNDS FEE: UBER *TRIP")]
    public void A_fee_the_bank_charged_is_a_fee_whatever_shop_it_names(string description) =>
        Assert.Equal(Categories.Fees, Reader.Describe(description, Direction.Expense, "ZA").Category);

    [Fact]
    public void A_brand_that_does_not_trade_in_the_chats_country_yields_to_what_the_words_say()
    {
        // The index's Delta is a fuel brand in the US and a shop in Israel; in Johannesburg "Delta Cafe" is a café.
        Assert.Equal(Categories.Dining, Reader.Describe("POS PURCHASE DELTA CAFE * 12 NOV", Direction.Expense, "ZA").Category);
        Assert.Equal(Categories.Transport, Reader.Describe("POS PURCHASE DELTA CAFE * 12 NOV", Direction.Expense, "US").Category);
    }

    [Fact]
    public void A_word_the_bank_cut_short_still_names_its_category() =>
        Assert.Equal((Categories.Transport, "keyword"),
            (Reader.Describe("POS PURCHASE CITY CENTRE PARKIN * 24 AUG", Direction.Expense, "ZA") is var d ? d.Category : null, d.CategorySource));

    [Fact]
    public void A_shop_no_list_knows_is_placed_by_the_words_of_its_name()
    {
        var described = Reader.Describe("POS PURCHASE OPTIK WEBER * 03 NOV", Direction.Expense, "ZA");

        Assert.Equal((Categories.Health, "name words"), (described.Category, described.CategorySource));
    }

    [Fact]
    public void Money_coming_in_is_income_whatever_the_merchant() =>
        Assert.Equal(Categories.Income, Reader.Describe("AMAZON REFUND", Direction.Income).Category);
}
