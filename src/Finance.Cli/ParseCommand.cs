using System.Globalization;
using System.Text.Json;
using Finance.Core;
using Finance.Understanding.Parsing;

namespace Finance.Cli;

/// <summary>`finance parse --jsonl [--now ISO] [--tz ZONE] [--currency CODE] [--lang en|pt]`: one message per
/// stdin line, one JSON object per stdout line, flushed as it goes so a caller can talk to it line by line.
/// The object has exactly the documented fields; `--details` adds language, description and the resolved query.</summary>
internal static class ParseCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        DateTimeOffset? now = null;
        var zone = TimeZoneInfo.Utc;
        var currency = "USD";
        var language = "en";
        var details = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--jsonl": break;
                    case "--details": details = true; break;
                    case "--now": now = DateTimeOffset.Parse(Value(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal); break;
                    case "--tz": zone = TimeZoneInfo.FindSystemTimeZoneById(Value()); break;
                    case "--currency": currency = Value().ToUpperInvariant(); break;
                    case "--lang": language = Value() is "pt" or "pt-br" or "pt-BR" ? "pt" : "en"; break;
                    default:
                        Console.Error.WriteLine($"unknown option {args[i]}");
                        return 2;
                }
            }
            catch (Exception e) when (e is ArgumentException or FormatException or TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
        }

        var parser = RuleParser.LoadDefault(out var modelProblem);
        if (modelProblem is not null) Console.Error.WriteLine($"note: {modelProblem}; categories from keywords and merchants only");
        var stdout = Console.OpenStandardOutput();
        using var buffer = new MemoryStream();
        using var stdin = new StreamReader(Console.OpenStandardInput());
        while (await stdin.ReadLineAsync(cancellationToken) is { } line)
        {
            var context = new ParseContext(now ?? DateTimeOffset.UtcNow, zone, currency, language);
            var parsed = parser.Parse(line, context);
            buffer.SetLength(0);
            using (var json = new Utf8JsonWriter(buffer, WriterOptions)) Write(json, parsed, details);
            buffer.WriteByte((byte)'\n');
            await stdout.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
            await stdout.FlushAsync(cancellationToken);
        }
        return 0;
    }

    // Names like "pão de açúcar" stay readable; the output is for pipes, never for HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(Utf8JsonWriter json, ParsedMessage parsed, bool details)
    {
        json.WriteStartObject();
        json.WriteString("intent", parsed.Intent.ToString().ToLowerInvariant());
        if (details) json.WriteString("language", parsed.Language);
        json.WriteStartArray("transactions");
        foreach (var t in parsed.Transactions)
        {
            json.WriteStartObject();
            json.WriteString("amount", CorpusEvaluation.FormatAmount(t.Amount));
            json.WriteString("currency", t.Currency);
            json.WriteString("direction", t.Direction.ToWire());
            json.WriteString("category", t.Category);
            if (t.Merchant is null) json.WriteNull("merchant"); else json.WriteString("merchant", t.Merchant);
            json.WriteString("date", t.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (details && t.Description is not null) json.WriteString("description", t.Description);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (details && parsed.Query is { } q)
        {
            json.WriteStartObject("query");
            json.WriteString("kind", CorpusEvaluation.KindName(q.Kind));
            json.WriteString("from", q.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteString("to", q.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            if (q.Category is null) json.WriteNull("category"); else json.WriteString("category", q.Category);
            if (q.Merchant is null) json.WriteNull("merchant"); else json.WriteString("merchant", q.Merchant);
            if (q.Member is not null) json.WriteString("member", q.Member);
            if (q.Subject is not null) json.WriteString("subject", q.Subject);
            if (q.Per is not null) json.WriteString("per", q.Per);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }
}
