using Finance.Core;
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

public sealed class MediaLimitsTests
{
    [Theory]
    [InlineData(MediaKind.Voice, 11L * 1024 * 1024, 10, null, null, MediaRejection.TooLarge)]
    [InlineData(MediaKind.Voice, 50_000L, 181, null, null, MediaRejection.TooLong)]
    [InlineData(MediaKind.Photo, 50_000L, null, 30_000, 30_000, MediaRejection.TooManyPixels)]
    [InlineData(MediaKind.Photo, 0L, null, 100, 100, MediaRejection.Empty)]
    public void Attachment_is_refused_before_download_from_what_the_channel_reports(
        MediaKind kind, long size, int? seconds, int? width, int? height, MediaRejection reason)
    {
        var media = new Finance.Core.MediaAttachment(kind, "file-1", SizeBytes: size, DurationSeconds: seconds, Width: width, Height: height);
        Assert.Equal(reason, Assert.Throws<MediaRejectedException>(() => new MediaLimits().Admit(media)).Reason);
    }

    [Fact]
    public void Attachment_within_limits_or_without_metadata_passes() =>
        new MediaLimits().Admit(new Finance.Core.MediaAttachment(Finance.Core.MediaKind.Voice, "file-2", SizeBytes: 30_000, DurationSeconds: 8));
}
