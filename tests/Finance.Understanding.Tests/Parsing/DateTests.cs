using Finance.Core;
using static Finance.Understanding.Tests.Parsing.ParserFixture;

namespace Finance.Understanding.Tests.Parsing;

/// <summary>Today is Wednesday 2026-11-25 in both test chats.</summary>
public class DateTests
{
    [Theory]
    [InlineData("coffee 4", "en", "2026-11-25")]
    [InlineData("coffee 4 today", "en", "2026-11-25")]
    [InlineData("hoje almoço 38", "pt", "2026-11-25")]
    [InlineData("dinner 64.80 yesterday", "en", "2026-11-24")]
    [InlineData("ontem almoço 42", "pt", "2026-11-24")]
    [InlineData("anteontem mercado 210", "pt", "2026-11-23")]
    [InlineData("day before yesterday taxi 22", "en", "2026-11-23")]
    [InlineData("dinner last friday 56", "en", "2026-11-20")]
    [InlineData("friday drinks 42", "en", "2026-11-20")]
    [InlineData("sexta passada bar 120", "pt", "2026-11-20")]
    [InlineData("na sexta pizza 75", "pt", "2026-11-20")]
    [InlineData("last wednesday lunch 12", "en", "2026-11-18")]
    [InlineData("quarta-feira almoço 30", "pt", "2026-11-18")]
    [InlineData("phone bill 70 on the 15th", "en", "2026-11-15")]
    [InlineData("rent on the 28th 1500", "en", "2026-10-28")]
    [InlineData("dia 15 conta de luz 190", "pt", "2026-11-15")]
    [InlineData("dia 30 internet 99", "pt", "2026-10-30")]
    [InlineData("3/11 dentista 200", "pt", "2026-11-03")]
    [InlineData("3/11 dentist 200", "en", "2026-03-11")]
    [InlineData("12/24 gifts 200", "en", "2025-12-24")]
    [InlineData("25/12 presente 80", "pt", "2025-12-25")]
    [InlineData("oct 31 costume 45", "en", "2026-10-31")]
    [InlineData("31 de outubro mercado 278", "pt", "2026-10-31")]
    [InlineData("dec 31 party 60", "en", "2025-12-31")]
    [InlineData("breakfast this morning 11.25", "en", "2026-11-25")]
    [InlineData("jantar ontem à noite 95", "pt", "2026-11-24")]
    [InlineData("2 days ago uber 18", "en", "2026-11-23")]
    [InlineData("há 3 dias uber 27", "pt", "2026-11-22")]
    [InlineData("a week ago haircut 20", "en", "2026-11-18")]
    [InlineData("groceries 120 and gas 40 yesterday", "en", "2026-11-24")]
    [InlineData("yesteday lunch 12", "en", "2026-11-24")]
    [InlineData("1º de novembro mercado 100", "pt", "2026-11-01")]
    [InlineData("ifood 45 ontem", "pt", "2026-11-24")]
    public void Dates_resolve_against_the_users_today(string text, string language, string expected)
    {
        foreach (var t in Parse(text, language).Transactions)
            Assert.Equal(DateOnly.Parse(expected), t.Date);
    }

    [Theory]
    [InlineData("monday lunch 10")]
    [InlineData("last tuesday lunch 10")]
    [InlineData("last wednesday lunch 10")]
    [InlineData("thursday lunch 10")]
    [InlineData("sunday lunch 10")]
    public void Weekdays_are_never_in_the_future(string text)
    {
        var date = Single(text).Date;
        Assert.True(date < new DateOnly(2026, 11, 25), $"{text} gave {date}");
        Assert.True(date >= new DateOnly(2026, 11, 18), $"{text} gave {date}");
    }

    [Fact]
    public void Today_is_the_users_local_date_not_the_servers()
    {
        // 02:30 UTC on the 23rd is still the evening of the 22nd in New York.
        var context = new ParseContext(DateTimeOffset.Parse("2026-11-23T02:30:00Z"), TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), "USD");
        Assert.Equal(new DateOnly(2026, 11, 22), Assert.Single(Parser.Parse("lunch 10", context).Transactions).Date);
    }

    [Fact]
    public void Each_item_keeps_its_own_date_when_it_has_one()
    {
        var parsed = Parse("ifood 45 ontem e uber 20 hoje", "pt");
        Assert.Equal([new DateOnly(2026, 11, 24), new DateOnly(2026, 11, 25)], parsed.Transactions.Select(t => t.Date));
    }

    [Fact]
    public void A_trailing_date_applies_to_every_item()
    {
        var parsed = Parse("mercado 120 e padaria 15 ontem", "pt");
        Assert.Equal(2, parsed.Transactions.Count);
        Assert.All(parsed.Transactions, t => Assert.Equal(new DateOnly(2026, 11, 24), t.Date));
    }
}
