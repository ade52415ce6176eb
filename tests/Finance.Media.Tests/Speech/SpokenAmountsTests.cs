using Finance.Media.Speech;

namespace Finance.Media.Tests.Speech;

public sealed class SpokenAmountsTests
{
    [Theory]
    [InlineData("spent forty five dollars at walmart", "spent 45 dollars at walmart")]
    [InlineData("spent twelve dollars and fifty cents on lunch", "spent 12.50 dollars on lunch")]
    [InlineData("coffee three dollars twenty", "coffee 3.20 dollars")]
    [InlineData("lunch twelve fifty", "lunch 12.50")]
    [InlineData("rent one thousand two hundred dollars", "rent 1200 dollars")]
    [InlineData("paid a hundred and five bucks for gas", "paid 105 dollars for gas")]
    [InlineData("two thousand five hundred reais", "2500 reais")]
    [InlineData("nine point nine nine euros", "9.99 euros")]
    [InlineData("sushi twenty five ringgit and ten sen", "sushi 25.10 ringgit")]
    [InlineData("bought a book", "bought a book")]
    public void Number_words_become_digits(string spoken, string expected) =>
        Assert.Equal(expected, SpokenAmounts.ToDigits(spoken));

    [Theory]
    [InlineData("one five oh four four", "1 5 0 4 4")]
    [InlineData("oh seven nine two two", "0 7 9 2 2")]
    [InlineData("one oh oh two eight", "1 0 0 2 8")]
    [InlineData("fifty six oh five", "56 0 5")]
    [InlineData("two point oh five euros", "2.05 euros")]
    [InlineData("oh i forgot five dollars", "oh i forgot 5 dollars")]
    [InlineData("oh five dollars for coffee", "oh 5 dollars for coffee")]
    public void Oh_is_a_zero_only_where_digits_are_being_read(string spoken, string expected) =>
        Assert.Equal(expected, SpokenAmounts.ToDigits(spoken));
}
