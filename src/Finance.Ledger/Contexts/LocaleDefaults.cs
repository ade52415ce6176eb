namespace Finance.Ledger.Contexts;

/// <summary>A new user's language, currency and time zone, guessed from their client's language code;
/// all three can be changed later.</summary>
public static class LocaleDefaults
{
    /// <summary>A time zone the client reported (a browser knows where it is) wins over the language's guess,
    /// when this machine knows it.</summary>
    public static (string Language, string Currency, string TimeZone) For(string? languageCode, string? timeZone)
    {
        var guess = For(languageCode);
        return timeZone is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone)
            ? guess with { TimeZone = zone.Id }
            : guess;
    }

    public static (string Language, string Currency, string TimeZone) For(string? languageCode)
    {
        var code = (languageCode ?? "").ToLowerInvariant();
        return code switch
        {
            "pt-pt" => ("pt", "EUR", "Europe/Lisbon"),
            _ when code.StartsWith("pt") => ("pt", "BRL", "America/Sao_Paulo"),
            "en-gb" => ("en", "GBP", "Europe/London"),
            "en-au" => ("en", "AUD", "Australia/Sydney"),
            "en-ca" => ("en", "CAD", "America/Toronto"),
            _ when code.StartsWith("es") => ("en", "EUR", "Europe/Madrid"),
            _ when code.StartsWith("de") => ("en", "EUR", "Europe/Berlin"),
            _ when code.StartsWith("fr") => ("en", "EUR", "Europe/Paris"),
            _ when code.StartsWith("it") => ("en", "EUR", "Europe/Rome"),
            _ => ("en", "USD", "America/New_York"),
        };
    }
}
