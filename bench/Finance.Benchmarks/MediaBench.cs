using Finance.Testing;
using System.Diagnostics;
using System.Globalization;
using Finance.Media;
using Finance.Media.Audio;
using Finance.Media.Ocr;
using Finance.Media.Speech;
using Microsoft.Extensions.Options;

namespace Finance.Benchmarks;

/// <summary>
/// `media ocr [--count N]`: OCR time per phone-size receipt photo and field accuracy on rendered receipts.
/// `media speech [--count N]`: real-time factor (wall clock and CPU) and amount accuracy of the offline engine, domain vs
/// general model, and the same notes at 8 kHz with the adapted vs the wideband acoustic model, on flite voices, clean and
/// with noise. Fixtures are made here with ImageMagick, flite, sox and ffmpeg.
/// </summary>
internal static class MediaBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var what = args.FirstOrDefault() ?? "all";
        var count = args.SkipWhile(a => a != "--count").Skip(1).Select(int.Parse).FirstOrDefault();
        var work = Directory.CreateTempSubdirectory("finance-media-bench-").FullName;
        try
        {
            if (what is "ocr" or "all") await OcrAsync(work, count > 0 ? count : 40);
            if (what is "speech" or "all") await SpeechAsync(work, count > 0 ? count : 30);
            return what is "ocr" or "speech" or "all" ? 0 : Usage();
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: Finance.Benchmarks media [ocr|speech|all] [--count N]");
        return 2;
    }

    // ---- OCR ----

    private sealed record Receipt(byte[] Image, decimal Total, DateOnly Date, string Merchant, string Variant);

    private static readonly string[] Merchants = ["SUNRISE MINI MARKET", "BLUE MOON DINER", "PADARIA SAO JORGE", "KEDAI RUNCIT AMAN", "CAFE CENTRAL", "GREEN VALLEY PHARMACY", "CITY HARDWARE", "TOKO BUKU MAJU"];
    private static readonly string[] Items = ["MILK 1L", "BREAD", "COFFEE", "EGGS 12", "RICE 5KG", "APPLES", "SOAP", "NOODLES", "JUICE", "CHEESE", "PAPER TOWEL", "TOOTHPASTE"];

    private static async Task OcrAsync(string work, int count)
    {
        var random = new Random(42);
        var receipts = new List<Receipt>();
        for (var i = 0; i < count; i++) receipts.Add(await RenderReceiptAsync(work, random, i));

        using var engine = new TesseractOcrEngine(Options.Create(new OcrOptions()), Options.Create(new MediaLimits()));
        var scanner = new ReceiptScanner(engine);
        await scanner.ScanReceiptAsync(receipts[0].Image, default); // load the models once

        var times = new List<double>();
        var byVariant = new Dictionary<string, List<double>>();
        int totals = 0, dates = 0, merchants = 0;
        var missed = new List<string>();
        foreach (var r in receipts)
        {
            var watch = Stopwatch.StartNew();
            var scan = await scanner.ScanReceiptAsync(r.Image, default);
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (!byVariant.TryGetValue(r.Variant, out var list)) byVariant[r.Variant] = list = [];
            list.Add(watch.Elapsed.TotalMilliseconds);
            if (scan.Fields.Total == r.Total) totals++; else missed.Add($"{r.Variant} total {scan.Fields.Total} ≠ {r.Total}");
            if (scan.Fields.Date == r.Date) dates++; else missed.Add($"{r.Variant} date {scan.Fields.Date} ≠ {r.Date}");
            if (string.Equals(scan.Fields.Merchant, r.Merchant, StringComparison.OrdinalIgnoreCase)) merchants++; else missed.Add($"{r.Variant} merchant {scan.Fields.Merchant} ≠ {r.Merchant}");
        }
        times.Sort();
        Console.WriteLine($"ocr: {count} receipts ({string.Join(", ", receipts.GroupBy(r => r.Variant).Select(g => $"{g.Count()} {g.Key}"))}), {Environment.ProcessorCount} cores, languages {new OcrOptions().Languages} (unsure lines again with {new OcrOptions().SecondOpinionLanguages})");
        Console.WriteLine($"ocr: time per receipt p50 {Percentile(times, 0.5):0} ms, p90 {Percentile(times, 0.9):0} ms, max {times[^1]:0} ms (one at a time)");

        foreach (var (variant, list) in byVariant)
        {
            list.Sort();
            Console.WriteLine($"ocr:   {variant,-8} p50 {Percentile(list, 0.5):0} ms");
        }
        var parallel = Stopwatch.StartNew();
        await Task.WhenAll(receipts.Select(r => scanner.ScanReceiptAsync(r.Image, default)));
        Console.WriteLine($"ocr: throughput with {Environment.ProcessorCount} engines {count / parallel.Elapsed.TotalSeconds:0.0} receipts/s");
        Console.WriteLine($"ocr: accuracy total {totals}/{count}, date {dates}/{count}, merchant {merchants}/{count}");
        foreach (var m in missed.Take(10)) Console.WriteLine($"  miss: {m}");
    }

    private static async Task<Receipt> RenderReceiptAsync(string work, Random random, int index)
    {
        var merchant = Merchants[random.Next(Merchants.Length)];
        var (symbol, decimalComma) = random.Next(4) switch { 0 => ("$", false), 1 => ("RM", false), 2 => ("R$", true), _ => ("EUR", true) };
        var date = new DateOnly(2016, 1, 1).AddDays(random.Next(3000));
        string Money(decimal v) => decimalComma ? v.ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',') : v.ToString("0.00", CultureInfo.InvariantCulture);
        var dateText = random.Next(4) switch
        {
            0 when symbol != "$" => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
            0 => date.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture),
            1 => date.ToString("dd-MMM-yyyy", CultureInfo.InvariantCulture).ToUpperInvariant(),
            2 => date.ToString("dd MMM yy", CultureInfo.InvariantCulture).ToUpperInvariant(),
            _ => date.ToString("MMM d, yyyy", CultureInfo.InvariantCulture).ToUpperInvariant(),
        };
        var lines = new List<string> { merchant, $"{random.Next(1, 999)} MAIN STREET", "", $"DATE {dateText}", "" };
        var subtotal = 0m;
        for (var i = random.Next(2, 9); i > 0; i--)
        {
            var price = random.Next(50, 5000) / 100m;
            subtotal += price;
            lines.Add($"{Items[random.Next(Items.Length)],-16}{Money(price),12}");
        }
        var tax = Math.Round(subtotal * 0.06m, 2);
        var total = subtotal + tax;
        var paid = Math.Ceiling(total / 10) * 10;
        lines.AddRange(["", $"{"SUBTOTAL",-16}{Money(subtotal),12}", $"{"TAX 6%",-16}{Money(tax),12}", $"{"TOTAL " + symbol,-16}{Money(total),12}",
            $"{"CASH",-16}{Money(paid),12}", $"{"CHANGE",-16}{Money(paid - total),12}", "", "THANK YOU"]);

        var variant = (index % 4) switch { 0 => "phone", 1 => "rotated", 2 => "noisy", _ => "small" };
        string[] effects = variant switch
        {
            // A 12 MP phone photo (3024 × 4032): the receipt enlarged on a grey page, slightly tilted and noisy.
            "phone" => ["-resize", "350%", "-background", "gray85", "-gravity", "center", "-extent", "3024x4032", "-rotate", "1.5", "-attenuate", "0.4", "+noise", "Gaussian"],
            "rotated" => ["-background", "white", "-rotate", "-2"],
            "noisy" => ["-attenuate", "0.6", "+noise", "Gaussian"],
            _ => ["-resize", "60%"],
        };
        var file = Path.Combine(work, $"receipt-{index}.jpg");
        var text = string.Join("\\n", lines.Select(l => l.Length == 0 ? " " : l.Replace("%", "%%")));
        await Tool.RunAsync("/usr/bin/convert", ["-seed", index.ToString(CultureInfo.InvariantCulture), "-background", "white", "-fill", "black",
            "-font", "DejaVu-Sans-Mono", "-pointsize", "26", $"label:{text}", "-alpha", "off", "-bordercolor", "white", "-border", "40", .. effects,
            "-colorspace", "Gray", "-depth", "8", "-quality", "88", file]);
        return new Receipt(await File.ReadAllBytesAsync(file), total, date, merchant, variant);
    }

    // ---- speech ----

    private static readonly string[] SpeechTemplates =
    [
        "spent {0} at {1}", "{1} {0}", "paid {0} for groceries at {1}", "lunch at {1} {0}", "{0} for gas yesterday", "coffee {0}",
    ];
    private static readonly string[] SpokenMerchants = ["walmart", "starbucks", "target", "shell", "costco", "amazon", "uber", "netflix"];
    private static readonly string[] Voices = ["slt", "rms", "kal16"];

    private static async Task SpeechAsync(string work, int count)
    {
        var random = new Random(7);
        var notes = new List<(byte[] Ogg, byte[] Telephone, decimal Amount, string Said, bool Noisy)>();
        for (var i = 0; i < count; i++)
        {
            var dollars = random.Next(3) switch { 0 => random.Next(1, 100), 1 => random.Next(100, 1000), _ => random.Next(1, 60) };
            var cents = random.Next(3) == 0 ? random.Next(1, 100) : 0;
            var spoken = cents == 0 ? $"{DomainLanguageModel.Words(dollars)} dollars" : $"{DomainLanguageModel.Words(dollars)} dollars and {DomainLanguageModel.Words(cents)} cents";
            var said = string.Format(CultureInfo.InvariantCulture, SpeechTemplates[random.Next(SpeechTemplates.Length)], spoken, SpokenMerchants[random.Next(SpokenMerchants.Length)]);
            var voice = Voices[i % Voices.Length];
            var wav = Path.Combine(work, $"note-{i}.wav");
            await Tool.RunAsync("flite", ["-voice", voice, "-t", said, "-o", wav]);
            var noisy = i % 2 == 1;
            if (noisy)
            {
                var seconds = (await Tool.RunAsync("soxi", ["-D", wav])).Trim();
                await Tool.RunAsync("sox", ["-n", "-r", "16000", "-c", "1", wav + ".noise.wav", "synth", seconds, "whitenoise", "vol", "0.03"]);
                await Tool.RunAsync("sox", ["-m", wav, wav + ".noise.wav", wav + ".mix.wav"]);
                wav += ".mix.wav";
            }
            var ogg = Path.Combine(work, $"note-{i}.ogg");
            await Tool.RunAsync("ffmpeg", ["-nostdin", "-loglevel", "error", "-y", "-i", wav, "-c:a", "libopus", "-b:a", "24k", ogg]);
            var telephone = Path.Combine(work, $"note-{i}-8k.wav"); // the same note as a phone line carries it
            await Tool.RunAsync("ffmpeg", ["-nostdin", "-loglevel", "error", "-y", "-i", wav, "-ar", "8000", telephone]);
            notes.Add((await File.ReadAllBytesAsync(ogg), await File.ReadAllBytesAsync(telephone), dollars + cents / 100m, said, noisy));
        }

        var decoder = new AudioDecoder(Options.Create(new MediaLimits()));
        var decoded = new List<DecodedAudio>();
        var decodeWatch = Stopwatch.StartNew();
        foreach (var note in notes) decoded.Add(await decoder.DecodeAsync(note.Ogg, default));
        var audioSeconds = decoded.Sum(d => d.Duration.TotalSeconds);
        Console.WriteLine($"speech: {count} voice notes ({audioSeconds:0} s of audio, voices {string.Join('/', Voices)}, every other one with white noise at vol 0.03)");
        Console.WriteLine($"speech: ffmpeg decode {decodeWatch.Elapsed.TotalMilliseconds / count:0} ms per note");
        var decodedTelephone = new List<DecodedAudio>();
        foreach (var note in notes) decodedTelephone.Add(await decoder.DecodeAsync(note.Telephone, default));

        using var process = Process.GetCurrentProcess();
        // Checking the numbers heard among other words against every senone's score costs CPU: the domain model runs with and
        // without the check in the same sitting.
        var gap = new SpeechOptions().MaxNumberAcousticGap;
        (string Name, bool Domain, bool Narrowband, double AcousticGap, List<DecodedAudio> Audio)[] runs =
        [
            ("domain model ", true, true, gap, decoded), ("domain model, numbers not checked", true, true, 0, decoded),
            ("general model", false, true, gap, decoded),
            ("8 kHz, adapted model ", true, true, gap, decodedTelephone), ("8 kHz, wideband model", true, false, gap, decodedTelephone),
        ];
        foreach (var (name, domain, narrowband, acousticGap, audio) in runs)
        {
            var startWatch = Stopwatch.StartNew();
            using var engine = new PocketSphinxSpeechToText(Options.Create(new SpeechOptions
            {
                UseDomainModel = domain, UseNarrowbandModel = narrowband, MaxNumberAcousticGap = acousticGap, MaxConcurrentDecoders = 1,
            }));
            await engine.TranscribeAsync(audio[0], "en", default); // load the decoder
            var loadMs = startWatch.Elapsed.TotalMilliseconds;
            int clean = 0, noisy = 0;
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < notes.Count; i++)
            {
                var text = await engine.TranscribeAsync(audio[i], "en", default);
                var hit = text.Split(' ').Any(t => decimal.TryParse(t, CultureInfo.InvariantCulture, out var d) && d == notes[i].Amount);
                if (hit && notes[i].Noisy) noisy++; else if (hit) clean++;
                if (!hit && domain) Console.WriteLine($"  miss ({name.Trim()}): \"{notes[i].Said}\"{(notes[i].Noisy ? " (noisy)" : "")} → \"{text}\"");
            }
            var rtf = watch.Elapsed.TotalSeconds / audioSeconds;
            process.Refresh();
            var cpuRtf = (process.TotalProcessorTime - cpu).TotalSeconds / audioSeconds;
            var cleanCount = notes.Count(n => !n.Noisy);
            Console.WriteLine($"speech: {name} RTF {rtf:0.000} (CPU {cpuRtf:0.000}), first load {loadMs:0} ms, amount accuracy clean {clean}/{cleanCount}, noisy {noisy}/{notes.Count - cleanCount}");
        }
    }

    // ---- shared ----

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Clamp(Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
