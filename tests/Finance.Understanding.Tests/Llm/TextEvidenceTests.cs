using Finance.Understanding.Llm;

namespace Finance.Understanding.Tests.Llm;

public sealed class TextEvidenceTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Theory]
    [InlineData("Lidl 45,90", 45.90)]
    [InlineData("Lidl 45.90", 45.90)]
    [InlineData("Lidl 45.9", 45.90)]
    [InlineData("rent 1.234,56", 1234.56)]
    [InlineData("rent 1,234.56", 1234.56)]
    [InlineData("rent 1.234", 1234)]
    [InlineData("car 12,500", 12500)]
    [InlineData("aluguel R$1.500", 1500)]
    [InlineData("salary 3k", 3000)]
    [InlineData("bonus 1,5k", 1500)]
    [InlineData("carro 2 mil", 2000)]
    [InlineData("coffee 3 and bread 2", 2)]
    public void Amount_written_in_either_convention_is_supported(string text, double amount) =>
        Assert.True(TextEvidence.Of(text).Supports((decimal)amount));

    [Theory]
    [InlineData("Lidl 45,90", 45.91)]
    [InlineData("Lidl 45,90", 4.59)]
    [InlineData("coffee 3 and bread 2", 5)] // a sum is not written anywhere
    [InlineData("Lidl 45,90", 0)]
    [InlineData("twenty euros at lidl", 20)]
    [InlineData("5 kg of apples", 5000)]
    public void Amount_not_written_is_not_supported(string text, double amount) =>
        Assert.False(TextEvidence.Of(text).Supports((decimal)amount));

    [Fact]
    public void Amount_another_reader_found_in_number_words_is_supported() =>
        Assert.True(TextEvidence.Of("twenty euros at lidl", [20m]).Supports(20m));

    [Theory]
    [InlineData("lidl 20 yesterday")]
    [InlineData("ontem 20 no mercado")]
    [InlineData("anteontem gastei 20")]
    [InlineData("20 at lidl last friday")]
    [InlineData("20 na sexta-feira")]
    [InlineData("20 on the 5th")]
    [InlineData("20 dia 5")]
    [InlineData("20 on 21/11")]
    [InlineData("20 on 2026-11-21")]
    [InlineData("20 am 21.11.2026")]
    [InlineData("20 em março")]
    public void Day_words_and_dates_name_a_day(string text) =>
        Assert.True(TextEvidence.Of(text).NamesADay);

    [Theory]
    [InlineData("Lidl 45,90")]
    [InlineData("coffee 12.50 and cake 3.10")]
    [InlineData("uber 23")]
    public void Amounts_alone_name_no_day(string text) =>
        Assert.False(TextEvidence.Of(text).NamesADay);

    [Fact]
    public void Booking_date_is_today_unless_the_text_names_a_day()
    {
        var plain = TextEvidence.Of("Lidl 45,90");
        Assert.True(plain.SupportsBookingDate(Today, Today));
        Assert.False(plain.SupportsBookingDate(Today.AddDays(-1), Today));

        var dated = TextEvidence.Of("Lidl 45,90 yesterday");
        Assert.True(dated.SupportsBookingDate(Today.AddDays(-1), Today));
        Assert.True(dated.SupportsBookingDate(Today.AddDays(-TextEvidence.MaxDaysBack), Today));
        Assert.False(dated.SupportsBookingDate(Today.AddDays(-TextEvidence.MaxDaysBack - 1), Today));
        Assert.False(dated.SupportsBookingDate(Today.AddDays(1), Today));
    }

    [Theory]
    [InlineData("Lidl 45,90", "EUR", true)]
    [InlineData("Lidl 45,90", "USD", false)]
    [InlineData("Lidl $45.90", "USD", true)]
    [InlineData("Lidl 45.90 usd", "USD", true)]
    [InlineData("almoço R$ 45,90", "BRL", true)]
    [InlineData("almoço R$ 45,90", "USD", false)]
    [InlineData("almoço 45 reais", "BRL", true)]
    [InlineData("pub £12", "GBP", true)]
    [InlineData("20 dollars for a taxi", "USD", true)]
    public void Other_currencies_than_the_default_must_be_named(string text, string currency, bool supported) =>
        Assert.Equal(supported, TextEvidence.Of(text).SupportsCurrency(currency, "EUR"));

    [Theory]
    [InlineData("EUR", true)]
    [InlineData("BRL", true)]
    [InlineData("USD", true)]
    [InlineData("XYZ", false)]
    [InlineData("eur", false)]
    [InlineData("EURO", false)]
    public void Only_iso_currency_codes_are_accepted(string code, bool known) =>
        Assert.Equal(known, TextEvidence.IsIsoCurrency(code));

    [Theory]
    [InlineData("dinner at McDonald's 12", "mcdonalds", true)]
    [InlineData("mercado Pão de Açúcar 80", "pao de acucar", true)]
    [InlineData("uber eats 23", "ubereats", true)]
    [InlineData("Lidl 45,90", "aldi", false)]
    public void Names_match_ignoring_case_accents_and_punctuation(string text, string name, bool mentioned) =>
        Assert.Equal(mentioned, TextEvidence.Of(text).Mentions(name));
}
