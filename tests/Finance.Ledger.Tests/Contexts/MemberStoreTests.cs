using Finance.Ledger.Contexts;
using Finance.Testing;

namespace Finance.Ledger.Tests.Contexts;

public sealed class MemberStoreTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    private readonly MemberStore members = new(TimeProvider.System);

    [Fact]
    public async Task A_first_message_creates_a_personal_context_with_defaults_from_the_language_code()
    {
        await using var session = await LedgerSession.BeginAsync(db.DataSource, default);
        var member = await members.EnterAsync(session, RowLevelSecurityTests.Message("m-pt", language: "pt-br"));
        await session.CommitAsync();

        Assert.True(member.IsNew);
        Assert.Equal(("pt", "owner", "personal", "BRL", "America/Sao_Paulo"),
            (member.Language, member.Role, member.Context.Kind, member.Context.BaseCurrency, member.Context.TimeZone));
    }

    [Fact]
    public async Task A_known_sender_enters_the_same_context_again()
    {
        Member first, second;
        await using (var session = await LedgerSession.BeginAsync(db.DataSource, default))
        {
            first = await members.EnterAsync(session, RowLevelSecurityTests.Message("m-again", language: "en-GB"));
            await session.CommitAsync();
        }
        await using (var session = await LedgerSession.BeginAsync(db.DataSource, default))
        {
            second = await members.EnterAsync(session, RowLevelSecurityTests.Message("m-again", language: "en-GB"));
            await session.CommitAsync();
        }

        Assert.False(second.IsNew);
        Assert.Equal(first.Context, second.Context);
        Assert.Equal("GBP", second.Context.BaseCurrency);
    }
}
