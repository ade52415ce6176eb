using System.Text.RegularExpressions;

namespace Finance.Host.Tests.Conversation;

/// <summary>Questions people ask, answered from SQL through the real webhook, pipeline and PostgreSQL.</summary>
public sealed partial class QuestionsTests(FinanceHost host) : IClassFixture<FinanceHost>
{
    private Task<long> BookingsOfAsync(long chat) => host.ScalarAsync<long>($"""
        SELECT count(*) FROM transactions t JOIN channel_identities i ON i.user_id = t.created_by
        WHERE i.external_user_id = '{chat}'
        """);

    [Fact]
    public async Task The_balance_is_the_months_income_minus_its_expenses()
    {
        await host.SayAsync(4101, "salary 3000");
        await host.SayAsync(4101, "groceries 120.50");
        await host.SayAsync(4101, "rent 1500");

        var answer = await host.SayAsync(4101, "what's my balance?");

        Assert.Contains("+$1,379.50", answer);
        Assert.Contains("income $3,000.00 − spent $1,620.50", answer);
        Assert.Equal(3L, await BookingsOfAsync(4101));
    }

    [Fact]
    public async Task Did_I_pay_says_not_yet_until_the_payment_is_booked()
    {
        Assert.Contains("Not yet", await host.SayAsync(4102, "did I pay rent already?"));
        await host.SayAsync(4102, "rent 1500");

        var answer = await host.SayAsync(4102, "did I pay rent already?");

        Assert.StartsWith("✅ Yes", answer);
        Assert.Contains("$1,500.00", answer);
    }

    [Fact]
    public async Task Ja_paguei_a_luz_is_answered_in_portuguese()
    {
        Assert.Contains("Ainda não", await host.SayAsync(4103, "já paguei a luz?", "pt"));
        await host.SayAsync(4103, "conta de luz 120", "pt");

        Assert.Contains("Sim", await host.SayAsync(4103, "já paguei a luz?", "pt"));
    }

    [Fact]
    public async Task How_much_one_member_spent_counts_only_their_bookings()
    {
        await host.SayAsync(4111, "/context new Family USD");
        var code = InviteCode().Match(await host.SayAsync(4111, "/invite")).Groups[1].Value;
        await host.SayAsync(4112, "/join " + code);
        await host.ExecuteAsync("UPDATE users SET display_name = 'Bia' WHERE id = (SELECT user_id FROM channel_identities WHERE external_user_id = '4112')");
        await host.SayAsync(4111, "groceries 50");
        await host.SayAsync(4112, "groceries 30");
        await host.SayAsync(4112, "coffee 4");

        var answer = await host.SayAsync(4111, "how much did Bia spend this month?");

        Assert.Contains("$34.00", answer);
        Assert.Contains("(2 transactions)", answer);
        Assert.Contains("No one called Zed", await host.SayAsync(4111, "how much did Zed spend?"));
    }

    [Fact]
    public async Task A_money_question_the_bot_cannot_answer_is_said_so_and_never_booked()
    {
        var answer = await host.SayAsync(4104, "can I afford a 500 phone?");

        Assert.Contains("can't answer that one yet", answer);
        Assert.Contains("how much did I spend on groceries this month?", answer);
        Assert.Equal(0L, await BookingsOfAsync(4104));
    }

    [Fact]
    public async Task Other_currencies_convert_at_their_dates_rate_and_stay_side_by_side_without_one()
    {
        await host.SayAsync(4105, "coffee 10");
        await host.SayAsync(4105, "¥500 ramen");
        Assert.Contains("(no exchange rate for JPY yet", await host.SayAsync(4105, "how much did I spend this month?"));

        // Rates for every day the test may run across (the ledger's date is the user's local date).
        await host.ExecuteAsync("""
            INSERT INTO exchange_rates (rate_date, base, currency, rate)
            SELECT d::date, 'EUR', c.currency, c.rate
            FROM generate_series(current_date - 40, current_date + 1, interval '1 day') d,
                 (VALUES ('USD', 1.0800), ('JPY', 162.0000)) AS c(currency, rate)
            ON CONFLICT DO NOTHING
            """);
        await host.SayAsync(4105, "€45 lunch");

        var answer = await host.SayAsync(4105, "how much did I spend this month?");

        Assert.Contains("€45.00 ≈ $48.60", answer);
        Assert.Contains("$61.93", answer); // 10 + 48.60 + 500 / 162 × 1.08 (3.3333)
        Assert.DoesNotContain("no exchange rate", answer);

        // The display currency changes; what was booked does not.
        await host.SayAsync(4105, "/settings currency EUR");
        Assert.Contains("$10.00 ≈ €9.26", await host.SayAsync(4105, "how much did I spend this month?"));
        Assert.Equal("10.0000 USD", await host.ScalarAsync<string>("""
            SELECT t.amount || ' ' || t.currency FROM transactions t JOIN channel_identities i ON i.user_id = t.created_by
            WHERE i.external_user_id = '4105' AND t.description = 'coffee'
            """));
    }

    [Fact]
    public async Task An_average_per_week_spreads_the_spending_over_the_last_twelve_weeks()
    {
        await host.SayAsync(4106, "groceries 70");

        var answer = await host.SayAsync(4106, "average per week on groceries");

        Assert.Contains("On average $5.83 per week on groceries", answer);
        Assert.Contains("(total $70.00)", answer);
    }

    [Fact]
    public async Task This_week_is_compared_with_the_week_before()
    {
        await host.SayAsync(4107, "groceries 30");

        var answer = await host.SayAsync(4107, "compare this week to last week");

        Assert.StartsWith("You spent $30.00", answer);
        Assert.Contains("against $0.00", answer);
    }

    [GeneratedRegex(@": ([A-Z0-9]{8})\n")]
    private static partial Regex InviteCode();
}
