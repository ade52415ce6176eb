using Finance.Core;
using Finance.Understanding.Parsing;

namespace Finance.Understanding.Tests.Parsing;

/// <summary>The rule parser with the shipped merchant list and no category model (keywords and merchants
/// only), and the chat defaults the cases below assume.</summary>
public static class ParserFixture
{
    public static readonly RuleParser Parser = new(null, MerchantDirectory.LoadDefault());

    /// <summary>Wednesday 25 November 2026, 12:30 in São Paulo.</summary>
    public static ParseContext Brazil => new(DateTimeOffset.Parse("2026-11-25T15:30:00Z"), TimeZoneInfo.FindSystemTimeZoneById("America/Sao_Paulo"), "BRL", "pt");

    /// <summary>Wednesday 25 November 2026, 10:30 in New York.</summary>
    public static ParseContext UnitedStates => new(DateTimeOffset.Parse("2026-11-25T15:30:00Z"), TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), "USD", "en");

    public static ParseContext For(string language) => language == "pt" ? Brazil : UnitedStates;

    public static ParsedMessage Parse(string text, string language = "en") => Parser.Parse(text, For(language));

    public static ParsedTransaction Single(string text, string language = "en")
    {
        var parsed = Parse(text, language);
        Assert.Equal(Intent.Record, parsed.Intent);
        return Assert.Single(parsed.Transactions);
    }
}
