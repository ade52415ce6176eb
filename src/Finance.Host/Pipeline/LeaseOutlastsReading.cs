using Finance.Media;
using Finance.Media.Ocr;
using Finance.Media.Speech;
using Microsoft.Extensions.Options;

namespace Finance.Host.Pipeline;

/// <summary>
/// The inbox lease must outlast the slowest reading a message may get, or another worker claims a photo still being read
/// and reads (and answers) it a second time. Each recognition has its own deadline, so a receipt read
/// <see cref="ReceiptScanner.MostRecognitions"/> times may take that many times the recognition timeout; a voice note
/// is decoded first, and a Whisper endpoint that gives up hands it to the offline engine. Checked at start, with the
/// settings named.
/// </summary>
public sealed class LeaseOutlastsReading(IOptions<MediaLimits> media, IOptions<SpeechOptions> speech) : IValidateOptions<PipelineOptions>
{
    public ValidateOptionsResult Validate(string? name, PipelineOptions options)
    {
        var limits = media.Value;
        var photo = limits.RecognitionTimeout * ReceiptScanner.MostRecognitions;
        if (options.Lease <= photo)
            return ValidateOptionsResult.Fail(
                $"Finance:Pipeline:Lease ({options.Lease}) must be longer than a receipt photo may take to read: up to " +
                $"{ReceiptScanner.MostRecognitions} recognitions of Finance:Media:RecognitionTimeout ({limits.RecognitionTimeout}) " +
                $"each, {photo} in all. Lengthen the lease or shorten the recognition timeout.");
        var endpoint = speech.Value.Endpoint is null ? TimeSpan.Zero : speech.Value.Timeout;
        var voice = limits.DecodeTimeout + endpoint + limits.RecognitionTimeout;
        if (options.Lease <= voice)
            return ValidateOptionsResult.Fail(
                $"Finance:Pipeline:Lease ({options.Lease}) must be longer than a voice note may take to read: " +
                $"Finance:Media:DecodeTimeout ({limits.DecodeTimeout}), " +
                (endpoint > TimeSpan.Zero ? $"Finance:Speech:Timeout ({endpoint}) for the endpoint, " : "") +
                $"Finance:Media:RecognitionTimeout ({limits.RecognitionTimeout}), {voice} in all. Lengthen the lease or shorten the timeouts.");
        return ValidateOptionsResult.Success;
    }
}
