using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Finance.Channels.WebChat;

/// <summary>The shapes of the ids the web chat accepts. A chat id is a bearer of identity (whoever holds it is
/// that user), so the server makes it: 128 random bits, which nobody can guess.</summary>
public static partial class WebChatIds
{
    public static string NewChatId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string NewFileId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static bool IsChatId([NotNullWhen(true)] string? value) => value is not null && ChatIdShape().IsMatch(value);

    /// <summary>A message id is the page's UUID for one message; its retries reuse it.</summary>
    public static bool IsMessageId(string? value) =>
        value is { Length: 36 } && Guid.TryParseExact(value, "D", out _);

    /// <summary>BCP 47 as browsers report it (navigator.language): "en-US", "pt-BR", "zh-Hant-TW".</summary>
    public static bool IsLanguageTag(string? value) => value is { Length: <= 35 } && LanguageTagShape().IsMatch(value);

    /// <summary>An IANA zone name as browsers report it (Intl's timeZone): "America/Sao_Paulo", "UTC",
    /// "America/Argentina/Buenos_Aires", "Etc/GMT+3". Whether this machine knows it is the ledger's question.</summary>
    public static bool IsTimeZoneName(string? value) => value is { Length: <= 64 } && TimeZoneShape().IsMatch(value);

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex ChatIdShape();

    [GeneratedRegex("^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguageTagShape();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}$")]
    private static partial Regex TimeZoneShape();
}
