using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Finance.Conversation.Replies;

/// <summary>
/// Every word the bot says, in one language. Each language is one file, <c>Replies/Languages/CODE.json</c>
/// (embedded): adding a language means adding its file. Reading a file fails when it misses a key or has one
/// the bot does not know, and a test reads them all. A text may be written as an array of lines.
/// </summary>
public sealed class Phrases
{
    public const string DefaultLanguage = "en";

    private const string ResourcePrefix = "Finance.Conversation.Replies.Languages.";

    private static readonly JsonSerializerOptions FileFormat = new()
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new TextOrLines() },
    };

    private static readonly ConcurrentDictionary<string, Phrases> Loaded = new();

    /// <summary>The codes of the languages the bot speaks: one per file.</summary>
    public static IReadOnlyList<string> Languages { get; } = typeof(Phrases).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".json".Length]).Order(StringComparer.Ordinal).ToList();

    /// <summary>The phrases of a language; a language the bot does not speak gets English.</summary>
    public static Phrases For(string language) =>
        Loaded.GetOrAdd(Languages.Contains(language) ? language : DefaultLanguage, Read);

    public static Phrases English => For("en");

    /// <summary>The language one of <see cref="LanguageNames"/> names ("português" → "pt"), or null.</summary>
    public static string? LanguageNamed(string word) =>
        Languages.FirstOrDefault(code => For(code).LanguageNames.Contains(word.Trim().ToLowerInvariant()));

    /// <summary>Reads one language's file; throws when it is missing, malformed or incomplete.</summary>
    public static Phrases Read(string language)
    {
        using var stream = typeof(Phrases).Assembly.GetManifestResourceStream(ResourcePrefix + language + ".json")
            ?? throw new InvalidOperationException($"No phrases for the language '{language}'.");
        return Read(stream);
    }

    /// <summary>Reads a language file's JSON; throws <see cref="JsonException"/> when a phrase is missing or unknown.</summary>
    public static Phrases Read(Stream json) =>
        JsonSerializer.Deserialize<Phrases>(json, FileFormat) ?? throw new JsonException("A phrases file holds one object.");

    /// <summary>The language's code, as users and /settings name it: the file's name.</summary>
    public required string Language { get; init; }
    /// <summary>The .NET culture numbers are written in.</summary>
    public required string Culture { get; init; }
    /// <summary>Words that name this language in /settings language ….</summary>
    public required IReadOnlyList<string> LanguageNames { get; init; }
    /// <summary>A calendar day of this year ("Nov 20", "20/11").</summary>
    public required string DayFormat { get; init; }
    /// <summary>A calendar day of another year.</summary>
    public required string DayWithYearFormat { get; init; }
    /// <summary>weekly, monthly, yearly as said after an amount.</summary>
    public required IReadOnlyDictionary<string, string> Cadences { get; init; }
    /// <summary>weekly, monthly, yearly as said after "every".</summary>
    public required IReadOnlyDictionary<string, string> CadenceUnits { get; init; }
    /// <summary>Every category of the taxonomy, as the bot names it.</summary>
    public required IReadOnlyDictionary<string, string> Categories { get; init; }
    /// <summary>How an amount's currency is written before it; others get their ISO code.</summary>
    public required IReadOnlyDictionary<string, string> CurrencySymbols { get; init; }
    public required string Help { get; init; }
    public required string Welcome { get; init; }
    public required string Booked { get; init; }
    public required string BookedMany { get; init; }
    public required string Total { get; init; }
    public required string NothingUnderstood { get; init; }
    public required string NothingToUndo { get; init; }
    public required string Undone { get; init; }
    public required string SummaryTitle { get; init; }
    public required string Spent { get; init; }
    public required string Earned { get; init; }
    public required string Moved { get; init; }
    public required string NoSpendingYet { get; init; }
    public required string CategoryChanged { get; init; }
    public required string CategoryUsage { get; init; }
    public required string NothingToCorrect { get; init; }
    public required string ViewerCannotBook { get; init; }
    public required string NotBooked { get; init; }
    public required string QueryTotal { get; init; }
    public required string QueryTopMerchants { get; init; }
    public required string QueryList { get; init; }
    public required string QueryNothing { get; init; }
    public required string NoRates { get; init; }
    public required string QueryMemberTotal { get; init; }
    public required string QueryNoMember { get; init; }
    public required string QueryBalance { get; init; }
    public required string QueryBankBalance { get; init; }
    public required string QueryPaidYes { get; init; }
    public required string QueryPaidNo { get; init; }
    public required string QueryPaidLast { get; init; }
    public required string QueryCompare { get; init; }
    public required string QueryAverage { get; init; }
    public required string UnitWeek { get; init; }
    public required string UnitMonth { get; init; }
    public required string UnitDay { get; init; }
    public required string QueryUnanswerable { get; init; }
    public required string QueryExample { get; init; }
    public required string At { get; init; }
    public required string On { get; init; }
    public required string Listening { get; init; }
    public required string ReadingReceipt { get; init; }
    public required string Heard { get; init; }
    public required string HeardNothing { get; init; }
    public required string OnlyTextVoiceAndPhotos { get; init; }
    public required string VoiceOnlyInEnglish { get; init; }
    public required string VoiceTooLong { get; init; }
    public required string FileTooLarge { get; init; }
    public required string ImageTooManyPixels { get; init; }
    public required string FileEmpty { get; init; }
    public required string AudioUnreadable { get; init; }
    public required string ImageUnreadable { get; init; }
    public required string NotAPhoto { get; init; }
    public required string ReceiptRead { get; init; }
    public required string ReceiptTotal { get; init; }
    public required string ReceiptTax { get; init; }
    public required string ReceiptFix { get; init; }
    public required string ReceiptFixTap { get; init; }
    public required string ReceiptTotalWas { get; init; }
    public required string ReceiptTotalQuestion { get; init; }
    public required string ReceiptTotalGuess { get; init; }
    public required string ReceiptUnreadable { get; init; }
    public required string ReceiptDamaged { get; init; }
    public required string WeekTitle { get; init; }
    public required string MonthTitle { get; init; }
    public required string NothingBooked { get; init; }
    public required string New { get; init; }
    public required string TopPlaces { get; init; }
    public required string Budgets { get; init; }
    public required string BudgetLine { get; init; }
    public required string DueSoon { get; init; }
    public required string ChartTitle { get; init; }
    public required string ChartMore { get; init; }
    public required string ChartNotDrawn { get; init; }
    public required string GroupTotals { get; init; }
    public required string NotConverted { get; init; }
    public required string BudgetNotCounted { get; init; }
    public required string UnknownCommand { get; init; }
    public required string ContextUnknown { get; init; }
    public required string ButtonUndo { get; init; }
    public required string ButtonCategory { get; init; }
    public required string ButtonMove { get; init; }
    public required string BudgetUsage { get; init; }
    public required string BudgetRemoved { get; init; }
    public required string BudgetSet { get; init; }
    public required string NoBudgets { get; init; }
    public required string BudgetExceeded { get; init; }
    public required string BudgetNearly { get; init; }
    public required string ContextsTitle { get; init; }
    public required string ContextsHelp { get; init; }
    public required string ContextNameTooLong { get; init; }
    public required string ContextExists { get; init; }
    public required string ContextCreated { get; init; }
    public required string ContextSwitched { get; init; }
    public required string OnlyOwnerInvites { get; init; }
    public required string InviteCode { get; init; }
    public required string JoinUsage { get; init; }
    public required string JoinUnknown { get; init; }
    public required string Joined { get; init; }
    public required string MoveUsage { get; init; }
    public required string MoveNowhere { get; init; }
    public required string MoveTo { get; init; }
    public required string MoveRefused { get; init; }
    public required string MovedTo { get; init; }
    public required string SeveralItems { get; init; }
    public required string SettingsShow { get; init; }
    public required string LanguageUsage { get; init; }
    public required string LanguageSet { get; init; }
    public required string OnlyOwnerSettings { get; init; }
    public required string CurrencyInvalid { get; init; }
    public required string CurrencySet { get; init; }
    public required string TimeZoneUnknown { get; init; }
    public required string TimeZoneSet { get; init; }
    public required string SettingsUsage { get; init; }
    public required string Today { get; init; }
    public required string Yesterday { get; init; }
    public required string OnDay { get; init; }
    public required string FromTo { get; init; }
    public required string SubscriptionIgnored { get; init; }
    public required string SubscriptionStopped { get; init; }
    public required string SubscriptionPaused { get; init; }
    public required string SubscriptionResumed { get; init; }
    public required string SubscriptionRemind { get; init; }
    public required string SubscriptionsUsage { get; init; }
    public required string SubscriptionExample { get; init; }
    public required string Tracked { get; init; }
    public required string NoSubscriptions { get; init; }
    public required string SubscriptionsTitle { get; init; }
    public required string SubscriptionNext { get; init; }
    public required string MonthlyTotal { get; init; }
    public required string SubscriptionNotFound { get; init; }
    public required string SubscriptionPriceChanged { get; init; }
    public required string SubscriptionRenewsToday { get; init; }
    public required string SubscriptionRenews { get; init; }
    public required string SubscriptionFound { get; init; }
    public required string ButtonTrack { get; init; }
    public required string ButtonNo { get; init; }
    public required string RateLimited { get; init; }
    public required string UnknownButton { get; init; }
    public required string UnknownPeriod { get; init; }
    public required string DayTitle { get; init; }
    public required string YearTitle { get; init; }
    public required string WhatFor { get; init; }
    public required string WhatForUnsure { get; init; }
    public required string DuplicateQuestion { get; init; }
    public required string ButtonBookAgain { get; init; }
    public required string NotBookedAgain { get; init; }
    public required string SplitHowMany { get; init; }
    public required string SplitNote { get; init; }
    public required string SplitMemberNote { get; init; }
    public required string AlreadySo { get; init; }
    public required string CorrectionUnclear { get; init; }
    public required string NothingRecentToCorrect { get; init; }
    public required string Deleted { get; init; }
    public required string Restored { get; init; }
    public required string WhichOne { get; init; }
    public required string CategoryChangedOnce { get; init; }
    public required string Corrected { get; init; }
    // Statements sent in chat, bank matches and exports (Conversation/Commands/Statements.cs, Export.cs).
    public required string ViewerCannotImport { get; init; }
    public required string NotAStatement { get; init; }
    public required string Imported { get; init; }
    public required string ImportedNothingNew { get; init; }
    public required string AskSame { get; init; }
    public required string Same { get; init; }
    public required string Different { get; init; }
    public required string LinkedAnswer { get; init; }
    public required string BookedAnswer { get; init; }
    public required string AlreadyAnswered { get; init; }
    public required string LayoutGuess { get; init; }
    public required string DatesDayFirst { get; init; }
    public required string DatesMonthFirst { get; init; }
    public required string DecimalComma { get; init; }
    public required string DecimalDot { get; init; }
    public required string PositiveIsExpense { get; init; }
    public required string PositiveIsIncome { get; init; }
    public required string LooksRight { get; init; }
    public required string FlipDates { get; init; }
    public required string FlipDecimal { get; init; }
    public required string FlipSign { get; init; }
    public required string UploadGone { get; init; }
    public required string ExportCaption { get; init; }
    public required string ExportNothing { get; init; }
    // Bank connections (Conversation/Commands/Bank.cs, BankReplies.cs; the consent pages of the host).
    public required string BankHelp { get; init; }
    public required string BankNone { get; init; }
    public required string BankListTitle { get; init; }
    public required string BankLine { get; init; }
    public required string BankNeverSynced { get; init; }
    public required string BankLineExpired { get; init; }
    public required string ViewerCannotConnect { get; init; }
    public required string BanksOff { get; init; }
    public required string BankNoProvider { get; init; }
    public required string BankConnectUsage { get; init; }
    public required string BankNotFound { get; init; }
    public required string BankConsentLink { get; init; }
    public required string BankLinked { get; init; }
    public required string BankAllAccounts { get; init; }
    public required string BankLinkRefused { get; init; }
    public required string BankSyncNew { get; init; }
    public required string BankSyncLine { get; init; }
    public required string BankSyncLinkedLine { get; init; }
    public required string BankSyncMore { get; init; }
    public required string BankSyncNothing { get; init; }
    public required string BankSyncBusy { get; init; }
    public required string BankExpired { get; init; }
    public required string BankSyncFailed { get; init; }
    public required string BankConnectFailed { get; init; }
    public required string BankSyncStarted { get; init; }
    public required string BankSyncNoScheduler { get; init; }
    public required string BankSyncPartial { get; init; }
    public required string BankSyncRemoved { get; init; }
    public required string BankSyncUnlinked { get; init; }
    public required string BankDisconnectFailed { get; init; }
    public required string BankDisconnected { get; init; }
    public required string BankWhichOne { get; init; }
    public required string BankNotConnected { get; init; }
    public required string BankPageLinked { get; init; }
    public required string BankPageRefused { get; init; }
    public required string BankPageGone { get; init; }
    public required string BankPageRetry { get; init; }
    public required string BankPagePlaid { get; init; }
    public required string BankPagePlaidButton { get; init; }
    public required string BankPagePlaidResume { get; init; }
    public required string BankPagePlaidLost { get; init; }

    /// <summary>Long texts read better in the file as an array of lines.</summary>
    private sealed class TextOrLines : JsonConverter<string>
    {
        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String) return reader.GetString()!;
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("A phrase is a text or an array of lines.");
            var lines = new List<string>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) lines.Add(reader.GetString()!);
            return string.Join('\n', lines);
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}
