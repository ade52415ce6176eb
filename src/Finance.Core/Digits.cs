using System.Globalization;

namespace Finance.Core;

/// <summary>Digits as every reader of amounts and dates expects them. A phone keyboard or an OCR engine may give
/// "４.５０" (full width) or "٤٫٥٠" (Arabic-Indic): .NET's <c>\d</c> and <see cref="char.IsDigit(char)"/> match them,
/// but <see cref="decimal.Parse(string)"/> refuses them and <c>c - '0'</c> turns them into nonsense, so they become
/// 0–9 before anything reads them, with their decimal and thousands marks. One character for one, so positions in
/// the text (an OCR word's place on its row) stay where they were.</summary>
public static class Digits
{
    public static string Western(string text)
    {
        var first = text.AsSpan().IndexOfAnyExceptInRange('\0', '\u007f');
        if (first < 0) return text;
        return string.Create(text.Length, (text, first), static (span, state) =>
        {
            state.text.AsSpan().CopyTo(span);
            for (var i = state.first; i < span.Length; i++) span[i] = Western(span[i]);
        });
    }

    private static char Western(char c) => c switch
    {
        < '\u0080' => c,
        '\uFF0E' or '\u066B' => '.',   // full-width full stop, Arabic decimal separator
        '\uFF0C' or '\u066C' => ',',   // full-width comma, Arabic thousands separator
        _ when char.IsDigit(c) => (char)('0' + CharUnicodeInfo.GetDecimalDigitValue(c)),
        _ => c,
    };
}
