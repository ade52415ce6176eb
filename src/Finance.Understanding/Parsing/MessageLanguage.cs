namespace Finance.Understanding.Parsing;

/// <summary>"pt" or "en" for one message, from its words, diacritics and "R$"; the chat's language
/// when the message gives no sign either way ("uber 23").</summary>
public static class MessageLanguage
{
    public static string Detect(List<Token> tokens, string fallback)
    {
        var score = 0; // > 0: Portuguese
        foreach (var t in tokens)
        {
            if (t.Kind == TokenKind.Currency && t.Text == "BRL") score += 2;
            if (!t.IsWord) continue;
            // Diacritics (ã, ç, é…) are Portuguese whatever the bare letters spell ("gás" is not "gas").
            if (!ReferenceEquals(t.Text, t.Folded) && t.Text != t.Folded) score += 2;
            else if (Vocabulary.Portuguese.Contains(t.Folded)) score += 2;
            else if (Vocabulary.English.Contains(t.Folded)) score -= 2;
        }
        return score > 0 ? "pt" : score < 0 ? "en" : fallback is "pt" ? "pt" : "en";
    }
}
