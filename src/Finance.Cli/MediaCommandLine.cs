using System.Text.Encodings.Web;
using System.Text.Json;
using Finance.Media;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Cli;

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
