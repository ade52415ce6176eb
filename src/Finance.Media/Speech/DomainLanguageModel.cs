using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Finance.Media.Speech;

/// <summary>
/// Builds the offline engine's domain language model from the data in models/speech: a corpus of
/// expense sentences (templates × amounts × merchants × items × times, seeded), a trigram ARPA model
/// with absolute discounting and back-off, and the pronunciation dictionary for its vocabulary
/// (cmudict, and flite's t2p for words cmudict lacks). A general model spreads its probability over
/// 130k words; this one knows the ~500 a voice note about money uses, which is what makes amounts land.
/// Run: UPDATE_SPEECH_MODEL=1 dotnet test tests/Finance.Media.Tests --filter DomainLanguageModel
/// </summary>
public static class DomainLanguageModel
{
    public const string CmuDict = "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict";

    private static readonly HashSet<string> AcousticPhones =
    [
        "AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH", "EH", "ER", "EY", "F", "G", "HH", "IH", "IY", "JH", "K",
        "L", "M", "N", "NG", "OW", "OY", "P", "R", "S", "SH", "T", "TH", "UH", "UW", "V", "W", "Y", "Z", "ZH",
    ];

    private static readonly string[] Currencies = ["dollars", "dollars", "dollars", "bucks", "euros", "reais", "pounds", "ringgit"];

    /// <summary>Writes finance.arpa, finance.lm.bin (needs sphinx_lm_convert) and finance.dict into outputDirectory.</summary>
    public static async Task BuildAsync(string dataDirectory, string outputDirectory, int sentences = 30_000, CancellationToken cancellationToken = default)
    {
        var corpus = Corpus(dataDirectory, sentences, seed: 20261123).ToList();
        var vocabulary = corpus.SelectMany(s => s.Split(' ')).ToHashSet();
        var extra = Path.Combine(dataDirectory, "pronunciations.txt");
        var dictionary = await DictionaryAsync(vocabulary, File.Exists(extra) ? File.ReadAllLines(extra) : [], cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(outputDirectory, "finance.dict"), dictionary, cancellationToken);

        // Only the binary form ships: it loads faster and the ARPA text can be rebuilt from the data at any time.
        var arpa = Path.Combine(Path.GetTempPath(), $"finance-{Guid.NewGuid():N}.arpa");
        try
        {
            await File.WriteAllTextAsync(arpa, Arpa(corpus), cancellationToken);
            await RunAsync("sphinx_lm_convert", ["-i", arpa, "-o", Path.Combine(outputDirectory, "finance.lm.bin")], cancellationToken);
        }
        finally
        {
            File.Delete(arpa);
        }
    }

    // ---- corpus ----

    public static IEnumerable<string> Corpus(string dataDirectory, int count, int seed)
    {
        static string[] Lines(string path) =>
            [.. File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))];
        var templates = Lines(Path.Combine(dataDirectory, "templates.txt"));
        var merchants = Lines(Path.Combine(dataDirectory, "merchants.txt"));
        var items = Lines(Path.Combine(dataDirectory, "items.txt"));
        var when = Lines(Path.Combine(dataDirectory, "when.txt"));
        var random = new Random(seed);
        // Its own stream, so saying a zero as "oh" leaves the rest of the corpus as it was drawn before.
        var zeroAsOh = new Random(seed + 1);
        for (var i = 0; i < count; i++)
        {
            var sentence = templates[random.Next(templates.Length)]
                .Replace("{amount}", SpokenAmount(random))
                .Replace("{merchant}", merchants[random.Next(merchants.Length)])
                .Replace("{item}", items[random.Next(items.Length)])
                .Replace("{when}", when[random.Next(when.Length)])
                .Replace("{number}", SpokenNumber(random))
                .Replace("{digits}", SpokenDigits(random, zeroAsOh));
            yield return sentence;
        }
        // Every amount word in every position at least once, so no number is out of vocabulary.
        for (var n = 0; n <= 100; n++) yield return $"{Words(n)} dollars";
    }

    /// <summary>A bare number as people say one alone ("seven", "forty two", "three hundred"): small ones most often.</summary>
    public static string SpokenNumber(Random random)
    {
        var roll = random.NextDouble();
        return Words(roll < 0.4 ? random.Next(0, 10) : roll < 0.8 ? random.Next(10, 101) : random.Next(100, 1000), sayAnd: random.NextDouble() < 0.3);
    }

    /// <summary>A number said digit by digit, as people read out a zip code, a phone number or a card's last four; a
    /// zero is "oh" six times in ten (CMU AN4's people said "oh" 69 times and "zero" 36).</summary>
    public static string SpokenDigits(Random random, Random zeroAsOh) =>
        string.Join(' ', Enumerable.Range(0, random.Next(2, 11)).Select(_ => random.Next(10) switch
        {
            0 => zeroAsOh.NextDouble() < 0.6 ? "oh" : "zero",
            var d => Small[d],
        }));

    /// <summary>An amount as people say it: "forty five dollars", "twelve fifty", "three dollars and ten cents".</summary>
    public static string SpokenAmount(Random random)
    {
        var roll = random.NextDouble();
        long whole = roll < 0.55 ? random.Next(1, 101) : roll < 0.85 ? random.Next(100, 1000) : random.Next(1000, 10_000);
        if (random.NextDouble() < 0.15) whole = (whole / 10 + 1) * 10; // round figures are common
        var cents = random.NextDouble() < 0.35 ? random.Next(1, 100) : 0;
        var currency = Currencies[random.Next(Currencies.Length)];
        var number = Words(whole, sayAnd: random.NextDouble() < 0.3, sayA: random.NextDouble() < 0.3);
        if (cents == 0)
            return random.NextDouble() < 0.85 ? $"{number} {currency}" : number;
        return random.Next(4) switch
        {
            0 => $"{number} {currency} and {Words(cents)} {(currency == "reais" ? "centavos" : currency == "pounds" ? "pence" : currency == "ringgit" ? "sen" : "cents")}",
            1 => $"{number} {currency} {Words(cents)}",
            2 when whole < 100 && cents >= 10 => $"{number} {Words(cents)}",
            _ => $"{number} point {string.Join(' ', cents.ToString("00", CultureInfo.InvariantCulture).Select(Digit))} {currency}",
        };
    }

    private static readonly string[] Small =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ];

    private static readonly string[] Tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

    private static string Digit(char c) => Small[c - '0'];

    public static string Words(long n, bool sayAnd = false, bool sayA = false)
    {
        if (n < 20) return Small[n];
        if (n < 100) return n % 10 == 0 ? Tens[n / 10] : $"{Tens[n / 10]} {Small[n % 10]}";
        if (n < 1000)
        {
            var head = n / 100 == 1 && sayA ? "a hundred" : $"{Small[n / 100]} hundred";
            return n % 100 == 0 ? head : $"{head}{(sayAnd ? " and" : "")} {Words(n % 100)}";
        }
        var thousands = n / 1000 == 1 && sayA ? "a thousand" : $"{Words(n / 1000)} thousand";
        return n % 1000 == 0 ? thousands : $"{thousands}{(sayAnd && n % 1000 < 100 ? " and" : "")} {Words(n % 1000, sayAnd)}";
    }

    // ---- trigram model ----

    /// <summary>A back-off trigram model in ARPA format, absolute discounting with Ney's discount per order.</summary>
    public static string Arpa(IEnumerable<string> sentences)
    {
        var c1 = new Dictionary<string, int>();
        var c2 = new Dictionary<(string, string), int>();
        var c3 = new Dictionary<(string, string, string), int>();
        foreach (var sentence in sentences)
        {
            var w = (string[])["<s>", .. sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries), "</s>"];
            for (var i = 0; i < w.Length; i++)
            {
                Increment(c1, w[i]);
                if (i >= 1) Increment(c2, (w[i - 1], w[i]));
                if (i >= 2) Increment(c3, (w[i - 2], w[i - 1], w[i]));
            }
        }

        var total = c1.Where(kv => kv.Key != "<s>").Sum(kv => kv.Value);
        var p1 = c1.ToDictionary(kv => kv.Key, kv => kv.Key == "<s>" ? 0 : kv.Value / (double)total);

        double d2 = Discount(c2.Values), d3 = Discount(c3.Values);
        var history2 = Totals(c2, k => k.Item1);
        var history3 = Totals(c3, k => (k.Item1, k.Item2));
        var p2 = c2.ToDictionary(kv => kv.Key, kv => (kv.Value - d2) / history2[kv.Key.Item1].Sum);
        var p3 = c3.ToDictionary(kv => kv.Key, kv => (kv.Value - d3) / history3[(kv.Key.Item1, kv.Key.Item2)].Sum);

        // Back-off weights: the mass the discount freed, spread over what the shorter history predicts for unseen words.
        var bow1 = new Dictionary<string, double>();
        foreach (var (u, (sum, types)) in history2)
        {
            var seenLower = c2.Keys.Where(k => k.Item1 == u).Sum(k => p1[k.Item2]);
            bow1[u] = d2 * types / sum / Math.Max(1e-9, 1 - seenLower);
        }
        var successors2 = c3.Keys.GroupBy(k => (k.Item1, k.Item2)).ToDictionary(g => g.Key, g => g.Sum(k => p2[(k.Item2, k.Item3)]));
        var bow2 = history3.ToDictionary(kv => kv.Key, kv => d3 * kv.Value.Types / kv.Value.Sum / Math.Max(1e-9, 1 - successors2[kv.Key]));

        var text = new StringBuilder();
        text.Append("\\data\\\n")
            .Append(CultureInfo.InvariantCulture, $"ngram 1={c1.Count}\nngram 2={c2.Count}\nngram 3={c3.Count}\n\n\\1-grams:\n");
        foreach (var w in c1.Keys.Order(StringComparer.Ordinal))
        {
            var logp = w == "<s>" ? -99 : Math.Log10(p1[w]);
            text.Append(Format(logp)).Append('\t').Append(w);
            if (bow1.TryGetValue(w, out var b)) text.Append('\t').Append(Format(Math.Log10(b)));
            text.Append('\n');
        }
        text.Append("\n\\2-grams:\n");
        foreach (var (k, p) in p2.OrderBy(kv => kv.Key.Item1, StringComparer.Ordinal).ThenBy(kv => kv.Key.Item2, StringComparer.Ordinal))
        {
            text.Append(Format(Math.Log10(p))).Append('\t').Append(k.Item1).Append(' ').Append(k.Item2);
            if (bow2.TryGetValue(k, out var b)) text.Append('\t').Append(Format(Math.Log10(b)));
            text.Append('\n');
        }
        text.Append("\n\\3-grams:\n");
        foreach (var (k, p) in p3.OrderBy(kv => kv.Key.Item1, StringComparer.Ordinal).ThenBy(kv => kv.Key.Item2, StringComparer.Ordinal).ThenBy(kv => kv.Key.Item3, StringComparer.Ordinal))
            text.Append(Format(Math.Log10(p))).Append('\t').Append(k.Item1).Append(' ').Append(k.Item2).Append(' ').Append(k.Item3).Append('\n');
        text.Append("\n\\end\\\n");
        return text.ToString();
    }

    private static void Increment<TKey>(Dictionary<TKey, int> counts, TKey key) where TKey : notnull =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    private static Dictionary<TH, (double Sum, int Types)> Totals<TK, TH>(Dictionary<TK, int> counts, Func<TK, TH> history)
        where TK : notnull where TH : notnull =>
        counts.GroupBy(kv => history(kv.Key)).ToDictionary(g => g.Key, g => ((double)g.Sum(kv => kv.Value), g.Count()));

    private static double Discount(IEnumerable<int> counts)
    {
        var list = counts.ToList();
        double n1 = list.Count(c => c == 1), n2 = list.Count(c => c == 2);
        return n1 + n2 == 0 ? 0.5 : Math.Clamp(n1 / (n1 + 2 * n2), 0.1, 0.9);
    }

    private static string Format(double logp) => logp.ToString("0.######", CultureInfo.InvariantCulture);

    // ---- pronunciations ----

    public static async Task<string> DictionaryAsync(IReadOnlySet<string> vocabulary, IEnumerable<string> handWritten, CancellationToken cancellationToken)
    {
        var entries = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in handWritten.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var space = line.IndexOf(' ');
            var word = line[..space];
            if (!vocabulary.Contains(word)) continue;
            if (!entries.TryGetValue(word, out var list)) entries[word] = list = [];
            list.Add(line[(space + 1)..].Trim());
        }
        var inCmuDict = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(CmuDict))
        {
            var space = line.IndexOf(' ');
            if (space <= 0) continue;
            var head = line[..space];
            var word = head.Contains('(') ? head[..head.IndexOf('(')] : head;
            if (!vocabulary.Contains(word)) continue;
            if (!entries.TryGetValue(word, out var list)) entries[word] = list = [];
            var phones = line[(space + 1)..].Trim();
            if (!list.Contains(phones)) list.Add(phones);
            inCmuDict.Add(word);
        }
        foreach (var word in vocabulary.Where(w => w is not ("<s>" or "</s>") && !inCmuDict.Contains(w)).Order(StringComparer.Ordinal))
        {
            if (!entries.TryGetValue(word, out var list)) entries[word] = list = [];
            var phones = await LetterToSoundAsync(word, cancellationToken);
            if (!list.Contains(phones)) list.Add(phones);
        }

        var text = new StringBuilder();
        foreach (var (word, pronunciations) in entries)
            for (var i = 0; i < pronunciations.Count; i++)
                text.Append(i == 0 ? word : $"{word}({i + 1})").Append(' ').Append(pronunciations[i]).Append('\n');
        return text.ToString();
    }

    /// <summary>flite's t2p ("pau n eh1 t f l ih k s pau") in the acoustic model's phone set ("N EH T F L IH K S").</summary>
    private static async Task<string> LetterToSoundAsync(string word, CancellationToken cancellationToken)
    {
        var output = await RunAsync("t2p", [word], cancellationToken);
        var phones = output.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p != "pau")
            .Select(p => p.TrimEnd('0', '1', '2').ToUpperInvariant() switch { "AX" => "AH", var x => x })
            .Where(AcousticPhones.Contains)
            .ToList();
        return phones.Count > 0 ? string.Join(' ', phones) : throw new InvalidOperationException($"No pronunciation for '{word}'.");
    }

    private static async Task<string> RunAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} failed: {await errors}");
        return await output;
    }
}
