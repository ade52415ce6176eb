using Finance.Host.Pipeline;
using Finance.Media;
using Finance.Media.Ocr;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Finance.Host.Tests.Pipeline;

/// <summary>The host's start-up check that the inbox lease outlasts the slowest reading of a message.</summary>
public sealed class LeaseOutlastsReadingTests
{
    private static PipelineOptions Start(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddMedia(configuration).AddPipeline(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<PipelineOptions>>().Value;
    }

    [Fact]
    public void The_default_lease_outlasts_a_receipts_recognitions_at_the_default_timeout()
    {
        var options = Start([]);
        Assert.True(options.Lease > new MediaLimits().RecognitionTimeout * ReceiptScanner.MostRecognitions);
    }

    [Fact]
    public void A_lease_a_receipts_recognitions_could_outlast_is_refused_naming_both_settings()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Start(new()
        {
            ["Finance:Pipeline:Lease"] = "00:02:00",
            ["Finance:Media:RecognitionTimeout"] = "00:00:30",
        }));
        var message = Assert.Single(error.Failures);
        Assert.Contains("Finance:Pipeline:Lease (00:02:00)", message);
        Assert.Contains("Finance:Media:RecognitionTimeout (00:00:30)", message);
        Assert.Contains("00:02:30 in all", message);
    }

    [Fact]
    public void A_lease_a_voice_notes_decoding_and_recognition_could_outlast_is_refused_naming_the_settings()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Start(new()
        {
            ["Finance:Pipeline:Lease"] = "00:00:30",
            ["Finance:Media:RecognitionTimeout"] = "00:00:05",
            ["Finance:Media:DecodeTimeout"] = "00:00:30",
        }));
        var message = Assert.Single(error.Failures);
        Assert.Contains("Finance:Media:DecodeTimeout (00:00:30)", message);
        Assert.Contains("Finance:Media:RecognitionTimeout (00:00:05)", message);
    }

    [Fact]
    public void A_whisper_endpoints_timeout_counts_towards_a_voice_notes_reading()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Finance:Pipeline:Lease"] = "00:01:00",
            ["Finance:Media:RecognitionTimeout"] = "00:00:10",
            ["Finance:Speech:Timeout"] = "00:00:45",
        };
        Assert.Equal(TimeSpan.FromMinutes(1), Start(settings).Lease);

        settings["Finance:Speech:Endpoint"] = "http://127.0.0.1:9";
        var message = Assert.Single(Assert.Throws<OptionsValidationException>(() => Start(settings)).Failures);
        Assert.Contains("Finance:Speech:Timeout (00:00:45)", message);
        Assert.Contains("00:01:05 in all", message);
    }

    [Fact]
    public void An_in_process_whisper_models_timeout_counts_towards_a_voice_notes_reading()
    {
        var model = Path.GetTempFileName(); // only named here: the check does not load it
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Finance:Pipeline:Lease"] = "00:01:00",
                ["Finance:Media:RecognitionTimeout"] = "00:00:10",
                ["Finance:Media:DecodeTimeout"] = "00:00:45",
            };
            Assert.Equal(TimeSpan.FromMinutes(1), Start(settings).Lease);

            settings["Finance:Speech:WhisperModelPath"] = model;
            var message = Assert.Single(Assert.Throws<OptionsValidationException>(() => Start(settings)).Failures);
            Assert.Contains("Finance:Media:RecognitionTimeout (00:00:10) for in-process Whisper", message);
            Assert.Contains("00:01:05 in all", message);
        }
        finally
        {
            File.Delete(model);
        }
    }

    [Fact]
    public void A_lease_longer_than_every_reading_is_accepted()
    {
        var options = Start(new()
        {
            ["Finance:Pipeline:Lease"] = "00:00:06",
            ["Finance:Media:RecognitionTimeout"] = "00:00:01",
            ["Finance:Media:DecodeTimeout"] = "00:00:01",
        });
        Assert.Equal(TimeSpan.FromSeconds(6), options.Lease);
    }
    [Fact]
    public void The_default_hold_outlasts_a_default_batch_of_photos_read_one_after_another()
    {
        var options = Start([]);
        Assert.True(options.MaxHold >= new MediaLimits().RecognitionTimeout * ReceiptScanner.MostRecognitions * options.BatchSize);
    }

    [Fact]
    public void A_hold_a_batchs_readings_one_after_another_could_outlast_is_refused_naming_the_settings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Finance:Pipeline:MaxHold"] = "00:20:00",
            ["Finance:Pipeline:BatchSize"] = "8",
            ["Finance:Media:RecognitionTimeout"] = "00:00:30",
        };
        // 8 photos of 5 recognitions of 30 s: exactly the hold, which is enough.
        Assert.Equal(TimeSpan.FromMinutes(20), Start(settings).MaxHold);

        settings["Finance:Pipeline:BatchSize"] = "9";
        var message = Assert.Single(Assert.Throws<OptionsValidationException>(() => Start(settings)).Failures);
        Assert.Contains("Finance:Pipeline:MaxHold (00:20:00)", message);
        Assert.Contains("Finance:Pipeline:BatchSize (9)", message);
        Assert.Contains("00:22:30 in all", message);
    }
}
