using Finance.Media;
using Finance.Media.Ocr;
using Finance.Media.Speech;
using Microsoft.Extensions.Options;

namespace Finance.Host.Pipeline;

/// <summary>
/// The inbox lease must outlast the slowest reading a message may get, or another worker claims a photo still being read
/// and reads (and answers) it a second time. Each recognition has its own deadline, so a receipt read
/// <see cref="ReceiptScanner.MostRecognitions"/> times may take that many times the recognition timeout; a voice note
/// is decoded first, and in-process Whisper or a Whisper endpoint that gives up hands it to the next engine, the offline
/// one last. Checked at start, with the settings named. The worker also renews a batch's lease while it works on it
/// (<see cref="InboxWorker"/>), which covers lanes that wait for a free engine, something no start-up check can bound;
/// this check stays as the floor for a message read while renewals fail (PostgreSQL briefly away).
/// Renewals stop once a batch was held <see cref="PipelineOptions.MaxHold"/>, so that must outlast a batch's readings one
/// after another (one chat's photos are read in order): the batch's work is given up past it.
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
        var o = speech.Value;
        // In-process Whisper, when a model is there (or named: a missing one stops the start elsewhere), is tried first
        // and has its own RecognitionTimeout; the note it gives up on goes on to the next engine.
        var whisper = !string.IsNullOrWhiteSpace(o.WhisperModelPath) || o.FindWhisperModel() is not null ? limits.RecognitionTimeout : TimeSpan.Zero;
        var endpoint = o.Endpoint is null ? TimeSpan.Zero : o.Timeout;
        var voice = limits.DecodeTimeout + whisper + endpoint + limits.RecognitionTimeout;
        if (options.Lease <= voice)
            return ValidateOptionsResult.Fail(
                $"Finance:Pipeline:Lease ({options.Lease}) must be longer than a voice note may take to read: " +
                $"Finance:Media:DecodeTimeout ({limits.DecodeTimeout}), " +
                (whisper > TimeSpan.Zero ? $"Finance:Media:RecognitionTimeout ({limits.RecognitionTimeout}) for in-process Whisper, " : "") +
                (endpoint > TimeSpan.Zero ? $"Finance:Speech:Timeout ({endpoint}) for the endpoint, " : "") +
                $"Finance:Media:RecognitionTimeout ({limits.RecognitionTimeout}), {voice} in all. Lengthen the lease or shorten the timeouts.");
        // One chat's messages are read in order, so a batch of one chat's photos is read one after another.
        var slowest = photo > voice ? photo : voice;
        var batch = slowest * options.BatchSize;
        if (options.MaxHold < batch)
            return ValidateOptionsResult.Fail(
                $"Finance:Pipeline:MaxHold ({options.MaxHold}) must be at least as long as a batch's readings one after another: " +
                $"Finance:Pipeline:BatchSize ({options.BatchSize}) messages of up to {slowest} each (the slowest of a photo and a " +
                $"voice note, above), {batch} in all. Lengthen it, or make the batch smaller or the timeouts shorter.");
        return ValidateOptionsResult.Success;
    }
}
