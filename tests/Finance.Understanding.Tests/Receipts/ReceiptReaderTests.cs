using Finance.Understanding.Receipts;

namespace Finance.Understanding.Tests.Receipts;

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
    [InlineData("2018年3月15日 12:30", 2018, 3, 15)]
    public void Printed_date_formats_are_read_day_first(string line, int y, int m, int d) =>
        Assert.Equal(new DateOnly(y, m, d), ReceiptReader.Read($"SHOP NAME\n{line}\nTOTAL 10.00").Date);

    [Theory]
    [InlineData("Date: 02/05/2078 14:17", 2018, 5, 2)]
    [InlineData("18 May 2048 1830", 2018, 5, 18)]
    [InlineData("05/01/2076", 2026, 1, 5)]
    [InlineData("06/12/2076", 2016, 12, 6)]
    [InlineData("30/11/2026 09:00", 2026, 11, 30)]
    [InlineData("25/12/2026 09:00", 2026, 12, 25)]
    public void A_date_in_a_year_after_the_receipt_is_read_has_its_decade_misread(string line, int y, int m, int d) =>
        Assert.Equal(new DateOnly(y, m, d), ReceiptReader.Read($"SHOP NAME\n{line}\nTOTAL 10.00", today: new DateOnly(2026, 11, 30)).Date);

    [Theory]
    [InlineData("TOTAL 1２.40")]
    [InlineData("TOTAL RM １２．４０")]
    [InlineData("TOTAL ١٢٫٤٠")]
    public void Full_width_and_arabic_indic_digits_are_read_as_the_total_they_print(string line)
    {
        var fields = ReceiptReader.Read($"SHOP NAME\n２０/０３/２０１８\n{line}");
        Assert.Equal(12.40m, fields.Total);
        Assert.Equal(new DateOnly(2018, 3, 20), fields.Date);
        var words = new OcrWord[] { new("TOTAL", 10, 100, 80, 20, 95, 0), new("１２．４０", 300, 100, 80, 20, 95, 0) };
        Assert.Equal(12.40m, ReceiptReader.Read("TOTAL １２．４０", words).Total);
    }

    [Fact]
    public void A_date_that_lost_its_first_separator_is_read_only_when_nothing_else_is_dated()
    {
        Assert.Equal(new DateOnly(2018, 3, 27), ReceiptReader.Read("SHOP NAME\n2703/2018 No CS-20243\nTOTAL 12.00").Date);
        Assert.Equal(new DateOnly(2018, 3, 20), ReceiptReader.Read("SHOP NAME\nINV 2703/2018\n20/03/2018 10:12\nTOTAL 12.00").Date);
    }

    [Fact]
    public void Two_dates_one_digit_apart_leave_the_date_in_doubt()
    {
        var misread = ReceiptReader.Read("MYDIN MART\nDate : 18/03/2017 03:00:42PM\nTotal After Rounding 5.00\nPrint Date: 13/03/2017 03:00:44PM");
        var printedTwice = ReceiptReader.Read("MYDIN MART\nDate : 13/03/2017 03:00:42PM\nTotal After Rounding 5.00\nPrint Date: 13/03/2017 03:00:44PM");
        var expiry = ReceiptReader.Read("MYDIN MART\nDate : 13/03/2017 03:00:42PM\nTotal After Rounding 5.00\nVoucher valid till 12/04/2017");

        Assert.True(misread.DateInDoubt);
        Assert.Equal((new DateOnly(2017, 3, 13), false), (printedTwice.Date, printedTwice.DateInDoubt));
        Assert.Equal((new DateOnly(2017, 3, 13), false), (expiry.Date, expiry.DateInDoubt));
    }

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
    public void A_stray_symbol_read_from_a_gap_does_not_beat_the_amounts_own_dollar()
    {
        // As Tesseract read a rotated diner receipt: the wide gap before "Table 12" came out as "#£=".
        var fields = ReceiptReader.Read("""
            BLUE MOON DINER
            88 Ocean Avenue
            OCT 3, 2016 #£=Table 12
            Pancakes 9.50
            Subtotal 27.50
            Sales Tax 2.41
            Amount Due $29.91
            """);
        Assert.Equal("USD", fields.Currency);
        Assert.Equal(29.91m, fields.Total);
    }

    [Theory]
    [InlineData("PRICE (€)\nCOFFEE 2,10\nTOTAL 2,10", "EUR")]
    [InlineData("AMOUNT £\nTOTAL 4.20\nCHANGE 0.80", "GBP")]
    public void A_symbol_away_from_amounts_still_names_the_currency_when_nothing_else_does(string text, string code) =>
        Assert.Equal(code, ReceiptReader.Read($"SHOP\n{text}").Currency);

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
    public void A_german_receipts_sum_is_its_total_not_the_cash_given_or_the_change()
    {
        var fields = ReceiptReader.Read("""
            BAECKEREI MUELLER
            Hauptstrasse 12
            Milch 1,5%            0,89 A
            Brot                  1,49 A
            Kaffee                4,99 A
            Zwischensumme         7,37
            SUMME EUR             7,37
            Gegeben              10,00
            Rueckgeld             2,63
            MwSt A 7%  0,48  Netto 6,89
            02.03.2020 10:15
            """);
        Assert.Equal(7.37m, fields.Total);
        Assert.Equal("EUR", fields.Currency);
        Assert.Equal(new DateOnly(2020, 3, 2), fields.Date);
        Assert.True(fields.TotalConfident);
    }

    [Theory]
    [InlineData("Zu zahlen")]
    [InlineData("Gesamtbetrag")]
    [InlineData("Endsumme")]
    public void German_words_for_the_amount_to_pay_mark_the_total(string label)
    {
        var fields = ReceiptReader.Read($"""
            MARKT 24
            Aepfel                2,49
            Kaese                 3,79
            {label}               6,28
            Bar                  50,00
            Rückgeld             43,72
            """);
        Assert.Equal(6.28m, fields.Total);
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

    // Shapes taken from real Malaysian receipts (SROIE), typed in here.

    [Fact]
    public void Rounded_total_after_the_rounding_line_is_the_total()
    {
        var fields = ReceiptReader.Read("""
            INDAH GIFT & HOME DECO
            TOTAL AMT ........ RM 60.31
            ROUNDING ADJ ..... -0.01
            RM 60.30
            CASH ............. RM 70.30
            CHANGE ........... RM 10.00
            """);
        Assert.Equal(60.30m, fields.Total);
        Assert.True(fields.TotalConfident);
        Assert.Equal("MYR", fields.Currency);
    }

    [Fact]
    public void Total_including_gst_is_a_total_and_rounding_to_five_cents_decides()
    {
        var fields = ReceiptReader.Read("""
            MR. D.I.Y. (M) SDN BHD
            TOTAL INCL. GST RM 8.11
            ROUNDING ADJUSTMENT -RM 0.01
            CASH RM 50.00
            """);
        Assert.Equal(8.10m, fields.Total);
        Assert.Contains(8.11m, fields.TotalCandidates);
    }

    [Fact]
    public void Cash_minus_change_settles_between_two_total_lines()
    {
        var fields = ReceiptReader.Read("""
            FUYI MINI MARKET
            TOTAL 12.90
            TOTAL 21.90
            CASH 50.00
            CHANGE 37.10
            """);
        Assert.Equal(12.90m, fields.Total);
        Assert.Equal([12.90m, 21.90m], fields.TotalCandidates);
    }

    [Fact]
    public void Misread_total_word_still_marks_the_total() =>
        Assert.Equal(14.79m, ReceiptReader.Read("GARDENIA BAKERIES (KL) SDN BHD\nSUBTOTAL 13.95\nTOTA1 14.79\nTHANK YOU").Total);

    [Fact]
    public void Dollar_sign_on_a_malaysian_receipt_is_ringgit_and_its_dates_are_day_first()
    {
        var fields = ReceiptReader.Read("UNIHAKKA INTERNATIONAL SDN BHD\n12, Jalan Tampoi 7/4\n03/05/2018\nNett Total: $8.20");
        Assert.Equal("MYR", fields.Currency);
        Assert.Equal(new DateOnly(2018, 5, 3), fields.Date);
        Assert.Equal(8.20m, fields.Total);
    }

    [Fact]
    public void Another_date_on_the_receipt_decides_day_first() =>
        Assert.Equal(new DateOnly(2016, 4, 3), ReceiptReader.Read("DINER\nDate 03/04/2016\nVoid after 25/04/2016\nTOTAL $10.00").Date);

    [Theory]
    [InlineData("INV NO: CS-SA-0075638 Date: 04/04/2017.", 2017, 4, 4)]
    [InlineData("Date : 2O/12/2017 07:10:35 PM", 2017, 12, 20)]
    [InlineData("11-APR-2018 12:01", 2018, 4, 11)]
    [InlineData("Salesporson: Date: 1202/2018 .", 2018, 2, 12)]
    [InlineData("Doc No ~€§00011965 Date 02/122017 |", 2017, 12, 2)]
    [InlineData("REGE| PTE Gs00933050 DATE: 2540482017", 2017, 4, 25)]
    [InlineData("RECEIPT Be CSPOGOSBIA DATE: 04/99/2017", 2017, 9, 4)]
    [InlineData("Ss 23PH 548248 85-05-18", 2018, 5, 5)]
    [InlineData("Ol-Nov-2017 11:20:04AM ROS934", 2017, 11, 1)]
    public void Dates_as_real_receipts_print_them(string line, int y, int m, int d) =>
        Assert.Equal(new DateOnly(y, m, d), ReceiptReader.Read($"SHOP SDN BHD\n{line}\nTOTAL RM 10.00").Date);

    [Fact]
    public void Merchant_drops_registration_numbers_and_skips_handwritten_lowercase_notes()
    {
        var fields = ReceiptReader.Read("tan woon yann\nMR D.I.Y. (M) SON BHD (860671-D)\nLOT 1851-A & 1851-B, JALAN KPB 6\nTOTAL RM 30.90");
        Assert.Equal("MR D.I.Y. M SDN BHD", fields.Merchant);
    }

    [Fact]
    public void Merchant_name_broken_over_two_lines_is_joined() =>
        Assert.Equal("AIK HUAT HARDWARE ENTERPRISE SETIA ALAM SDN BHD",
            ReceiptReader.Read("AIK HUAT HARDWARE ENTERPRISE\n(SETIA ALAM) SDN BHD\n822737-X\nTOTAL 15.00").Merchant);

    [Fact]
    public void The_total_row_of_the_tax_summary_is_not_the_bill_total()
    {
        var fields = ReceiptReader.Read("""
            ASO ELECTRICAL TRADING SDN BHD
            Sub Total : 234.00
            Total GST : 14.04
            Rounding : 0.01
            Total : 248.05
            CASH : 248.05
            Change : 0.00
            GST SUMMARY
            Tax Code % Amount GST
            SR 6 234.00 14.04
            Total: 234.00 14.04
            """);
        Assert.Equal(248.05m, fields.Total);
        Assert.True(fields.TotalConfident);
    }

    [Fact]
    public void The_total_printed_after_the_rounding_line_is_the_one_paid()
    {
        Assert.Equal(23.25m, ReceiptReader.Read("BANH MI CAFE SDN BHD\nTotal (Inclusive of GST): 23.26\nRounding Adj: -0.01\nTOTAL: 23.25").Total);
        Assert.Equal(182.00m, ReceiptReader.Read("99 SPEED MART S/B\nTotal Sales (Inclusive GST) RM 181.98\nRounding RM 182.00\nCREDIT RM 182.00").Total);
    }

    [Fact]
    public void What_was_paid_less_the_change_picks_the_total_among_several_payment_lines() =>
        Assert.Equal(8.60m, ReceiptReader.Read("TEALIVE\nTotal Sales Incl GST @ 6% RMB 60\nCash 8.60\nTendered 9.00\nChange 0.40").Total);

    [Fact]
    public void A_total_in_brackets_is_the_tax_included_not_the_bill() =>
        Assert.Equal(25.15m, ReceiptReader.Read("KING'S CONFECTIONERY S/B\nQty 8 25.15\nPay 25.15\nChange 0.00\n(Total Included GST @ 6% : 1.42)").Total);

    [Fact]
    public void A_total_whose_digits_the_ocr_was_unsure_of_is_asked_about()
    {
        static List<OcrWord> Words(float totalConfidence) =>
        [
            new("CORNER", 10, 10, 80, 20, 95, 0), new("MARKET", 100, 10, 80, 20, 95, 0),
            new("MILK", 10, 50, 50, 20, 95, 1), new("3.49", 300, 50, 50, 20, 95, 1),
            new("TOTAL", 10, 90, 60, 20, 95, 2), new("21.83", 300, 90, 60, 20, totalConfidence, 2),
        ];

        var sure = ReceiptReader.Read("", Words(96));
        var unsure = ReceiptReader.Read("", Words(ReceiptReader.MinTotalConfidence - 20));

        Assert.Equal((21.83m, true), (sure.Total, sure.TotalConfident));
        Assert.Equal((21.83m, false), (unsure.Total, unsure.TotalConfident));
        Assert.Equal([21.83m, 3.49m], unsure.TotalCandidates);
    }

    [Theory]
    [InlineData("99 SPEED MART 5/8 (519537-X)", "99 SPEED MART S/B")]
    [InlineData("GARDENIA BAKERIES (KL) SDN BILD", "GARDENIA BAKERIES KL SDN BHD")]
    [InlineData("First City Parking Sdn Bhd 961394-X Tosse", "First City Parking SDN BHD")]
    [InlineData("SKCA HARDWARE & TIMBER SDN. emo. Hoy", "SKCA HARDWARE & TIMBER SDN BHD")]
    [InlineData("MR. D.1.Y. (M) SDN BHD", "MR. D.I.Y. M SDN BHD")]
    [InlineData("MR. D.1.¥. (M) SIN BHD", "MR. D.I.Y. M SDN BHD")]
    [InlineData("AEON CO. (H) BHD (126926-H) 8", "AEON CO. M BHD")]
    [InlineData("HR. D.I.Y. (M4) SDN BHD -", "HR. D.I.Y. M SDN BHD")]
    [InlineData("#000002 BAIFU (M) Sdn Bhd", "BAIFU M SDN BHD")]
    [InlineData("Dion Realties Sdn Bhd (Co. No:20154-T)", "Dion Realties SDN BHD")]
    [InlineData("KING?S CONFECTIONERY $/B 273500-U (KJ1}", "KING S CONFECTIONERY S/B")]
    public void Company_forms_as_ocr_misreads_them_end_the_name(string line, string name) =>
        Assert.Equal(name, ReceiptReader.Read($"{line}\nTOTAL RM 10.00").Merchant);

    [Fact]
    public void An_address_line_is_not_the_merchant() =>
        Assert.Equal("BILLION SIX ENTERPRISE",
            ReceiptReader.Read("81100 JOHOR BAHRU JOHOR\nTAMAN BERKELEY\nBILLION SIX ENTERPRISE\nTOTAL RM 63.80").Merchant);

    [Fact]
    public void Words_of_one_line_are_not_joined_with_the_lines_above_and_below()
    {
        // A smudge read as one tall word on line 1 overlaps the lines around it; the OCR's lines still decide the rows.
        List<OcrWord> words =
        [
            new("SHOP", 10, 10, 60, 20, 95, 0),
            new("Rounding", 10, 50, 90, 20, 95, 1), new("Adj", 110, 50, 40, 20, 95, 1), new("0.01", 300, 50, 40, 20, 95, 1),
            new("~", 200, 30, 20, 60, 20, 1),
            new("Amount", 10, 75, 70, 20, 95, 2), new("to", 90, 75, 20, 20, 95, 2), new("be", 120, 75, 20, 20, 95, 2),
            new("paid", 150, 75, 40, 20, 95, 2), new("25.45", 300, 75, 50, 20, 95, 2),
        ];
        var fields = ReceiptReader.Read("", words);
        Assert.Equal((25.45m, true), (fields.Total, fields.TotalConfident));
    }

    [Theory]
    [InlineData("Ed\nLIAN CHI PU TIAN VEGETARIAN\nRESTAURANT SDN BHD\n(1095514-X)", "LIAN CHI PU TIAN VEGETARIAN RESTAURANT SDN BHD")]
    [InlineData("Mohn G\nTHE COFFEE BEAN\n& TEA LEAF (M) SDN. BHD.\nCompany No. :441970-H", "THE COFFEE BEAN & TEA LEAF M SDN BHD")]
    [InlineData("Cash Sale\nSINNATHAMBY HOLDINGS\nSDN. BHD.\n249336-T", "SINNATHAMBY HOLDINGS SDN BHD")]
    [InlineData("| / AIK HUAT HARDWARE\n/. ENTERPRISE (SETIA |\nALAM) SON BHO\n822737-X", "AIK HUAT HARDWARE ENTERPRISE SETIA ALAM SDN BHD")]
    [InlineData("LEMON TREE RESTAURANT\nJTJ FOODS SDN BHD\n(1179227-A)", "LEMON TREE RESTAURANT JTJ FOODS SDN BHD")]
    public void A_name_printed_over_several_lines_is_read_whole(string top, string name) =>
        Assert.Equal(name, ReceiptReader.Read($"{top}\nNO. 17, JALAN SETIA\nTOTAL RM 10.00").Merchant);

    [Fact]
    public void A_brand_above_the_company_in_another_case_is_not_part_of_its_name() =>
        Assert.Equal("Maxincome Resources SDN BHD",
            ReceiptReader.Read("FAMILYMART\nMaxincome Resources Sdn Bhd\n(1058712-V)\nTOTAL RM 10.00").Merchant);

    [Fact]
    public void The_dated_row_with_the_sale_time_wins_over_codes_that_look_like_dates()
    {
        var fields = ReceiptReader.Read("""
            MR. D.I.Y. (M) SDN BHD
            UF31/3-41/ - 12/144
            TOTAL RM 17.50
            25-01-16 11:59 SHO1 2308 13 RO00276342
            """);
        Assert.Equal(new DateOnly(2016, 1, 25), fields.Date);
        Assert.Equal(new DateOnly(2018, 3, 18),
            ReceiptReader.Read("ECONSAVE SDN BHD\n: TAXINV:002-1550040 18/08/16 .\nTOTAL RM 9.00\n18/03/18 09:03 4002-15500408").Date);
    }

    [Fact]
    public void A_code_with_an_impossible_day_is_no_evidence_for_month_first_dates() =>
        Assert.Equal(new DateOnly(2018, 2, 12),
            ReceiptReader.Read("PERNIAGAAN ZHENG HUI\nDate: 12/02/2018\nSR: CENTRAL PUNCH SET SPCS- 9/41/22\nTotal (RM) : 112.45").Date);

    [Fact]
    public void Letters_the_ocr_put_for_digits_inside_amounts_are_read_as_digits()
    {
        var fields = ReceiptReader.Read("UNIHAKKA INTERNATIONAL SDN BHD\nTa Amount FA 0\nCASH RM8.20\nChange RMO.00");
        Assert.Equal(8.20m, fields.Total);
        Assert.Equal(1.50m, ReceiptReader.Read("SHOP\nNASI 0.50\nTOTAL RM1.5O").Total);
    }

    [Fact]
    public void A_rounding_line_the_ocr_could_not_read_still_rounds_the_total_to_five_cents()
    {
        var fields = ReceiptReader.Read("UNIHAKKA INTERNATIONAL SDN BHD\nTotal Amount: RM8.19\nRounding: MOOI -\nPayment Mode Amount");
        Assert.Equal(8.20m, fields.Total);
        Assert.Contains(8.19m, fields.TotalCandidates);
    }

    [Fact]
    public void An_amount_under_a_label_counts_only_when_it_stands_alone()
    {
        var fields = ReceiptReader.Read("""
            SECRET RECIPE
            | Grand Total Moo . OO
            (Bill Inclusive of 6% GST : RM2.21)
            Cash RM50.00
            Change RM11.00
            """);
        Assert.Equal(39.00m, fields.Total);
    }

    [Fact]
    public void Accepted_total_of_a_parking_machine_is_what_was_paid() =>
        Assert.Equal(1.50m, ReceiptReader.Read("PARKING\nPay parking ticket 1.50 RM\nTotal amount 1.50 RM\nAccepted total 2.00 RM\nChange 0.50 RM").Total);

    [Fact]
    public void A_note_of_the_tax_a_total_includes_is_not_the_total()
    {
        var fields = ReceiptReader.Read("TEALIVE\nTake Out Total (incl GST) 70.30\nCash tendered 70.30\nChange 0.00\nTOTAL INCLUDES 6% GST 3.98");
        Assert.Equal((70.30m, true), (fields.Total, fields.TotalConfident));
    }

    [Fact]
    public void A_tax_named_in_brackets_qualifies_the_total()
    {
        var fields = ReceiptReader.Read("RESTORAN\nSub Total: 31.00\nTotal Due (GST Ino): 31.00\nPaid: 51.00\nChange: 20.00");
        Assert.Equal((31.00m, true), (fields.Total, fields.TotalConfident));
    }

    [Fact]
    public void A_whole_amount_on_a_rounding_line_far_from_any_total_is_a_misread_adjustment() =>
        Assert.Equal(6.00m, ReceiptReader.Read("AIK HUAT HARDWARE\nSUB-TOTAL (GST) 4.00\nROUNDING 2.00\nTOTAL cafe GO\nCASH 20.00\nCHANGE 14.00").Total);

    [Theory]
    [InlineData("Grana totalRM21 85", 21.85)]
    [InlineData("grand totatRM1 4.20", 14.20)]
    public void A_point_read_as_a_space_or_a_space_inside_the_digits_is_mended(string line, decimal total) =>
        Assert.Equal(total, ReceiptReader.Read($"PAPA JOHN'S\nItem 3.00\n{line}\nTotal Paid RM50.00").Total);

    [Theory]
    [InlineData("Rounded Total (RM): C T09.70)", 109.70)]
    [InlineData("Rounded Total (RM): t09.70", 109.70)]
    [InlineData("Rounded Total (RM): 109.70", 109.70)]
    public void A_leading_1_read_as_t_is_a_1(string line, decimal total) =>
        Assert.Equal(total, ReceiptReader.Read($"SINNATHAMBY HOLDINGS SDN. BHD.\nTotal Inclusive GST 6% : 109.70\nRounding Adjustment : 0.00\n{line}").Total);

    [Fact]
    public void Two_payment_lines_that_agree_outweigh_a_misread_total()
    {
        var fields = ReceiptReader.Read("""
            MR. DAKGALBI SOLARIS
            1 Item (Inclusive of GST) 71.00
            Round Amt 0.00
            TOTAL 11,00
            Cash 71.00
            Cash Received 101.00
            Change 30.00
            """);
        Assert.Equal(71.00m, fields.Total);
    }

    [Fact]
    public void A_total_printed_without_its_point_is_offered_not_booked()
    {
        var fields = ReceiptReader.Read("SANYU STATIONERY SHOP\nNASI LEMAK 4.50\nTEH 5.50\nGRAND TOTAL 1000");
        Assert.Equal((10.00m, false), (fields.Total, fields.TotalConfident));
        Assert.Null(ReceiptReader.Read("IKEA\nTOTAL 1000").Total);
    }

    [Fact]
    public void With_no_total_readable_what_was_paid_is_offered()
    {
        var fields = ReceiptReader.Read("SECRET RECIPE\nDoubleCoco Slice 1 RM12.60\nGrand Tota] ru | ' 30\nCash RM51.30");
        Assert.Equal((51.30m, false), (fields.Total, fields.TotalConfident));
    }

    [Fact]
    public void Total_words_as_ocr_misreads_them_still_mark_the_total()
    {
        Assert.Equal(217.00m, ReceiptReader.Read("BEMED (SP) SDN. BHD.\nSubT afal: 227.05\nTote! inclusive GST: 217.00").Total);
        Assert.Equal(88.95m, ReceiptReader.Read("AEON CO. (M) BHD\nSub-total 88.97\nRounding Adj -0.02\nlotal Atter Adj [nc} GST 88.95\nCASH 100.00").Total);
        Assert.Equal(6.70m, ReceiptReader.Read("DOMINO'S PIZZA\nSub-Total 15.60\nCoupon Discount 8.90\nGrand Tota\" : 6.70\nPayment 50.00").Total);
    }

    [Fact]
    public void An_unsure_total_gives_way_to_cash_less_change_one_digit_from_it()
    {
        List<OcrWord> words =
        [
            new("FAMILYMART", 10, 10, 120, 20, 95, 0),
            new("TOTAL", 10, 50, 60, 20, 95, 1), new("18.00", 300, 50, 60, 20, 56, 1),
            new("CASH", 10, 90, 50, 20, 95, 2), new("50.00", 300, 90, 60, 20, 95, 2),
            new("CHANGE", 10, 130, 70, 20, 95, 3), new("31.20", 300, 130, 60, 20, 95, 3),
        ];

        var fields = ReceiptReader.Read("", words);

        Assert.Equal((18.80m, false, true), (fields.Total, fields.TotalConfident, fields.TotalConfirmed));
        Assert.Equal([18.80m, 18.00m], fields.TotalCandidates);
    }

    [Fact]
    public void A_subtotal_and_its_tax_at_the_printed_rate_mend_a_total_read_one_digit_off()
    {
        var fields = ReceiptReader.Read("B & BEST RESTAURANT\n3 SUB TOTAL 21.00\nGST 6% 1.26\nROUNDING ADJ -0.01\nNET TOTAL 22.20\nCash 50.00");

        // 21.00 + 6 % of it, rounded to 5 sen: asked about, with the total as read still a button.
        Assert.Equal((22.25m, false, true), (fields.Total, fields.TotalConfident, fields.TotalConfirmed));
        Assert.Contains(22.20m, fields.TotalCandidates);
    }

    [Theory]
    [InlineData("GST 6% 1.50")]
    [InlineData("GST 1.26")]
    public void A_tax_that_is_not_the_printed_rate_of_the_subtotal_mends_nothing(string taxLine) =>
        Assert.Equal(22.20m, ReceiptReader.Read($"B & BEST RESTAURANT\n3 SUB TOTAL 21.00\n{taxLine}\nROUNDING ADJ -0.01\nNET TOTAL 22.20\nCash 50.00").Total);

    [Fact]
    public void A_misread_subtotal_is_still_a_subtotal() =>
        Assert.Equal(8.35m, ReceiptReader.Read("YAM FRESH\nSun- Tota! RM7 90\n6% GST RMO.47\nGrand Total te] 135\nCash RM10.50\nChange RM2.15").Total);

    [Fact]
    public void A_bare_amount_label_is_offered_not_booked() =>
        Assert.False(ReceiptReader.Read("ANZEL ADVERTISING\nPlastic Lamination 2.00\nPsid Amount: 100.00").TotalConfident);

    // Fourth round: shapes from the tuning part as the second-opinion OCR reads them, typed in.

    [Fact]
    public void A_total_misread_in_one_copy_loses_to_the_total_printed_again()
    {
        var fields = ReceiptReader.Read("""
            IKANO HANDEL SDN BHD
            2 pc @ 269.00 538.00
            Total RM Including GST 6% 538.00
            Rounding Adj. 0.00
            Total Rounded 598.00
            GST SR 6% 538.00 30.45
            """);
        Assert.Equal((538.00m, false), (fields.Total, fields.TotalConfident));
        Assert.Contains(598.00m, fields.TotalCandidates);
    }

    [Fact]
    public void A_card_payment_printed_like_the_total_outweighs_a_total_misread_once() =>
        Assert.Equal(41.95m, ReceiptReader.Read("BHPETROL\nTOTAL SALES RM 41.99\nTOTAL AMOUNT PAYABLE\nEDC MASTER RM 41.95").Total);

    [Fact]
    public void A_rounded_total_one_digit_off_a_multiple_of_five_cents_is_the_misread_one() =>
        Assert.Equal(109.70m, ReceiptReader.Read("SINNATHAMBY HOLDINGS\nTotal Inclusive GST 6% : 109.70\nRounding Adjustment: 0.00\nRounded Total (RM): (109.76)").Total);

    [Fact]
    public void Rounding_a_few_cents_is_no_misreading()
    {
        var fields = ReceiptReader.Read("""
            MR. D.I.Y. (M) SDN BHD
            TOTAL INCL. GST RM 8.11
            ROUNDING ADJUSTMENT -RM 0.01
            TOTAL ROUNDED RM 8.10
            GST SR@6% 8.11 0.00
            """);
        Assert.Equal(8.10m, fields.Total);
    }

    [Fact]
    public void Tax_printed_glued_to_total_is_the_tax_and_a_total_excluding_tax_is_the_subtotal()
    {
        var fields = ReceiptReader.Read("""
            KEDAI PAPAN YEW CHUAN
            Total Sales (Excluding GST) : 180.00
            TotalGST : 10.80
            Rounding : 0.00
            Totd/Sales (Inclusive of GST) : 190.80
            CASH : 190.80
            Change : 0.00
            """);
        Assert.Equal(190.80m, fields.Total);
        Assert.Equal(10.80m, fields.Tax);
    }

    [Fact]
    public void Subtotal_and_tax_that_make_what_was_paid_outweigh_a_misread_total() =>
        Assert.Equal(12.00m, ReceiptReader.Read("THE COFFEE BEAN\nSTTL 11.32\n6% GST 0.68\n1 TOTAL 12.60\nCASH 12.00\nCHANGE 0.00").Total);

    [Fact]
    public void Cash_less_a_change_without_its_units_confirms_the_total() =>
        Assert.Equal(23.60m, ReceiptReader.Read("99 SPEED MART S/B\nJotal Sales (Inclusive GST) RM 23.60\nCASH RM 24.00\nCHANGE RM.40").Total);

    [Fact]
    public void With_no_total_readable_the_subtotal_comes_before_the_largest_amount()
    {
        Assert.Equal(25.00m, ReceiptReader.Read("GHEE HIANG\n2 TAU SAR PNEAH @12.50 25.00\n2 SubTotal 25.00\nNet Total 25. dO\nc 50.00\nSR Inclusive of GST @6% 23.58 1.42").Total);
        Assert.Equal(73.00m, ReceiptReader.Read("LIGHTROOM GALLERY\n2 * RM 33.02 = RM 66.04\nSub Total : RM 68.87\nGST/TAX 6% : RM 4.13\nCHANGE: RM 0.00").Total);
    }

    [Fact]
    public void Cash_rounded_to_five_cents_beside_an_unrounded_total_is_the_total_paid()
    {
        var fields = ReceiptReader.Read("UNIHAKKA INTERNATIONAL SDN BHD\nTotal Amount: RM8.19\nRounding: MOOI :\nCASH RM8.20\nChange RM0.00");
        Assert.Equal(8.20m, fields.Total);
        Assert.Contains(8.19m, fields.TotalCandidates);
    }

    [Fact]
    public void A_total_word_split_by_the_ocr_and_a_paid_line_mark_the_total() =>
        Assert.Equal(7.00m, ReceiptReader.Read("FIRST CITY PARKING SDN BHD\nAmount RM6.60\n(Included) 6.00 % RM0.40\nTota i RM7.00\nPaid RM7.00").Total);

    [Theory]
    [InlineData("46/06/2018 06:18:40 pm", 2018, 6, 16)]
    [InlineData("REG C01 24/16/2017 16:07", 2017, 10, 24)]
    [InlineData("12/03/2518 13:07 1698", 2018, 3, 12)]
    [InlineData("Date/Time ( : 20180428/191204", 2018, 4, 28)]
    [InlineData("Inv No sKSB80051978 Datert1/03/18 21:30", 2018, 3, 11)]
    [InlineData("CB# : 83079570470 t5/Apr/2017 04:56:46", 2017, 4, 15)]
    [InlineData("41 Apr2018 18:13", 2018, 4, 11)]
    [InlineData("VEOSIA Date: 28/08/7017", 2017, 8, 28)]
    [InlineData("Date - 27/0618 5202:32 PM", 2018, 6, 27)]
    // A time run into the year: PP-OCR reads a date and its time as one word.
    [InlineData("Date 29/12/201711:41", 2017, 12, 29)]
    [InlineData("REG 16-04-201814:51", 2018, 4, 16)]
    [InlineData("Cashier :04-06-201815:53:52", 2018, 6, 4)]
    [InlineData("Time 2018-10-1920:49", 2018, 10, 19)]
    public void Dates_with_digits_the_ocr_misread_are_mended(string line, int y, int m, int d) =>
        Assert.Equal(new DateOnly(y, m, d), ReceiptReader.Read($"SHOP SDN BHD\n{line}\nTOTAL RM 10.00").Date);

    [Fact]
    public void A_tax_summary_row_shaped_like_a_month_first_date_leaves_the_date_day_first() =>
        // SROIE 574 as PP-OCR reads it: "0. 23.60" is no 23rd of month 0.
        Assert.Equal(new DateOnly(2018, 5, 2),
            ReceiptReader.Read("99 SPEED MART S/B\n05:03PN 570668 02-05-18\nTotal Sales RM23.60\nGST Summary Amount (RM) Tax(RM)\nZ=0. 23.60 .00").Date);

    [Fact]
    public void A_day_in_the_sixties_is_left_alone_for_a_date_printed_elsewhere() =>
        Assert.Equal(new DateOnly(2017, 9, 3), ReceiptReader.Read("MAKASSAR FRESH MARKET SDN BHD\nVi05 14 Date: 63/03/2017\n0309/2017 1:27\nTotal RM 29.59").Date);

    [Fact]
    public void A_month_from_13_to_19_on_a_ringgit_receipt_is_a_10_misread()
    {
        Assert.Equal(new DateOnly(2017, 10, 1), ReceiptReader.Read("GARDENIA BAKERIES (KL) SDN BHD\nV E0514 Date: 01/16/2017\nTOTAL RM 10.00").Date);
        // Month first when the receipt is in dollars, or prints the same day unambiguously too.
        Assert.Equal(new DateOnly(2017, 1, 16), ReceiptReader.Read("DINER\nDate: 01/16/2017\nTOTAL $10.00").Date);
        Assert.Equal(new DateOnly(2017, 1, 16), ReceiptReader.Read("RESTORAN BISTRO\nDATE : 01/16/2017 10:17:32 PM\n2017-01-16 22:17PM\nTOTAL RM 15.00").Date);
        // A month of 20 or more is no 1x misread: the date is read month first as printed.
        Assert.Equal(new DateOnly(2017, 12, 28), ReceiptReader.Read("RESTORAN BISTRO\nDATE : 12/28/2017 10:17:32 PM\nTOTAL RM 15.00").Date);
    }

    [Theory]
    [InlineData("CB# : 450758646320 25/Fe0/2017 0743.54", 2017, 2, 25)]
    [InlineData("CB : 45078846325 25/Fen/2017 07:42:54", 2017, 2, 25)]
    [InlineData("Date: 03-0ct-2017", 2017, 10, 3)]
    public void A_months_name_with_one_letter_misread_is_read(string line, int y, int m, int d) =>
        Assert.Equal(new DateOnly(y, m, d), ReceiptReader.Read($"SHOP SDN BHD\n{line}\nTOTAL RM 10.00").Date);

    [Theory]
    [InlineData("Date: 12/Mav/2017")]
    [InlineData("CB : 45078846325 25/Fen/20t7 07:42:54")]
    [InlineData("Item 12-A3B-2018")]
    public void A_name_that_could_be_two_months_or_a_year_misread_is_no_date(string line) =>
        Assert.Null(ReceiptReader.Read($"SHOP SDN BHD\n{line}\nTOTAL RM 10.00").Date);

    [Fact]
    public void A_date_mended_from_a_month_no_calendar_has_is_in_doubt()
    {
        var mended = ReceiptReader.Read("SANYU SUPPLY SDN BHD\nINV NO: CS-SA-0079030. Date: 19/64/2017\nTOTAL RM 8.70");
        var printed = ReceiptReader.Read("SANYU SUPPLY SDN BHD\nINV NO: CS-SA-0079030. Date: 19/04/2017\nTOTAL RM 8.70");

        Assert.Equal((new DateOnly(2017, 4, 19), true), (mended.Date, mended.DateInDoubt));
        Assert.Equal((new DateOnly(2017, 4, 19), false), (printed.Date, printed.DateInDoubt));
    }

    [Theory]
    [InlineData("BHD\nLIGHTROOM GALLERY SDM\nNo: 28, JALAN RAJA", "LIGHTROOM GALLERY SDN BHD")]
    [InlineData("RESTAURANT JIAWEI\nJIAWEI HOUSE\n002693074-K\n13, JLN TASIK UTAMA 8", "RESTAURANT JIAWEI JIAWEI HOUSE")]
    public void Merchant_names_as_the_ocr_splits_them(string top, string name) =>
        Assert.Equal(name, ReceiptReader.Read($"{top}\nTOTAL RM 10.00").Merchant);
}
