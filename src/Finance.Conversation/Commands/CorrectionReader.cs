using Finance.Core;
using Finance.Understanding.Parsing;

namespace Finance.Conversation.Commands;

/// <summary>What a correction in plain words asks for: "actually it was 6", "not 45, 54", "no, that was groceries",
/// "make it yesterday", "delete the last one", "errado, era 32", "muda pra mercado", "apaga o último".</summary>
public sealed record CorrectionRequest(
    bool Delete, decimal? Amount, decimal? OldAmount, string? Category, DateOnly? Date, bool Certain)
{
    public bool ChangesSomething => Delete || Amount is not null || Category is not null || Date is not null;
}

/// <summary>
/// Tells a correction from a new booking. A message is read as a correction when it opens with a correction cue
/// ("actually", "no", "not", "make it", "errado", "na verdade", "muda", "apaga"…) and everything else in it is
/// an amount, a category, a date or a filler word; a reply to a booking needs no cue. Words it cannot place
/// make it an ordinary message again, unless the cue was unmistakable (then the user is asked, never booked).
/// </summary>
public static class CorrectionReader
{
    // Cues that cannot open a new expense: whatever follows, the message is a correction.
    private static readonly string[][] CertainCues =
    [
        ["actually"], ["correction"], ["make", "it"], ["change", "it"], ["change", "to"], ["i", "meant"], ["should", "be"],
        ["should", "have", "been"], ["wrong"], ["errado"], ["errei"], ["na", "verdade"], ["muda"], ["mude"], ["mudar"],
        ["troca"], ["troque"], ["corrige"], ["corrija"], ["quis", "dizer"], ["fix"],
    ];

    // Cues that may also open an ordinary sentence ("no coffee today"): a correction only when the rest is one.
    private static readonly string[][] PossibleCues =
    [
        ["no"], ["not"], ["nope"], ["it", "was"], ["that", "was"], ["it", "s"], ["its"], ["sorry"], ["oops"], ["era"], ["foi"],
        ["nao"], ["opa"], ["desculpa"], ["ops"],
    ];

    private static readonly HashSet<string> DeleteVerbs =
    [
        "delete", "remove", "undo", "cancel", "scratch", "erase", "apaga", "apague", "apagar", "exclui", "exclua", "excluir",
        "remova", "cancela", "cancele", "desfaz", "desfazer", "deleta", "delet",
    ];

    private static readonly HashSet<string> Fillers =
    [
        // English
        "actually", "no", "nope", "not", "sorry", "oops", "wait", "it", "its", "s", "was", "is", "that", "this", "one", "the",
        "a", "make", "change", "to", "should", "be", "been", "have", "i", "meant", "correction", "fix", "set", "instead",
        "last", "amount", "category", "date", "for", "as", "please", "but", "oh", "wrong", "entry", "booking",
        "expense", "of", "in", "on", "under", "there", "and",
        // Portuguese
        "errado", "errei", "na", "verdade", "nao", "era", "foi", "e", "muda", "mude", "mudar", "troca", "troque", "trocar",
        "corrige", "corrija", "corrigir", "pra", "para", "o", "os", "de", "do", "da", "um", "uma", "isso", "esse", "essa",
        "ultimo", "ultima", "valor", "categoria", "data", "quis", "dizer", "desculpa", "opa", "ops", "por", "favor", "em",
        "lancamento", "gasto", "mas", "pro",
    ];

    /// <summary>The correction the text asks for, or null when it is not one.</summary>
    /// <param name="repliesToBooking">The message replies to a booking: no cue is needed.</param>
    public static CorrectionRequest? Read(string text, bool repliesToBooking, ParseContext context, RuleParser rules)
    {
        var tokens = MessageTokenizer.Tokenize(text);
        var words = tokens.Where(t => t.Kind is TokenKind.Word or TokenKind.Number).ToList();
        if (words.Count == 0 || words.Count > 12) return null;
        var folded = words.Select(t => t.IsWord ? t.Folded : "").ToList();

        var certain = StartsWithAny(folded, CertainCues);
        var cued = certain || StartsWithAny(folded, PossibleCues);
        var delete = folded.Any(DeleteVerbs.Contains) && (folded.Take(2).Any(DeleteVerbs.Contains));
        if (!cued && !delete && !repliesToBooking) return null;

        // Amounts: after "not"/"não" the old one, otherwise the new one ("not 45, 54", "54 not 45", "não era 45, era 54").
        decimal? amount = null, oldAmount = null;
        var consumed = new bool[words.Count];
        for (var i = 0; i < words.Count; i++)
        {
            if (!words[i].IsNumber) continue;
            consumed[i] = true;
            var negated = i > 0 && folded[i - 1] is "not" or "nao" || i > 1 && folded[i - 2] is "not" or "nao" && folded[i - 1] is "era" or "foi";
            if (negated) oldAmount = words[i].Value;
            else amount = words[i].Value;
        }
        if (oldAmount is not null && amount is null) return null; // "not 45" alone says what it was not, not what it is

        var date = rules.ReadDate(text, context);
        string? category = null;
        for (var i = 0; i < words.Count; i++)
        {
            if (consumed[i] || !words[i].IsWord) continue;
            if (Fillers.Contains(folded[i]) || DeleteVerbs.Contains(folded[i])) { consumed[i] = true; continue; }
            if (CategoryOf(words, folded, i, context.Language) is { } found)
            {
                category = found.Category;
                for (var j = i; j < i + found.Words; j++) consumed[j] = true;
            }
        }
        var leftovers = Enumerable.Range(0, words.Count).Where(i => !consumed[i]).ToList();
        // Words the date took ("yesterday", "ontem", "monday") are all that may be left.
        if (date is not null && leftovers.Count > 0 && leftovers.Count <= 3) leftovers.Clear();
        if (leftovers.Count > 0)
            return certain ? new CorrectionRequest(false, null, null, null, null, Certain: true) : null;

        var request = new CorrectionRequest(delete && amount is null && category is null, amount, oldAmount, category, date, certain || delete);
        return request.ChangesSomething || certain ? request : null;
    }

    private static (string Category, int Words)? CategoryOf(List<Token> words, List<string> folded, int i, string language)
    {
        if (i + 1 < words.Count && CategoryCorrection.Resolve(folded[i] + " " + folded[i + 1]) is { } two) return (two, 2);
        if (CategoryCorrection.Resolve(folded[i]) is { } one) return (one, 1);
        return CategoryKeywords.Lookup(words[i].Text.ToLowerInvariant(), folded[i], language) is { } hit && CategoryKeywords.IsStrong(hit)
            ? (hit.Category, 1) : null;
    }

    // Plain loops: this runs for every message, and the LINQ form built two iterators and a closure for each cue.
    private static bool StartsWithAny(List<string> folded, string[][] cues)
    {
        foreach (var cue in cues)
            if (StartsWith(folded, cue)) return true;
        return false;
    }

    private static bool StartsWith(List<string> folded, string[] cue)
    {
        if (cue.Length > folded.Count) return false;
        for (var i = 0; i < cue.Length; i++)
            if (folded[i] != cue[i]) return false;
        return true;
    }
}
