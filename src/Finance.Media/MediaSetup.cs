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
        // Before any engine is made: Whisper's native libraries load libgomp too, and it reads its thread limit only then.
        TesseractOcrEngine.OneOpenMpThread();
        services.AddOptions<MediaLimits>().Bind(configuration.GetSection(MediaLimits.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SpeechOptions>().Bind(configuration.GetSection(SpeechOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OcrOptions>().Bind(configuration.GetSection(OcrOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<AudioDecoder>();
        services.AddSingleton<PocketSphinxSpeechToText>();
        services.AddSingleton<WhisperNetSpeechToText>();
        // A busy Whisper server is asked once more (after a Retry-After of up to 5 s); one that keeps failing is left
        // alone for a while, and the next engine answers meanwhile.
        services.AddHttpClient<OpenAiTranscriptionClient>()
            .AddOutboundResilience("whisper", new OutboundPolicy { MaxAttempts = 2, LongestRetryAfter = TimeSpan.FromSeconds(5) });
        // Engine order is preference order: Whisper in-process when a model file is present, then a configured
        // Whisper endpoint, then the offline English engine.
        services.AddSingleton<IEnumerable<ISpeechToText>>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<SpeechOptions>>().Value;
            var engines = new List<ISpeechToText>();
            if (o.FindWhisperModel() is not null) engines.Add(sp.GetRequiredService<WhisperNetSpeechToText>());
            if (o.Endpoint is not null) engines.Add(sp.GetRequiredService<OpenAiTranscriptionClient>());
            engines.Add(sp.GetRequiredService<PocketSphinxSpeechToText>());
            return engines;
        });
        services.AddSingleton<SpeechTranscriber>();

        services.AddSingleton<IOcrEngine, TesseractOcrEngine>();
        services.AddSingleton<ReceiptScanner>();
        return services;
    }
}
