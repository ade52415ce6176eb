using Finance.Core;

namespace Finance.Banks.Statements;

/// <summary>Which documents sent in chat are taken as statements: by their name or type, before any download.</summary>
public static class StatementFiles
{
    /// <summary>Years of a busy account fit well within this; more is not a statement a person sends.</summary>
    public const long MaxBytes = 5 * 1024 * 1024;

    private static readonly string[] Extensions = [".ofx", ".qfx", ".qbo", ".csv", ".tsv", ".txt", ".xml", ".camt", ".053"];

    private static readonly string[] MimeTypes =
        ["text/csv", "text/plain", "text/tab-separated-values", "application/csv", "application/x-ofx", "application/ofx",
         "application/vnd.intu.qfx", "application/xml", "text/xml", "application/vnd.ms-excel"];

    public static bool Looks(MediaAttachment media) =>
        (media.FileName is { } name && Extensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase))) ||
        (media.MimeType is { } type && MimeTypes.Contains(type.Split(';')[0].Trim().ToLowerInvariant()));
}
