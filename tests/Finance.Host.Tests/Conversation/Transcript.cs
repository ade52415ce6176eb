using System.Globalization;

namespace Finance.Host.Tests.Conversation;

/// <summary>One conversation file (see Transcripts/README.md): what the user sends, what the bot must answer,
/// and what the ledger must hold afterwards, in the order they happen.</summary>
public sealed record Transcript(string Name, string Language, IReadOnlyList<Transcript.Step> Steps)
{
    public abstract record Step(int Line);

    /// <summary><c>@ now 2026-11-30 12:04</c> (the context's local time) or <c>@ wait 5m</c>; <c>@ group</c>.</summary>
    public sealed record Setting(int Line, string Name, string Value) : Step(Line);

    /// <summary><c>&gt; [option] [option] text</c>: one message from the user.</summary>
    public sealed record Send(int Line, IReadOnlyList<(string Name, string Value)> Options, string Text) : Step(Line);

    /// <summary><c>&lt;</c> lines (the whole answer), <c>&lt;~</c> (contained), <c>&lt;!~</c> (not contained),
    /// <c>&lt;buttons</c>, <c>&lt;photo</c>, <c>&lt;none</c>.</summary>
    public sealed record Expect(int Line, string Kind, string Value) : Step(Line);

    /// <summary><c>= count: 1</c>, <c>= ledger: 6.30 dining; 4.00 groceries</c>, <c>= last category: dining</c>.</summary>
    public sealed record LedgerCheck(int Line, string Key, string Value) : Step(Line);

    public static Transcript Read(string path, string root)
    {
        var name = Path.GetRelativePath(root, path).Replace('\\', '/');
        // "corrections/actually.pt.txt" → pt
        var language = Path.GetExtension(Path.GetFileNameWithoutExtension(path)).TrimStart('.') is { Length: > 0 } l ? l : "en";
        var steps = new List<Step>();
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var number = i + 1;
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith('@')) steps.Add(ReadSetting(number, line[1..].Trim()));
            else if (line.StartsWith('>')) steps.Add(ReadSend(number, line[1..].Trim()));
            else if (line.StartsWith("<buttons")) steps.Add(new Expect(number, "buttons", line["<buttons".Length..].Trim()));
            else if (line.StartsWith("<photo")) steps.Add(new Expect(number, "photo", ""));
            else if (line.StartsWith("<none")) steps.Add(new Expect(number, "none", ""));
            else if (line.StartsWith("<!~")) steps.Add(new Expect(number, "lacks", line[3..].Trim()));
            else if (line.StartsWith("<~")) steps.Add(new Expect(number, "contains", line[2..].Trim()));
            else if (line.StartsWith('<'))
            {
                // Consecutive "<" lines are one answer of several lines.
                var text = new List<string> { Unprefixed(line) };
                while (i + 1 < lines.Length && lines[i + 1].StartsWith('<') && !IsSpecial(lines[i + 1]))
                    text.Add(Unprefixed(lines[++i]));
                steps.Add(new Expect(number, "exact", string.Join('\n', text)));
            }
            else if (line.StartsWith('='))
            {
                var colon = line.IndexOf(':');
                if (colon < 0) throw new FormatException($"{name}:{number}: '=' lines read '= key: value'.");
                steps.Add(new LedgerCheck(number, line[1..colon].Trim(), line[(colon + 1)..].Trim()));
            }
            else throw new FormatException($"{name}:{number}: a line starts with #, @, >, <, or =.");
        }
        return new Transcript(name, language, steps);
    }

    private static bool IsSpecial(string line) =>
        line.StartsWith("<~") || line.StartsWith("<!~") || line.StartsWith("<buttons") || line.StartsWith("<photo") || line.StartsWith("<none");

    /// <summary>"&lt; text" → "text"; "&lt;" alone is an empty line of the answer.</summary>
    private static string Unprefixed(string line) => line.Length > 1 && line[1] == ' ' ? line[2..] : line[1..];

    private static Setting ReadSetting(int number, string text)
    {
        var space = text.IndexOf(' ');
        return space < 0 ? new Setting(number, text, "") : new Setting(number, text[..space], text[(space + 1)..].Trim());
    }

    /// <summary>"[reply 2] [from Bia] actually 6" → options (reply, 2), (from, Bia) and the text "actually 6".</summary>
    private static Send ReadSend(int number, string text)
    {
        var options = new List<(string, string)>();
        while (text.StartsWith('['))
        {
            var end = text.IndexOf(']');
            if (end < 0) throw new FormatException($"line {number}: an option is [name value].");
            var option = text[1..end].Trim();
            var space = option.IndexOf(' ');
            options.Add(space < 0 ? (option, "") : (option[..space], option[(space + 1)..].Trim()));
            text = text[(end + 1)..].TrimStart();
        }
        return new Send(number, options, text);
    }

    /// <summary>"5m", "2h", "1d" → a span.</summary>
    public static TimeSpan Span(string value)
    {
        var number = double.Parse(value[..^1], CultureInfo.InvariantCulture);
        return value[^1] switch
        {
            's' => TimeSpan.FromSeconds(number),
            'm' => TimeSpan.FromMinutes(number),
            'h' => TimeSpan.FromHours(number),
            'd' => TimeSpan.FromDays(number),
            _ => throw new FormatException($"'{value}': a span is a number and s, m, h or d."),
        };
    }

    public override string ToString() => Name;
}
