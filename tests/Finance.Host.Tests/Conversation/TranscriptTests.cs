using System.Globalization;
using System.Text.Json.Nodes;
using Finance.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Finance.Host.Tests.Conversation.Transcript;

namespace Finance.Host.Tests.Conversation;

/// <summary>The real host, PostgreSQL and Telegram stand-in on a clock the transcripts set.</summary>
public sealed class TranscriptHost : IAsyncLifetime
{
    /// <summary>A Wednesday at noon: "today", "yesterday" and "this week" mean the same on every run.</summary>
    public static readonly DateTime DefaultLocalNow = new(2026, 11, 25, 12, 0, 0);

    public FinanceHost Host { get; } = new();
    public ManualClock Clock { get; } = new(new DateTimeOffset(DefaultLocalNow, TimeSpan.Zero));

    public async Task InitializeAsync()
    {
        Host.Settings["Finance:Jobs:Enabled"] = "false"; // no summary may arrive in the middle of a transcript
        Host.Services = services => services.AddSingleton<TimeProvider>(Clock);
        await Host.InitializeAsync();
    }

    public Task DisposeAsync() => Host.DisposeAsync();
}

/// <summary>Every file under Conversation/Transcripts is one case: the user's messages go through the real
/// webhook, inbox, pipeline and ledger; the bot's answers and the ledger are checked line by line.</summary>
public sealed class TranscriptTests(TranscriptHost fixture) : IClassFixture<TranscriptHost>
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Conversation", "Transcripts");
    private static long nextChat = 9_000_000;
    private static long nextId = 5_000_000;

    public static TheoryData<string> Cases()
    {
        var cases = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Root, "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            cases.Add(Path.GetRelativePath(Root, file).Replace('\\', '/'));
        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Transcript_holds(string file)
    {
        var transcript = Read(Path.Combine(Root, file), Root);
        await new Run(fixture, transcript, Interlocked.Increment(ref nextChat)).PlayAsync();
    }

    /// <summary>One transcript being played: its chat, its users and the answers so far.</summary>
    private sealed class Run(TranscriptHost fixture, Transcript transcript, long chatNumber)
    {
        private readonly FinanceHost host = fixture.Host;
        private readonly TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(
            transcript.Language == "pt" ? "America/Sao_Paulo" : "America/New_York");
        private readonly List<Turn> turns = [];
        private readonly Dictionary<string, long> users = new(StringComparer.OrdinalIgnoreCase);
        private bool group;

        private sealed record Turn(long UpdateId, string? SentMessageId, IReadOnlyList<TelegramApiCall> Replies);

        private long ChatId => group ? -chatNumber : chatNumber;
        private string MainUser => (group ? chatNumber * 10 + 1 : chatNumber).ToString(CultureInfo.InvariantCulture);
        private string LanguageCode => transcript.Language == "pt" ? "pt-BR" : "en";

        public async Task PlayAsync()
        {
            SetLocalNow(TranscriptHost.DefaultLocalNow);
            try { await PlayStepsAsync(); }
            // Rates are shared by every context: one transcript's rates must not convert another's amounts.
            finally { await host.ExecuteAsync("DELETE FROM exchange_rates"); }
        }

        private async Task PlayStepsAsync()
        {
            foreach (var step in transcript.Steps)
            {
                var where = $"{transcript.Name}:{step.Line}";
                switch (step)
                {
                    case Setting { Name: "now" } s: SetLocalNow(DateTime.Parse(s.Value, CultureInfo.InvariantCulture)); break;
                    case Setting { Name: "wait" } s: fixture.Clock.Advance(Span(s.Value)); break;
                    case Setting { Name: "group" }: group = true; break;
                    case Setting { Name: "rate" } s: await SetRateAsync(s.Value, where); break;
                    case Setting s: throw new FormatException($"{where}: unknown setting '@ {s.Name}'.");
                    case Send send: turns.Add(await SendAsync(send, where)); break;
                    case Expect expect: Check(expect, where); break;
                    case LedgerCheck ledger: await CheckLedgerAsync(ledger, where); break;
                }
            }
        }

        /// <summary>"2026-11-24 USD 1.08": on that day one euro bought 1.08 dollars (the reference rates' shape).</summary>
        private Task SetRateAsync(string value, string where)
        {
            var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3 || !DateOnly.TryParse(parts[0], CultureInfo.InvariantCulture, out var day) || parts[1].Length != 3 ||
                !decimal.TryParse(parts[2], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate))
                throw new FormatException($"{where}: a rate reads '@ rate 2026-11-24 USD 1.08'.");
            return host.ExecuteAsync(FormattableString.Invariant(
                $"INSERT INTO exchange_rates (rate_date, base, currency, rate) VALUES ('{day:yyyy-MM-dd}', 'EUR', '{parts[1].ToUpperInvariant()}', {rate})"));
        }

        private void SetLocalNow(DateTime local) =>
            fixture.Clock.Set(new DateTimeOffset(local, zone.GetUtcOffset(local)));

        private DateOnly LocalToday => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(fixture.Clock.GetUtcNow(), zone).DateTime);

        private async Task<Turn> SendAsync(Send send, string where)
        {
            var options = send.Options.ToDictionary(o => o.Name, o => o.Value);
            var update = Update(send, options, where);
            var updateId = update["update_id"]!.GetValue<long>();
            var before = host.Telegram.Calls.Count;
            (await host.PostAsync(update)).EnsureSuccessStatusCode();
            var status = await host.EventuallyAsync(
                $"SELECT coalesce((SELECT status FROM inbox WHERE channel = 'telegram' AND external_id = '{updateId}'), 'absent')",
                "done", TimeSpan.FromSeconds(30));
            if (status != "done")
            {
                var error = await host.ScalarAsync<object>(
                    $"SELECT coalesce((SELECT last_error || ' / ' || coalesce(outcome, '-') || ' / ' || coalesce(reply::text, '-') || ' / ' || (message->>'text') FROM inbox WHERE channel = 'telegram' AND external_id = '{updateId}'), '')");
                Assert.Fail($"{where}: the message was not answered (inbox: {status}) {error}");
            }
            var sent = await host.ScalarAsync<object>(
                $"SELECT coalesce(sent_message_id, '') FROM inbox WHERE channel = 'telegram' AND external_id = '{updateId}'") as string;
            var replies = host.Telegram.Calls.Skip(before)
                .Where(c => c.Method is "sendMessage" or "sendPhoto" && c.Field("chat_id") == ChatId.ToString(CultureInfo.InvariantCulture))
                .ToList();
            return new Turn(updateId, string.IsNullOrEmpty(sent) ? null : sent, replies);
        }

        private JsonObject Update(Send send, Dictionary<string, string> options, string where)
        {
            var from = From(options.GetValueOrDefault("from"));
            var date = fixture.Clock.GetUtcNow().ToUnixTimeSeconds();
            var chat = group
                ? new JsonObject { ["id"] = ChatId, ["type"] = "group", ["title"] = "Transcript group" }
                : new JsonObject { ["id"] = ChatId, ["type"] = "private", ["first_name"] = "Ana" };
            if (options.TryGetValue("button", out var label) || options.TryGetValue("data", out _))
            {
                var (data, messageId) = options.TryGetValue("data", out var raw)
                    ? (raw, turns.LastOrDefault(t => t.SentMessageId is not null)?.SentMessageId ?? "1")
                    : Button(label!, where);
                return new JsonObject
                {
                    ["update_id"] = Interlocked.Increment(ref nextId),
                    ["callback_query"] = new JsonObject
                    {
                        ["id"] = "cb" + Interlocked.Increment(ref nextId),
                        ["from"] = from,
                        ["message"] = new JsonObject
                        {
                            ["message_id"] = long.Parse(messageId, CultureInfo.InvariantCulture),
                            ["from"] = Bot(),
                            ["chat"] = chat,
                            ["date"] = date,
                            ["text"] = "…",
                        },
                        ["chat_instance"] = "1",
                        ["data"] = data,
                    },
                };
            }

            var message = new JsonObject
            {
                ["message_id"] = Interlocked.Increment(ref nextId),
                ["from"] = from,
                ["chat"] = chat,
                ["date"] = date,
            };
            if (send.Text.Length > 0)
            {
                message[options.ContainsKey("photo") ? "caption" : "text"] = WithInviteCode(send.Text, where);
                // Telegram marks commands and @mentions as entities; the bot relies on them in groups.
                var entities = new JsonArray();
                foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(send.Text, @"(?<=^|\s)(/\w+|@\w+)"))
                    entities.Add(new JsonObject { ["type"] = m.Value[0] == '/' ? "bot_command" : "mention", ["offset"] = m.Index, ["length"] = m.Length });
                if (entities.Count > 0) message[options.ContainsKey("photo") ? "caption_entities" : "entities"] = entities;
            }
            if (options.TryGetValue("reply", out var replyTo))
            {
                var turn = replyTo.Length == 0 ? turns.LastOrDefault() : turns.ElementAtOrDefault(int.Parse(replyTo, CultureInfo.InvariantCulture) - 1);
                if (turn?.SentMessageId is not { } repliedTo) throw new FormatException($"{where}: no answer to reply to.");
                message["reply_to_message"] = new JsonObject
                {
                    ["message_id"] = long.Parse(repliedTo, CultureInfo.InvariantCulture),
                    ["from"] = Bot(),
                    ["chat"] = chat.DeepClone(),
                    ["date"] = date,
                    ["text"] = turn.Replies.LastOrDefault()?.Field("text") ?? "…",
                };
            }
            if (options.TryGetValue("photo", out var photo))
            {
                var bytes = File.ReadAllBytes(Path.Combine(Root, "files", photo));
                var fileId = host.Telegram.AddFile(bytes, "photos/" + photo);
                message["photo"] = new JsonArray(new JsonObject
                {
                    ["file_id"] = fileId, ["file_unique_id"] = "U" + fileId, ["width"] = 600, ["height"] = 800, ["file_size"] = bytes.Length,
                });
            }
            if (options.ContainsKey("sticker"))
                message["sticker"] = new JsonObject
                {
                    ["file_id"] = "STICKER", ["file_unique_id"] = "USTICKER", ["type"] = "regular", ["width"] = 512, ["height"] = 512,
                    ["is_animated"] = false, ["is_video"] = false, ["emoji"] = "👍",
                };
            if (options.ContainsKey("location"))
                message["location"] = new JsonObject { ["latitude"] = -23.5505, ["longitude"] = -46.6333 };
            if (options.ContainsKey("venue"))
            {
                message["location"] = new JsonObject { ["latitude"] = -23.5505, ["longitude"] = -46.6333 };
                message["venue"] = new JsonObject
                {
                    ["location"] = new JsonObject { ["latitude"] = -23.5505, ["longitude"] = -46.6333 },
                    ["title"] = "Padaria Real", ["address"] = "Rua Augusta 1",
                };
            }
            if (options.ContainsKey("contact"))
                message["contact"] = new JsonObject { ["phone_number"] = "+5511999990000", ["first_name"] = "Bia" };
            if (options.ContainsKey("gif"))
            {
                // Telegram sends a GIF as an animation and, for older clients, as a document too.
                var gif = new JsonObject
                {
                    ["file_id"] = "GIF", ["file_unique_id"] = "UGIF", ["width"] = 320, ["height"] = 240, ["duration"] = 2,
                    ["file_name"] = "party.gif.mp4", ["mime_type"] = "video/mp4", ["file_size"] = 90000,
                };
                message["animation"] = gif;
                message["document"] = new JsonObject
                {
                    ["file_id"] = "GIF", ["file_unique_id"] = "UGIF", ["file_name"] = "party.gif.mp4", ["mime_type"] = "video/mp4", ["file_size"] = 90000,
                };
            }
            return new JsonObject { ["update_id"] = Interlocked.Increment(ref nextId), ["message"] = message };
        }

        /// <summary>"/join {invite}": the code of the latest answer that gave one.</summary>
        private string WithInviteCode(string text, string where)
        {
            if (!text.Contains("{invite}", StringComparison.Ordinal)) return text;
            var code = turns.SelectMany(t => t.Replies).Select(r => System.Text.RegularExpressions.Regex.Match(r.Field("text") ?? "", @"/join ([A-Z0-9]{8})\b"))
                .LastOrDefault(m => m.Success)?.Groups[1].Value ?? throw new FormatException($"{where}: no answer so far gave an invite code.");
            return text.Replace("{invite}", code, StringComparison.Ordinal);
        }

        /// <summary>The latest answer's button with this label (emoji may be left out): its data and message.</summary>
        private (string Data, string MessageId) Button(string label, string where)
        {
            foreach (var turn in Enumerable.Reverse(turns))
            foreach (var reply in Enumerable.Reverse(turn.Replies))
            {
                var match = Buttons(reply).FirstOrDefault(b => b.Text == label || b.Text.EndsWith(" " + label, StringComparison.Ordinal));
                if (match.Data is not null) return (match.Data, turn.SentMessageId ?? "1");
            }
            throw new FormatException($"{where}: no answer so far has a button '{label}'.");
        }

        private static IReadOnlyList<(string Text, string Data)> Buttons(TelegramApiCall call) =>
            call.JsonField("reply_markup")?["inline_keyboard"]?.AsArray()
                .SelectMany(row => row!.AsArray())
                .Select(b => (b!["text"]!.GetValue<string>(), b["callback_data"]!.GetValue<string>()))
                .ToList() ?? [];

        private JsonObject From(string? name)
        {
            name ??= "Ana";
            if (!users.TryGetValue(name, out var id))
                users[name] = id = group ? chatNumber * 10 + users.Count + 1 : chatNumber + users.Count * 1_000_000;
            return new JsonObject { ["id"] = id, ["is_bot"] = false, ["first_name"] = name, ["language_code"] = LanguageCode };
        }

        private static JsonObject Bot() => new()
        {
            ["id"] = LoopbackTelegramApi.BotUserId, ["is_bot"] = true, ["first_name"] = "Finance", ["username"] = LoopbackTelegramApi.BotUsername,
        };

        private void Check(Expect expect, string where)
        {
            var turn = turns.LastOrDefault() ?? throw new FormatException($"{where}: an expectation before any message.");
            var answer = turn.Replies.LastOrDefault();
            var text = answer is null ? null : answer.Field("text") ?? answer.Field("caption") ?? "";
            var all = string.Join("\n", turn.Replies.Select(r => r.Field("text") ?? r.Field("caption") ?? ""));
            switch (expect.Kind)
            {
                case "none":
                    Assert.True(turn.Replies.Count == 0, $"{where}: expected silence, the bot said:\n{all}");
                    break;
                case "exact":
                    Assert.True(expect.Value == text, $"{where}: expected the answer\n{expect.Value}\nbut it was\n{text ?? "(nothing)"}");
                    break;
                case "contains":
                    Assert.True(all.Contains(expect.Value, StringComparison.Ordinal), $"{where}: expected '{expect.Value}' in\n{all}");
                    break;
                case "lacks":
                    Assert.False(all.Contains(expect.Value, StringComparison.Ordinal), $"{where}: did not expect '{expect.Value}' in\n{all}");
                    break;
                case "buttons":
                    var buttons = answer is null ? "" : string.Join(" | ", Buttons(answer).Select(b => b.Text));
                    Assert.True(expect.Value == buttons, $"{where}: expected the buttons\n{expect.Value}\nbut they were\n{buttons}");
                    break;
                case "photo":
                    Assert.True(answer?.Method == "sendPhoto", $"{where}: expected a picture with the answer.");
                    break;
            }
        }

        private async Task CheckLedgerAsync(LedgerCheck ledger, string where)
        {
            const string Live = """
                FROM transactions t WHERE t.deleted_at IS NULL AND t.context_id = (
                    SELECT u.active_context_id FROM channel_identities i JOIN users u ON u.id = i.user_id
                    WHERE i.channel = 'telegram' AND i.external_user_id = '{0}')
                """;
            var live = string.Format(CultureInfo.InvariantCulture, Live, MainUser);
            var last = $"(SELECT t.* {live} ORDER BY t.id DESC LIMIT 1) AS t";
            string actual;
            switch (ledger.Key)
            {
                case "count":
                    actual = (await host.ScalarAsync<long>($"SELECT count(*) {live}")).ToString(CultureInfo.InvariantCulture);
                    break;
                case "ledger":
                    actual = await host.ScalarAsync<object>(
                        $"SELECT coalesce(string_agg(to_char(t.amount, 'FM999999990.00') || ' ' || t.category, '; ' ORDER BY t.id), 'none') {live}") as string ?? "none";
                    break;
                case "authors":
                    actual = await host.ScalarAsync<object>(
                        $"SELECT coalesce(string_agg(to_char(t.amount, 'FM999999990.00') || ' ' || coalesce(u.display_name, '?'), '; ' ORDER BY t.id), 'none') FROM (SELECT t.* {live}) t JOIN users u ON u.id = t.created_by") as string ?? "none";
                    break;
                case "last amount": actual = await Field("to_char(t.amount, 'FM999999990.00')"); break;
                case "last currency": actual = await Field("t.currency"); break;
                case "last category": actual = await Field("t.category"); break;
                case "last merchant": actual = await Field("coalesce(t.merchant, 'none')"); break;
                case "last note": actual = await Field("coalesce(t.description, 'none')"); break;
                case "last date":
                    var date = DateOnly.Parse(await Field("to_char(t.local_date, 'YYYY-MM-DD')"), CultureInfo.InvariantCulture);
                    actual = date == LocalToday ? "today" : date == LocalToday.AddDays(-1) ? "yesterday" : date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    break;
                default: throw new FormatException($"{where}: unknown ledger check '= {ledger.Key}'.");
            }
            Assert.True(ledger.Value == actual, $"{where}: expected {ledger.Key} '{ledger.Value}' but the ledger has '{actual}'.");

            async Task<string> Field(string expression) =>
                await host.ScalarAsync<object>($"SELECT coalesce((SELECT {expression} FROM {last}), 'nothing')") as string ?? "nothing";
        }
    }
}
