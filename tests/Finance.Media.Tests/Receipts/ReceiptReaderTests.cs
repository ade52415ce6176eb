using Finance.Understanding.Receipts;

namespace Finance.Media.Tests.Receipts;

/// <summary>Receipt field extraction from OCR text alone (the pure managed part).</summary>
public sealed class ReceiptReaderTests
{
    [Theory]
    [InlineData("15/01/2019", 2019, 1, 15)]
    [InlineData("05-AUG-2017", 2017, 8, 5)]
    [InlineData("03 MAR 19", 2019, 3, 3)]
    [InlineData("OCT 3, 2016", 2016, 10, 3)]
    [InlineData("2018-12-24 19:02", 2018, 12, 24)]
    [InlineData("Data: 07/11/2020 10:15", 2020, 11, 7)]
    [InlineData("12 de março de 2021", 2021, 3, 12)]
    [InlineData("25.12.2019", 2019, 12, 25)]
    [InlineData("01/13/2019", 2019, 1, 13)]
    public void Printed_date_formats_are_read_day_first(string line, int y, int m, int d) =>
        Assert.Equal(new DateOnly(y, m, d), ReceiptReader.Read($"SHOP NAME\n{line}\nTOTAL 10.00").Date);

    [Fact]
    public void Us_dollar_receipt_reads_dates_month_first() =>
        Assert.Equal(new DateOnly(2016, 3, 4), ReceiptReader.Read("DINER\n03/04/2016\nTOTAL $10.00").Date);

    [Theory]
    [InlineData("TOTAL R$ 45,90", "BRL")]
    [InlineData("TOTAL RM 12.50", "MYR")]
    [InlineData("TOTAL 12,50 €", "EUR")]
    [InlineData("TOTAL $12.50", "USD")]
    [InlineData("TOTAL £12.50", "GBP")]
    [InlineData("TOTAL S$ 12.50", "SGD")]
    [InlineData("TOTAL USD 12.50", "USD")]
    [InlineData("TOTAL Rs 45,90", "BRL")]
    [InlineData("TOTAL Rs. 450.00", "INR")]
    public void Currency_symbols_and_codes_map_to_iso(string line, string code) =>
        Assert.Equal(code, ReceiptReader.Read($"SHOP\n{line}").Currency);

    [Fact]
    public void Total_is_not_subtotal_tax_change_or_tip()
    {
        var fields = ReceiptReader.Read("""
            CORNER CAFE
            Latte                4.50
            Muffin               3.25
            Subtotal             7.75
            Tax                  0.62
            Tip                  1.50
            Total                9.87
            Cash                20.00
            Change              10.13
            """);
        Assert.Equal(9.87m, fields.Total);
        Assert.Equal(0.62m, fields.Tax);
        Assert.True(fields.TotalConfident);
        Assert.Equal("CORNER CAFE", fields.Merchant);
    }

    [Fact]
    public void Amount_below_its_label_is_the_total()
    {
        var fields = ReceiptReader.Read("MERCADO BOM PRECO\nVALOR TOTAL R$\n1.234,56\nTROCO 0,00");
        Assert.Equal(1234.56m, fields.Total);
        Assert.Equal("BRL", fields.Currency);
    }

    [Fact]
    public void Receipt_without_a_total_line_guesses_without_confidence()
    {
        var fields = ReceiptReader.Read("KIOSK\nWATER 2.00\nCHIPS 3.50");
        Assert.Equal(3.50m, fields.Total);
        Assert.False(fields.TotalConfident);
    }

    [Fact]
    public void Merchant_skips_receipt_headers_and_addresses()
    {
        var fields = ReceiptReader.Read("TAX INVOICE\nWELCOME TO\nSUNRISE MINI MARKET\n12 Jalan Ampang\nTOTAL RM 5.00");
        Assert.Equal("SUNRISE MINI MARKET", fields.Merchant);
    }

    [Fact]
    public void Word_boxes_rejoin_a_label_with_its_far_right_amount()
    {
        OcrWord W(string t, int left, int top, int line) => new(t, left, top, left + 40, 30, 95, line);
        var words = new[]
        {
            W("GREEN", 10, 10, 0), W("GROCER", 80, 10, 0),
            W("Subtotal", 10, 100, 1), W("TOTAL", 10, 140, 2), W("Change", 10, 180, 3),
            W("8.00", 600, 102, 4), W("8.80", 600, 141, 5), W("1.20", 600, 182, 6),
        };
        var fields = ReceiptReader.Read("", words);
        Assert.Equal(8.80m, fields.Total);
        Assert.Equal("GREEN GROCER", fields.Merchant);
    }

    [Fact]
    public void Quantity_before_a_price_is_not_a_thousands_group()
    {
        var fields = ReceiptReader.Read("NOODLE HOUSE\nRAMEN 2 100.00\nTOTAL 200.00");
        Assert.Equal(200.00m, fields.Total);
        Assert.True(fields.TotalConfident);
    }
}
