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

    [Fact]
    public void Money_coming_in_is_income_whatever_the_merchant() =>
        Assert.Equal(Categories.Income, Reader.Describe("AMAZON REFUND", Direction.Income).Category);
}
