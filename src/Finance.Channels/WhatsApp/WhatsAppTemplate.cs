using System.ComponentModel.DataAnnotations;

namespace Finance.Channels.WhatsApp;

/// <summary>One approved template: its name in WhatsApp Manager and the translations it was approved in.</summary>
public sealed class WhatsAppTemplate
{
    [Required]
    public string Name { get; set; } = "";

    /// <summary>The translation used when the user's language has none of its own (WhatsApp codes: en_US, pt_BR).</summary>
    [Required]
    public string Language { get; set; } = "en_US";

    /// <summary>The user's language ("pt", "pt-PT") → the translation's code ("pt_BR", "pt_PT"); the most specific wins.</summary>
    public Dictionary<string, string> Languages { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The approved translation for a user's language, or <see cref="Language"/>.</summary>
    public string LanguageFor(string? userLanguage)
    {
        if (string.IsNullOrWhiteSpace(userLanguage)) return Language;
        var code = userLanguage.Replace('_', '-');
        if (Languages.TryGetValue(code, out var exact)) return exact;
        var dash = code.IndexOf('-');
        return dash > 0 && Languages.TryGetValue(code[..dash], out var general) ? general : Language;
    }
}
