using System.Collections.Frozen;

namespace Finance.Understanding.Parsing;

/// <summary>Amounts written in words, EN and PT: "one hundred and twelve", "mil e duzentos", and the spoken
/// price form "twenty five fifty" / "quarenta e dois e noventa" (a second group under 100 is cents).</summary>
public static class NumberWords
{
    private enum Kind { Unit, Teen, Tens, Hundreds, HundredTimes, Thousand }

    private static readonly FrozenDictionary<string, (Kind Kind, int Value)> Words = Build();

    private static FrozenDictionary<string, (Kind, int)> Build()
    {
        var d = new Dictionary<string, (Kind, int)>(StringComparer.Ordinal);
        void Add(Kind kind, string words, int first, int step)
        {
            var v = first;
            foreach (var w in words.Split(' ')) { foreach (var alt in w.Split('/')) d[alt] = (kind, v); v += step; }
        }
        Add(Kind.Unit, "zero one two three four five six seven eight nine", 0, 1);
        Add(Kind.Teen, "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen", 10, 1);
        Add(Kind.Tens, "twenty thirty forty/fourty fifty sixty seventy eighty ninety", 20, 10);
        Add(Kind.Unit, "zero um/uma dois/duas tres quatro cinco seis sete oito nove", 0, 1);
        Add(Kind.Teen, "dez onze doze treze catorze/quatorze quinze dezesseis/dezasseis dezessete/dezassete dezoito dezenove/dezanove", 10, 1);
        Add(Kind.Tens, "vinte trinta quarenta cinquenta/cincoenta sessenta setenta oitenta noventa", 20, 10);
        Add(Kind.Hundreds, "cem/cento duzentos/duzentas trezentos/trezentas quatrocentos/quatrocentas quinhentos/quinhentas seiscentos/seiscentas setecentos/setecentas oitocentos/oitocentas novecentos/novecentas", 100, 100);
        d["a"] = (Kind.Unit, 1);
        d["hundred"] = (Kind.HundredTimes, 100);
        d["thousand"] = (Kind.Thousand, 1000);
        d["grand"] = (Kind.Thousand, 1000);
        d["mil"] = (Kind.Thousand, 1000);
        return d.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public static bool IsNumberWord(string folded) => Words.ContainsKey(folded) && folded != "a";

    /// <summary>Reads number words starting at <paramref name="start"/>; <paramref name="end"/> is the last
    /// token used. Lone "a", "one", "um", "uma" are articles, not amounts.</summary>
    public static bool TryRead(List<Token> tokens, int start, bool[] used, out decimal value, out int end)
    {
        value = 0; end = start;
        decimal firstGroup = -1, total = 0, chunk = 0;
        Kind? last = null;
        var groups = 0;
        var words = 0;
        var i = start;
        var groupEnd = start;
        var firstEnd = start;
        for (; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (used[i] || !t.IsWord) break;
            if (t.Folded is "and" or "e")
            {
                if (last is null || i + 1 >= tokens.Count || !IsNumberWord(tokens[i + 1].Folded)) break;
                continue;
            }
            if (!Words.TryGetValue(t.Folded, out var w)) break;
            if (w.Kind == Kind.Unit && t.Folded == "a" && (i + 1 >= tokens.Count || tokens[i + 1].Folded is not ("hundred" or "thousand" or "grand"))) break;
            var continues = last switch
            {
                null => true,
                Kind.Unit or Kind.Teen => w.Kind is Kind.HundredTimes or Kind.Thousand,
                Kind.Tens => w.Kind is Kind.Unit or Kind.HundredTimes or Kind.Thousand,
                Kind.Hundreds => w.Kind is Kind.Unit or Kind.Teen or Kind.Tens or Kind.Thousand,
                Kind.HundredTimes => w.Kind is Kind.Unit or Kind.Teen or Kind.Tens or Kind.Thousand,
                Kind.Thousand => w.Kind is Kind.Unit or Kind.Teen or Kind.Tens or Kind.Hundreds,
                _ => false,
            };
            if (!continues)
            {
                if (groups == 1) break; // a third group is not a price
                firstGroup = total + chunk;
                firstEnd = groupEnd;
                groups = 1;
                total = 0; chunk = 0; last = null;
            }
            switch (w.Kind)
            {
                case Kind.HundredTimes: chunk = (chunk == 0 ? 1 : chunk) * 100; break;
                case Kind.Thousand: total += (chunk == 0 ? 1 : chunk) * 1000; chunk = 0; break;
                default: chunk += w.Value; break;
            }
            last = w.Kind;
            words++;
            groupEnd = i;
        }
        if (words == 0) return false;
        var current = total + chunk;
        end = groupEnd;
        if (groups == 1 && current < 100) value = firstGroup + current / 100m;
        else if (groups == 1) { value = firstGroup; end = firstEnd; }
        else value = current;
        if (words == 1 && tokens[start].Folded is "one" or "um" or "uma") return false;
        return value > 0;
    }
}
