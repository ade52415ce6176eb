using System.Globalization;
using Finance.Media;
using Finance.Media.Ocr;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Cli;

/// <summary>`finance ocr FILE…`: one JSON object per receipt image (text, confidence, total, currency, date, merchant, tax);
/// `finance ocr --eval DIR`: accuracy and speed on labelled receipts (<see cref="OcrEvaluation"/>).</summary>
internal static class OcrCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: finance ocr FILE… | finance ocr --eval DIR [--ocr-cache DIR] [--all-passes] [--verbose]");
            return 2;
        }
        await using var services = MediaCommandLine.Services();
        var scanner = services.GetRequiredService<ReceiptScanner>();
        if (args[0] == "--eval")
        {
            var folder = args.Length > 1 && !args[1].StartsWith('-') ? args[1] : null;
            if (folder is null)
            {
                Console.Error.WriteLine("usage: finance ocr --eval DIR [--ocr-cache DIR] [--all-passes] [--verbose]");
                return 2;
            }
            var cache = args.SkipWhile(a => a != "--ocr-cache").Skip(1).FirstOrDefault();
            return await OcrEvaluation.RunAsync(services.GetRequiredService<IOcrEngine>(), folder, cache, args.Contains("--all-passes"), args.Contains("--verbose"), cancellationToken);
        }
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
                    damaged = scan.Damaged,
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
