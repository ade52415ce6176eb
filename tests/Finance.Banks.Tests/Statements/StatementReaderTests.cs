using Finance.Banks.Statements;
using Finance.Core;

namespace Finance.Banks.Tests.Statements;

public sealed class StatementReaderTests
{
    public static byte[] File(string name) =>
        System.IO.File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Statements", "Files", name));

    private static string Shape(BankRow r) =>
        $"{r.Date:yyyy-MM-dd} {(r.Direction == Direction.Expense ? "-" : "+")}{r.Amount:0.00} {r.Currency} {r.Description}";

    [Fact]
    public void An_ofx_1_sgml_statement_reads_signed_amounts_fitids_and_its_currency()
    {
        var statement = StatementReader.Read(File("sgml.ofx"), "EUR");

        Assert.Equal("ofx", statement.Format);
        Assert.Equal(
            ["2026-10-07 -41.10 GBP LIDL GB 1234 POS PURCHASE LONDON 07 OCT", "2026-10-08 -18.40 GBP UBER *TRIP",
             "2026-10-09 +2500.00 GBP ACME LTD SALARY OCT PAY & BONUS"],
            statement.Rows.Select(Shape).ToArray());
        Assert.Equal(["202610070001", "202610080002", "202610090003"], statement.Rows.Select(r => r.ProviderId).ToArray());
        Assert.All(statement.Rows, r => Assert.Equal("40051512345678", r.AccountKey));
    }

    [Fact]
    public void An_ofx_2_xml_credit_card_statement_reads_the_same_way()
    {
        var statement = StatementReader.Read(File("xml.qfx"), "EUR");

        Assert.Equal(["2026-10-03 -15.49 USD NETFLIX.COM LOS GATOS CA", "2026-10-05 +29.99 USD ZARA USA REFUND"],
            statement.Rows.Select(Shape).ToArray());
        Assert.Equal("4111111111111111", statement.Rows[0].AccountKey);
    }

    [Fact]
    public void A_camt_053_statement_reads_debits_credits_pending_and_the_counterparty()
    {
        var statement = StatementReader.Read(File("camt053.xml"), "GBP");

        Assert.Equal("camt.053", statement.Format);
        Assert.Equal(
            ["2026-10-07 -23.45 EUR REWE Markt GmbH Kartenzahlung 07.10 Berlin", "2026-10-08 +1200.00 EUR Beispiel AG Gehalt Oktober",
             "2026-10-09 -9.99 EUR Spotify AB"],
            statement.Rows.Select(Shape).ToArray());
        Assert.Equal([false, false, true], statement.Rows.Select(r => r.Pending).ToArray());
        Assert.Equal("2026100700012345", statement.Rows[0].ProviderId);
        Assert.Equal("DE89370400440532013000", statement.Rows[0].AccountKey);
    }

    [Fact]
    public void A_csv_with_ids_day_first_dates_signed_amounts_and_a_currency_column_reads_without_doubts()
    {
        var statement = StatementReader.Read(File("uk-signed.csv"), "EUR");

        Assert.Empty(statement.Doubts);
        Assert.Equal(
            ["2026-10-07 -41.10 GBP Lidl LIDL GB 1234 LONDON", "2026-10-07 -3.20 GBP Costa Coffee COSTA COFFEE 41",
             "2026-10-07 -3.20 GBP Costa Coffee COSTA COFFEE 41", "2026-10-13 +1250.00 GBP Acme Ltd SALARY OCT"],
            statement.Rows.Select(Shape).ToArray());
        Assert.Equal("tx_0000A2", statement.Rows[1].ProviderId);
    }

    [Fact]
    public void A_latin1_semicolon_csv_with_a_preamble_debit_credit_columns_and_decimal_commas_reads()
    {
        var statement = StatementReader.Read(File("pt-debit-credit.csv"), "EUR");

        Assert.Empty(statement.Doubts);
        Assert.Equal(';', statement.Layout!.Delimiter);
        Assert.Equal(
            ["2026-10-02 -45.90 EUR COMPRA PINGO DOCE LISBOA", "2026-10-05 +20.00 EUR TRF MB WAY JOAO SILVA",
             "2026-10-15 -1200.00 EUR PAGAMENTO RENDA OUTUBRO"],
            statement.Rows.Select(Shape).ToArray());
    }

    [Fact]
    public void A_us_csv_with_month_first_dates_quoted_commas_and_a_trailing_empty_field_reads()
    {
        var statement = StatementReader.Read(File("us-quoted.csv"), "USD");

        Assert.Empty(statement.Doubts);
        Assert.Equal(
            ["2026-10-14 -6.45 USD STARBUCKS STORE 00123, SEATTLE WA", "2026-10-15 -23.10 USD UBER   *TRIP HELP.UBER.COM",
             "2026-10-16 +2400.00 USD PAYROLL ACME INC"],
            statement.Rows.Select(Shape).ToArray());
    }

    [Fact]
    public void A_tab_separated_file_without_a_header_is_read_by_what_its_cells_hold()
    {
        var statement = StatementReader.Read(File("no-header.tsv"), "GBP");

        Assert.False(statement.Layout!.HasHeader);
        Assert.Equal(["2026-10-07 -41.10 GBP POS PURCHASE LIDL GB 1234 LONDON 07 OCT", "2026-10-08 -18.40 GBP CARD 4821 UBER *TRIP",
            "2026-10-09 -9.99 GBP NETFLIX.COM"], statement.Rows.Select(Shape).ToArray());
    }

    [Fact]
    public void Named_months_paid_out_and_paid_in_columns_and_pound_signs_read()
    {
        var statement = StatementReader.Read(File("named-months.csv"), "GBP");

        Assert.Empty(statement.Doubts);
        Assert.Equal(["2026-10-07 -23.45 GBP TESCO STORES 3041", "2026-10-09 +100.00 GBP MR J SMITH"],
            statement.Rows.Select(Shape).ToArray());
    }

    [Fact]
    public void A_layout_that_reads_two_ways_is_guessed_and_reported_as_doubts()
    {
        var statement = StatementReader.Read(File("ambiguous.csv"), "GBP");

        Assert.Equal([LayoutDoubt.DayMonthOrder, LayoutDoubt.Sign], statement.Doubts.ToArray());
        Assert.Equal(new DateOnly(2026, 10, 3), statement.Rows[0].Date); // day first for a pound account
        Assert.Equal(Direction.Expense, statement.Rows[0].Direction);
    }

    [Fact]
    public void Answered_doubts_read_the_other_way_and_leave_none()
    {
        var statement = StatementReader.Read(File("ambiguous.csv"), "GBP", new LayoutChoices(DayFirst: false, PositiveIsIncome: true));

        Assert.Empty(statement.Doubts);
        Assert.Equal(new DateOnly(2026, 3, 10), statement.Rows[0].Date);
        Assert.Equal(Direction.Income, statement.Rows[0].Direction);
    }

    [Fact]
    public void Two_identical_rows_without_ids_get_two_stable_fingerprints()
    {
        var text = "Date,Description,Amount\n2026-10-07,COSTA COFFEE,-3.20\n2026-10-07,COSTA COFFEE,-3.20\n"u8.ToArray();

        var first = StatementReader.Read(text, "GBP").Rows.Select(r => r.ProviderId).ToArray();
        var again = StatementReader.Read(text, "GBP").Rows.Select(r => r.ProviderId).ToArray();

        Assert.Equal(2, first.Distinct().Count());
        Assert.Equal(first, again);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html><body>not a statement</body></html>")]
    [InlineData("just some words\nand more words\n")]
    public void A_file_that_is_no_statement_is_refused_with_a_reason(string content) =>
        Assert.Throws<StatementFormatException>(() => StatementReader.Read(System.Text.Encoding.UTF8.GetBytes(content), "GBP"));
}
