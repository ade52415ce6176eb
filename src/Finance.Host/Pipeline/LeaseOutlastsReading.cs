using Finance.Media;
using Finance.Media.Ocr;
using Microsoft.Extensions.Options;

namespace Finance.Host.Pipeline;

/// <summary>
/// The inbox lease must outlast the slowest reading a message may get, or another worker claims a photo still being read
/// and reads (and answers) it a second time. Each recognition has its own deadline, so a receipt read
/// <see cref="ReceiptScanner.MostRecognitions"/> times may take that many times the recognition timeout, and a voice note
/// its decoding timeout besides. Checked at start, with both settings named.
/// </summary>
public sealed class LeaseOutlastsReading(IOptions<MediaLimits> media) : IValidateOptions<PipelineOptions>
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
        var voice = limits.DecodeTimeout + limits.RecognitionTimeout;
        if (options.Lease <= voice)
            return ValidateOptionsResult.Fail(
                $"Finance:Pipeline:Lease ({options.Lease}) must be longer than a voice note may take to read: " +
                $"Finance:Media:DecodeTimeout ({limits.DecodeTimeout}) and Finance:Media:RecognitionTimeout " +
                $"({limits.RecognitionTimeout}), {voice} in all. Lengthen the lease or shorten the timeouts.");
        return ValidateOptionsResult.Success;
    }
}
