using Finance.Media.Audio;
using Finance.Media.Ocr;
using Finance.Media.Speech;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Finance.Media;

public static class MediaSetup
{
    /// <summary>
    /// Voice notes → <see cref="SpeechTranscriber"/>, receipt photos → <see cref="ReceiptScanner"/>.
    /// Sections "Finance:Media" (limits), "Finance:Speech", "Finance:Ocr".
    /// </summary>
    public static IServiceCollection AddMedia(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MediaLimits>().Bind(configuration.GetSection(MediaLimits.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SpeechOptions>().Bind(configuration.GetSection(SpeechOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OcrOptions>().Bind(configuration.GetSection(OcrOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<AudioDecoder>();
        services.AddSingleton<PocketSphinxSpeechToText>();
        services.AddHttpClient<OpenAiTranscriptionClient>();
        // Engine order is preference order: a configured Whisper endpoint first, the offline engine after it.
        services.AddSingleton<IEnumerable<ISpeechToText>>(sp =>
            sp.GetRequiredService<IOptions<SpeechOptions>>().Value.Endpoint is null
                ? [sp.GetRequiredService<PocketSphinxSpeechToText>()]
                : [sp.GetRequiredService<OpenAiTranscriptionClient>(), sp.GetRequiredService<PocketSphinxSpeechToText>()]);
        services.AddSingleton<SpeechTranscriber>();

        services.AddSingleton<IOcrEngine, TesseractOcrEngine>();
        services.AddSingleton<ReceiptScanner>();
        return services;
    }
}
