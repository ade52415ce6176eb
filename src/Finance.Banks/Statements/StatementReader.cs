using System.Text;

namespace Finance.Banks.Statements;

/// <summary>Recognises a statement file by its content (OFX/QFX 1.x SGML or 2.x XML, CAMT.053, or CSV) and reads it.</summary>
public static class StatementReader
{
    public const string Source = "import";

    public static Statement Read(byte[] content, string defaultCurrency, LayoutChoices? choices = null)
    {
        var text = Decode(content);
        var head = text.Length > 4096 ? text[..4096] : text;
        if (head.Contains("OFXHEADER", StringComparison.OrdinalIgnoreCase) || head.Contains("<OFX>", StringComparison.OrdinalIgnoreCase))
            return OfxReader.Read(text);
        if (head.Contains("camt.053", StringComparison.OrdinalIgnoreCase) || head.Contains("<BkToCstmrStmt>", StringComparison.Ordinal))
            return CamtReader.Read(text);
        if (head.TrimStart().StartsWith('<'))
            throw new StatementFormatException("an XML file that is neither OFX nor CAMT.053");
        return CsvStatementReader.Read(text, defaultCurrency, choices ?? LayoutChoices.None);
    }

    /// <summary>UTF-8 (with or without its mark), else Windows-1252/Latin-1 as older bank exports are.</summary>
    private static string Decode(byte[] content)
    {
        if (content.Length == 0) throw new StatementFormatException("the file is empty");
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(content);
        }
    }
}
