using System.Globalization;
using Finance.Banks.Statements;
using Finance.Conversation.Commands;
using Finance.Conversation.Replies;
using Finance.Core;
using Finance.Ledger;
using Finance.Ledger.Buttons;
using Finance.Ledger.Contexts;
using Finance.Ledger.Inbox;
using Finance.Media;
using Finance.Media.Ocr;
using Finance.Media.Speech;
using Finance.Understanding.Llm;
using Finance.Understanding.Receipts;
using Microsoft.Extensions.Options;
using Npgsql;
using static Finance.Host.Pipeline.MessageContent;

namespace Finance.Host.Pipeline;

/// <summary>
/// The slow first step of a message, run before any ledger transaction opens: voice notes are
/// downloaded, decoded and transcribed, receipt photos downloaded and read. Limits are checked on
/// what the channel says before downloading and on the bytes before decoding; a refusal becomes
/// <see cref="Refused"/> (answered, never retried), while network failures throw so the inbox retries.
/// </summary>
public sealed class MediaToText(
    NpgsqlDataSource database,
    MemberStore members,
    IEnumerable<IChannel> channels,
    SpeechTranscriber speech,
    ReceiptScanner receipts,
    IOptions<MediaLimits> limits,
    ButtonActionStore buttons,
    ILogger<MediaToText> logger,
    ReceiptLlmReader? llm = null)
{
    private readonly Dictionary<string, IChannel> channelsByName = channels.ToDictionary(c => c.Name);

    public async Task<MessageContent> ReadAsync(InboxItem item, CancellationToken cancellationToken)
    {
        var message = item.Message;
        if (message.CallbackData is { } data)
            return await CommandOfButtonAsync(message, data, cancellationToken) is { } command ? new Typed(command) : new UnknownButton();
        if (message.UnsupportedKind is not null) return new Unsupported();
        var caption = string.IsNullOrWhiteSpace(message.Text) ? null : message.Text;
        if (message.Media is not { } media)
            return caption is null ? new Unsupported() : new Typed(caption);
        if (media.Kind is MediaKind.Document && StatementFiles.Looks(media))
            return await StatementAsync(message, media, cancellationToken);
        // Any other document (a PDF …) is not read; its caption still is.
        if (media.Kind is MediaKind.Document)
            return caption is null ? new Refused(MediaRejection.NotAnImage, media.Kind) : new Typed(caption);

        var isAudio = media.Kind is not MediaKind.Photo;
        using var stage = FinanceTelemetry.Stage("media", message.Channel);
        try
        {
            limits.Value.Admit(media);
            var language = await LanguageOfAsync(message, cancellationToken);
            if (isAudio && !speech.SupportsLanguage(language))
                return new Refused(MediaRejection.LanguageNotSupported, media.Kind);

            var channel = channelsByName.GetValueOrDefault(message.Channel)
                ?? throw new InvalidOperationException($"Channel '{message.Channel}' is not configured on this host.");
            // Only the first attempt says so: a retried message must not repeat it.
            if (item.Attempts == 1)
                await TellWorkingAsync(channel, message, isAudio ? Phrases.For(language).Listening : Phrases.For(language).ReadingReceipt, cancellationToken);

            var bytes = await channel.DownloadAsync(media, isAudio ? limits.Value.MaxAudioBytes : limits.Value.MaxImageBytes, cancellationToken);
            if (isAudio)
            {
                var transcript = await speech.TranscribeAsync(bytes, language, cancellationToken);
                return new Spoken(transcript.Text.Trim());
            }
            var scan = await receipts.ScanReceiptAsync(bytes, cancellationToken);
            return new Receipt(new ReceiptPhoto(bytes, media.MimeType, scan.Text, await WithLlmAsync(scan, cancellationToken), scan.Damaged));
        }
        catch (MediaRejectedException e)
        {
            logger.LogInformation("{Kind} in {Channel} message {ExternalId} refused: {Reason} ({Detail})",
                media.Kind, message.Channel, message.ExternalId, e.Reason, e.Message);
            return new Refused(e.Reason, media.Kind);
        }
        catch (MediaTooLargeException e)
        {
            logger.LogInformation("{Kind} in {Channel} message {ExternalId} refused: {Detail}", media.Kind, message.Channel, message.ExternalId, e.Message);
            return new Refused(MediaRejection.TooLarge, media.Kind);
        }
    }

    private async Task<MessageContent> StatementAsync(InboundMessage message, MediaAttachment media, CancellationToken cancellationToken)
    {
        var channel = channelsByName.GetValueOrDefault(message.Channel)
            ?? throw new InvalidOperationException($"Channel '{message.Channel}' is not configured on this host.");
        try
        {
            return new StatementFile(await channel.DownloadAsync(media, StatementFiles.MaxBytes, cancellationToken), media.FileName);
        }
        catch (MediaTooLargeException e)
        {
            logger.LogInformation("Statement in {Channel} message {ExternalId} refused: {Detail}", message.Channel, message.ExternalId, e.Message);
            return new Refused(MediaRejection.TooLarge, media.Kind);
        }
    }

    /// <summary>The plain answer to a refused voice note or photo, with the configured limit it broke.</summary>
    public string Explain(Refused refused, string language)
    {
        var say = Phrases.For(language);
        var culture = MoneyText.Culture(language);
        var settings = limits.Value;
        var isAudio = refused.Kind is not MediaKind.Photo;
        return refused.Reason switch
        {
            MediaRejection.LanguageNotSupported => say.VoiceOnlyInEnglish,
            MediaRejection.TooLong => string.Format(culture, say.VoiceTooLong, settings.MaxAudioDuration.TotalMinutes.ToString("0.#", culture)),
            MediaRejection.TooLarge => string.Format(culture, say.FileTooLarge,
                ((isAudio ? settings.MaxAudioBytes : settings.MaxImageBytes) / 1048576.0).ToString("0.#", culture)),
            MediaRejection.TooManyPixels => string.Format(culture, say.ImageTooManyPixels, (settings.MaxImagePixels / 1e6).ToString("0.#", culture)),
            MediaRejection.Empty => say.FileEmpty,
            MediaRejection.NotAnImage => say.NotAPhoto,
            _ => isAudio ? say.AudioUnreadable : say.ImageUnreadable,
        };
    }

    /// <summary>
    /// The language the member talks to the bot in decides which speech engine may listen (the offline
    /// one is English only) and how to say "working on it". It is the member's setting, which /settings
    /// can change, not the client's language code. Read in a short transaction of its own that is rolled
    /// back: a first-time sender is created for real in the handling transaction.
    /// </summary>
    private async Task<string> LanguageOfAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        await using var session = await LedgerSession.BeginAsync(database, cancellationToken);
        return (await members.EnterAsync(session, message)).Language;
    }

    /// <summary>The command behind a pressed button, when the bot sent that button to this chat.</summary>
    private async Task<string?> CommandOfButtonAsync(InboundMessage message, string data, CancellationToken cancellationToken)
    {
        await using var session = await LedgerSession.BeginAsync(database, cancellationToken);
        return await buttons.FindAsync(session, message.Channel, message.ChatId, data);
    }

    private async Task TellWorkingAsync(IChannel channel, InboundMessage message, string text, CancellationToken cancellationToken)
    {
        try
        {
            await channel.SendAsync(message.ChatId, new OutboundReply(text), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A courtesy only: the answer itself still comes, and its own failures are retried.
            logger.LogWarning(e, "Could not send the working-on-it note for {Channel} message {ExternalId}", message.Channel, message.ExternalId);
        }
    }

    /// <summary>With an LLM configured, its reading (checked against the OCR text) fills in and confirms the rules' reading.</summary>
    private async Task<ReceiptFields> WithLlmAsync(ReceiptScan scan, CancellationToken cancellationToken)
    {
        var rules = scan.Fields;
        if (llm is null || await llm.ReadAsync(scan.Text, cancellationToken) is not { } read) return rules;
        // A total the model read and the text supports settles a total the rules only guessed;
        // when the rules were sure of a different one, neither wins and the user is asked.
        var confident = read.Total is null ? rules.TotalConfident : rules.Total == read.Total || !rules.TotalConfident;
        return new ReceiptFields(read.Total ?? rules.Total, read.Currency ?? rules.Currency, read.Date ?? rules.Date,
            read.Merchant ?? rules.Merchant, read.Tax ?? rules.Tax, confident)
        {
            TotalCandidates = [.. new[] { read.Total }.OfType<decimal>().Concat(rules.TotalCandidates).Distinct()],
        };
    }
}
