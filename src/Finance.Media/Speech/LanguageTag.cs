namespace Finance.Media.Speech;

internal static class LanguageTag
{
    /// <summary>"pt-BR" → "pt", "EN" → "en".</summary>
    public static string Primary(string tag) => tag.Split('-', '_')[0].Trim().ToLowerInvariant();
}
