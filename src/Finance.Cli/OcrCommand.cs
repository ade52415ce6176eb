using System.Globalization;
using Finance.Media;
using Finance.Media.Ocr;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Cli;

/// <summary>`finance ocr FILE…`: one JSON object per receipt image (text, confidence, total, currency, date, merchant, tax).</summary>
internal static class OcrCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: finance ocr FILE…");
            return 2;
        }
        await using var services = MediaCommandLine.Services();
        var scanner = services.GetRequiredService<ReceiptScanner>();
        var failed = 0;
        foreach (var file in args)
        {
            try
            {
                var scan = await scanner.ScanReceiptAsync(await File.ReadAllBytesAsync(file, cancellationToken), cancellationToken);
                var f = scan.Fields;
                MediaCommandLine.WriteLine(new
                {
                    file,
                    text = scan.Text,
                    confidence = Math.Round(scan.Confidence, 1),
                    total = f.Total?.ToString(CultureInfo.InvariantCulture),
                    currency = f.Currency,
                    date = f.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    merchant = f.Merchant,
                    tax = f.Tax?.ToString(CultureInfo.InvariantCulture),
                    totalConfident = f.TotalConfident,
                });
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                MediaCommandLine.WriteLine(MediaCommandLine.Failure(file, e));
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
