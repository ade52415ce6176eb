using Finance.Core;
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
        // A busy Whisper server is asked once more (after a Retry-After of up to 5 s); one that keeps failing is left
        // alone for a while, and the offline engine answers English notes meanwhile.
        services.AddHttpClient<OpenAiTranscriptionClient>()
            .AddOutboundResilience("whisper", new OutboundPolicy { MaxAttempts = 2, LongestRetryAfter = TimeSpan.FromSeconds(5) });
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
