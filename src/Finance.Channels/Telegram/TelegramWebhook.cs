using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Finance.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Finance.Channels.Telegram;

/// <summary><c>POST /webhooks/telegram</c>: verify the secret, store the update in the inbox, answer 200.
/// Nothing slow happens here: Telegram waits for the answer and redelivers when it is late.</summary>
public static class TelegramWebhook
{
    public const string Path = "/webhooks/telegram";
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>Updates are a few KB; a body past this is not Telegram.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapTelegramWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, ReceiveAsync).ExcludeFromDescription();
        return app;
    }

    /// <summary>A plain request delegate that answers with bare status codes: this runs for every message, and an
    /// IResult's answer made a logger of its own on each request.</summary>
    private static async Task ReceiveAsync(HttpContext context)
    {
        context.Response.StatusCode = await AnswerAsync(context);
    }

    private static async Task<int> AnswerAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptionsMonitor<TelegramOptions>>().CurrentValue;
        if (!SecretMatches(options.WebhookSecret, context.Request.Headers[SecretHeader]))
            return StatusCodes.Status401Unauthorized;

        if (context.Request.ContentLength > MaxBodyBytes) return StatusCodes.Status413PayloadTooLarge;
        (bool TooLarge, Update? Update) body;
        try
        {
            body = await ReadUpdateAsync(context.Request.BodyReader, context.RequestAborted);
        }
        catch (JsonException)
        {
            return StatusCodes.Status400BadRequest;
        }
        if (body.TooLarge) return StatusCodes.Status413PayloadTooLarge;
        if (body.Update is not { } update) return StatusCodes.Status400BadRequest;

        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        if (TelegramUpdateMapper.Map(update, time.GetUtcNow()) is not { } message)
            return StatusCodes.Status200OK; // a kind of update the bot does not handle: acknowledge so it is not redelivered

        // A failure here answers 503 (PostgreSQL down, see UseDatabaseOutageAnswer) or 500, and Telegram delivers
        // the update again: nothing is lost.
        var stored = await services.GetRequiredService<IInbox>().EnqueueAsync(message, context.RequestAborted);
        if (!stored)
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TelegramWebhook))
                .LogDebug("Telegram update {UpdateId} was already in the inbox", update.Id);
        return StatusCodes.Status200OK;
    }

    /// <summary>Compares in a time that says nothing about the secret, not even its length: each side is laid out in a block
    /// as long as Telegram's longest secret (256 ASCII characters, the options' rule), led by its length, and the blocks
    /// are compared whole. A header longer than that or not ASCII cannot be a secret Telegram sends and is refused at once.
    /// No hash: this runs for every message, and SHA-256 through OpenSSL was about 1 % of the host's CPU.
    /// No configured secret means no caller can be trusted.</summary>
    internal static bool SecretMatches(string? expected, string? given)
    {
        if (string.IsNullOrEmpty(expected) || string.IsNullOrEmpty(given)) return false;
        // The configured secret's block is laid out once, not on every delivery (an immutable pair, so hosts in one
        // process that have different secrets only lay it out again).
        if (configuredSecret is not { } configured || !ReferenceEquals(configured.Secret, expected))
        {
            var block = new byte[SecretBlockLength];
            if (!TryLayOut(expected, block)) return false;
            configuredSecret = configured = new ConfiguredSecret(expected, block);
        }
        Span<byte> givenBlock = stackalloc byte[SecretBlockLength];
        givenBlock.Clear();
        return TryLayOut(given, givenBlock) && CryptographicOperations.FixedTimeEquals(configured.Block, givenBlock);
    }

    private const int MaxSecretLength = 256;

    private const int SecretBlockLength = 2 + MaxSecretLength;

    /// <summary>The secret's length in two bytes, then its characters; the rest of the (zeroed) block stays zero.</summary>
    private static bool TryLayOut(string secret, Span<byte> block)
    {
        if (secret.Length > MaxSecretLength) return false;
        block[0] = (byte)(secret.Length >> 8);
        block[1] = (byte)secret.Length;
        return Ascii.FromUtf16(secret, block[2..], out _) == OperationStatus.Done;
    }

    private static ConfiguredSecret? configuredSecret;

    private sealed record ConfiguredSecret(string Secret, byte[] Block);

    /// <summary>Parses the update where Kestrel received it, once the whole body is in: no copy of it is made (this runs
    /// for every message). TooLarge when the body grows past <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<(bool TooLarge, Update? Update)> ReadUpdateAsync(PipeReader body, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await body.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (buffer.Length > MaxBodyBytes)
            {
                body.AdvanceTo(buffer.Start);
                return (true, null);
            }
            if (read.IsCompleted)
            {
                try
                {
                    return (false, Parse(buffer));
                }
                finally
                {
                    body.AdvanceTo(buffer.End);
                }
            }
            body.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static Update? Parse(ReadOnlySequence<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        return JsonSerializer.Deserialize<Update>(ref reader, JsonBotAPI.Options);
    }
}
