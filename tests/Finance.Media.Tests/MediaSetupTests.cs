using Finance.Media.Ocr;
using Finance.Media.Speech;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Finance.Media.Tests;

public sealed class MediaSetupTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddLogging()
            .AddMedia(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    [Fact]
    public void Without_an_endpoint_only_english_voice_notes_are_accepted()
    {
        using var services = Build([]);
        var transcriber = services.GetRequiredService<SpeechTranscriber>();
        Assert.True(transcriber.SupportsLanguage("en"));
        Assert.False(transcriber.SupportsLanguage("pt"));
        Assert.NotNull(services.GetRequiredService<ReceiptScanner>());
    }

    [Fact]
    public void Configured_endpoint_accepts_portuguese_voice_notes()
    {
        using var services = Build(new() { ["Finance:Speech:Endpoint"] = "http://127.0.0.1:9", ["Finance:Speech:ApiKey"] = "k" });
        Assert.True(services.GetRequiredService<SpeechTranscriber>().SupportsLanguage("pt-BR"));
    }

    [Fact]
    public void Invalid_limits_are_refused_at_start()
    {
        using var services = Build(new() { ["Finance:Media:MaxImagePixels"] = "0" });
        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<MediaLimits>>().Value);
    }
}
