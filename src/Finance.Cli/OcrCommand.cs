using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Finance.Media;
using Finance.Media.Ocr;
using Microsoft.Extensions.Configuration;
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

/// <summary>What `finance ocr` and `finance transcribe` share: the media services from environment
/// configuration (Finance__Speech__Endpoint …) and one-line JSON output.</summary>
internal static class MediaCommandLine
{
    public static ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        return new ServiceCollection().AddLogging().AddMedia(configuration).BuildServiceProvider(validateScopes: true);
    }

    public static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static void WriteLine(object value) => Console.WriteLine(JsonSerializer.Serialize(value, Json));

    public static object Failure(string file, Exception e) => e switch
    {
        MediaRejectedException rejected => new { file, error = rejected.Message, reason = rejected.Reason.ToString() },
        FileNotFoundException or DirectoryNotFoundException => new { file, error = "file not found", reason = "NotFound" },
        _ => new { file, error = e.Message, reason = e.GetType().Name },
    };
}
