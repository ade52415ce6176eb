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

namespace Finance.Channels.WhatsApp;

/// <summary>
/// <c>GET /webhooks/whatsapp</c> answers Meta's subscription handshake; <c>POST /webhooks/whatsapp</c> checks the
/// body's signature, stores each message in the inbox and answers 200. Nothing slow happens here: Meta redelivers
/// what is not acknowledged quickly.
/// </summary>
public static class WhatsAppWebhook
{
    public const string Path = "/webhooks/whatsapp";
    public const string SignatureHeader = "X-Hub-Signature-256";
    private const string SignaturePrefix = "sha256=";

    public static IEndpointRouteBuilder MapWhatsAppWebhook(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (Delegate)Verify).ExcludeFromDescription();
        app.MapPost(Path, (Delegate)ReceiveAsync).ExcludeFromDescription();
        return app;
    }

    /// <summary>Meta calls <c>?hub.mode=subscribe&amp;hub.verify_token=…&amp;hub.challenge=…</c> when the webhook is
    /// set up, and expects the challenge back as it was.</summary>
    private static IResult Verify(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<WhatsAppOptions>>().CurrentValue;
        var query = context.Request.Query;
        string? mode = query["hub.mode"], token = query["hub.verify_token"], challenge = query["hub.challenge"];
        if (mode != "subscribe" || string.IsNullOrEmpty(challenge) || !TokenMatches(options.VerifyToken, token))
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        return Results.Text(challenge, "text/plain", Encoding.UTF8);
    }

    private static async Task<IResult> ReceiveAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptionsMonitor<WhatsAppOptions>>().CurrentValue;
        string? signature = context.Request.Headers[SignatureHeader];
        if (string.IsNullOrEmpty(options.AppSecret) || ExpectedDigestOf(signature) is not { } claimed)
            return Results.Unauthorized();

        if (context.Request.ContentLength > options.MaxWebhookBodyBytes) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        var body = await ReadBodyAsync(context.Request.Body, options.MaxWebhookBodyBytes, context.RequestAborted);
        if (body is null) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);

        // Over the raw bytes, before parsing: re-serialised JSON would not hash the same.
        if (!SignatureMatches(options.AppSecret, body, claimed)) return Results.Unauthorized();

        WhatsAppPayload? payload;
        try
        {
            payload = WhatsAppPayload.Parse(body);
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }
        if (payload is null) return Results.BadRequest();

        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var messages = WhatsAppMessageMapper.Map(payload, time.GetUtcNow());
        if (messages.Count == 0) return Results.Ok(); // statuses and kinds the bot ignores: acknowledged, not redelivered

        // A failure here answers 503 (PostgreSQL down) or 500 and Meta delivers the whole POST again; the ones
        // already stored are dropped as duplicates by their wamid.
        var inbox = services.GetRequiredService<IInbox>();
        foreach (var message in messages)
            if (!await inbox.EnqueueAsync(message, context.RequestAborted))
                services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WhatsAppWebhook))
                    .LogDebug("WhatsApp message {Wamid} was already in the inbox", message.ExternalId);
        return Results.Ok();
    }

    /// <summary>The 32-byte digest in "sha256=&lt;64 hex digits&gt;", or null when the header is missing or malformed.</summary>
    private static byte[]? ExpectedDigestOf(string? header)
    {
        if (header is null || !header.StartsWith(SignaturePrefix, StringComparison.OrdinalIgnoreCase)) return null;
        var hex = header.AsSpan(SignaturePrefix.Length).Trim();
        if (hex.Length != 64) return null;
        var digest = new byte[32];
        return Convert.FromHexString(hex, digest, out _, out var written) == System.Buffers.OperationStatus.Done && written == 32
            ? digest
            : null;
    }

    /// <summary>HMAC-SHA256 of the body with the app secret, compared in constant time.</summary>
    internal static bool SignatureMatches(string appSecret, ReadOnlySpan<byte> body, ReadOnlySpan<byte> claimed) =>
        CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body), claimed);

    /// <summary>Compares hashes so the time taken says nothing about the token, not even its length.
    /// No configured token means no handshake can succeed.</summary>
    private static bool TokenMatches(string? expected, string? given)
    {
        if (string.IsNullOrEmpty(expected) || string.IsNullOrEmpty(given)) return false;
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)), SHA256.HashData(Encoding.UTF8.GetBytes(given)));
    }

    private static async Task<byte[]?> ReadBodyAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
