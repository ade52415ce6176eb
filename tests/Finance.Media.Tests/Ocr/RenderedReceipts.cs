using Finance.Testing;

namespace Finance.Media.Tests.Ocr;

/// <summary>
/// Receipt photos made by the test: several real-world layouts rendered by ImageMagick (Debian's
/// /usr/bin/convert; /usr/local/bin/convert may be a stand-in), then rotated, noised, shrunk or enlarged.
/// </summary>
public sealed class RenderedReceipts : IDisposable
{
    public const string Convert = "/usr/bin/convert";

    public sealed record Layout(string Name, string[] Lines, decimal Total, string Currency, DateOnly Date, string Merchant, decimal? Tax);

    public static readonly Layout[] Layouts =
    [
        new("us-grocery", [
            "TRADER JOE'S",
            "2001 Point West Way",
            "Sacramento, CA 95815",
            "",
            "BANANAS              $1.29",
            "ORGANIC MILK         $4.49",
            "SOURDOUGH BREAD      $3.99",
            "COFFEE BEANS         $8.99",
            "",
            "SUBTOTAL            $18.76",
            "TAX                  $0.45",
            "TOTAL               $19.21",
            "CASH                $20.00",
            "CHANGE               $0.79",
            "",
            "10/03/2016  14:22",
            "THANK YOU FOR SHOPPING",
        ], 19.21m, "USD", new(2016, 10, 3), "TRADER JOE'S", 0.45m),
        new("malaysia-restaurant", [
            "KEDAI MAKAN SRI MELAKA",
            "NO 12, JALAN BUNGA RAYA",
            "75100 MELAKA",
            "GST ID: 000123456789",
            "TAX INVOICE",
            "DATE: 05-AUG-2017   TIME: 12:41",
            "",
            "NASI LEMAK AYAM      2 x 8.50    17.00",
            "TEH TARIK            2 x 2.20     4.40",
            "ROTI CANAI           3 x 1.50     4.50",
            "",
            "SUB TOTAL (RM)                   25.90",
            "GST 6%                            1.55",
            "ROUNDING                         -0.00",
            "TOTAL (RM)                       27.45",
            "CASH                             50.00",
            "CHANGE                           22.55",
        ], 27.45m, "MYR", new(2017, 8, 5), "KEDAI MAKAN SRI MELAKA", 1.55m),
        new("brazil-bakery", [
            "PADARIA PAO DOURADO LTDA",
            "RUA DAS FLORES, 250 - CENTRO",
            "CNPJ: 12.345.678/0001-90",
            "CUPOM FISCAL",
            "15/01/2019 08:31:07",
            "",
            "PAO FRANCES KG        R$ 12,40",
            "CAFE COM LEITE        R$ 7,50",
            "BOLO DE CENOURA       R$ 18,90",
            "SUCO DE LARANJA       R$ 7,10",
            "",
            "TOTAL R$              45,90",
            "DINHEIRO              50,00",
            "TROCO                  4,10",
        ], 45.90m, "BRL", new(2019, 1, 15), "PADARIA PAO DOURADO LTDA", null),
        new("europe-cafe", [
            "CAFE DE LA GARE",
            "12 Place de la Gare",
            "69002 Lyon",
            "",
            "03 MAR 19          10:05",
            "",
            "2 x Espresso         5,60 EUR",
            "1 x Croissant        2,10 EUR",
            "1 x Jus d'orange     4,50 EUR",
            "",
            "TOTAL               12,20 EUR",
            "dont TVA 10%         1,11 EUR",
            "CARTE BANCAIRE      12,20 EUR",
        ], 12.20m, "EUR", new(2019, 3, 3), "CAFE DE LA GARE", 1.11m),
        new("us-diner", [
            "BLUE MOON DINER",
            "88 Ocean Avenue",
            "Tel 555-0134",
            "",
            "OCT 3, 2016   Table 12",
            "",
            "Pancakes              9.50",
            "Bacon & Eggs         11.25",
            "Orange Juice          4.00",
            "Coffee                2.75",
            "",
            "Subtotal             27.50",
            "Sales Tax             2.41",
            "Amount Due          $29.91",
            "Tip                  ______",
        ], 29.91m, "USD", new(2016, 10, 3), "BLUE MOON DINER", 2.41m),
    ];

    /// <summary>What happens to a receipt between the till and the bot (<see cref="RenderAsync"/> also knows the colour
    /// variants "grey-in-colour", "colour" and "cmyk", for the tests of decoding).</summary>
    public static readonly string[] Variants = ["clean", "rotated", "noisy", "small", "large"];

    private readonly string _directory = Directory.CreateTempSubdirectory("finance-receipts-").FullName;

    public async Task<byte[]> RenderAsync(Layout layout, string variant, string format = "png")
    {
        var file = Path.Combine(_directory, $"{layout.Name}-{variant}.{format}");
        if (File.Exists(file)) return await File.ReadAllBytesAsync(file);
        // ImageMagick reads % as a format escape in label text.
        var text = string.Join("\\n", layout.Lines.Select(l => l.Length == 0 ? " " : l.Replace("%", "%%")));
        string[] effects = variant switch
        {
            "rotated" => ["-background", "white", "-rotate", "2.5"],
            "noisy" => ["-attenuate", "0.6", "+noise", "Gaussian", "-blur", "0x0.6"],
            "small" => ["-resize", "55%"],
            "large" => ["-resize", "250%", "-attenuate", "0.3", "+noise", "Gaussian"],
            _ => [],
        };
        // Thermal print is grey and usually saved so; a scanner may save it in colour, a phone photo is colour (cream paper,
        // navy ink), and a few apps save CMYK.
        var (paper, ink, colours) = variant switch
        {
            "grey-in-colour" => ("white", "black", new[] { "-colorspace", "sRGB", "-type", "TrueColor" }),
            "colour" => ("#f3ead2", "#1b2a6b", ["-colorspace", "sRGB"]),
            "cmyk" => ("white", "black", ["-colorspace", "CMYK"]),
            _ => ("white", "black", ["-colorspace", "Gray"]),
        };
        await Tool.RunAsync(Convert, [
            "-seed", "7", "-background", paper, "-fill", ink, "-font", "DejaVu-Sans-Mono", "-pointsize", "26",
            $"label:{text}", "-alpha", "off", "-depth", "8", "-bordercolor", paper, "-border", "40", .. effects, .. colours, file]);
        return await File.ReadAllBytesAsync(file);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
