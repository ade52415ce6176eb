using Finance.Banks.Statements;
using Finance.Conversation;
using Finance.Conversation.Commands;
using Finance.Ledger;
using Finance.Ledger.Contexts;
using Finance.Testing;
using static Finance.Banks.Tests.BankTestContext;
using static Finance.Banks.Tests.Statements.StatementReaderTests;

namespace Finance.Banks.Tests.Chat;

/// <summary>A statement sent in chat, through the conversation command the pipeline calls for a document.</summary>
public sealed class StatementsInChatTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    private readonly Finance.Conversation.Commands.Statements statements = new(new StatementImport(NewIngest()), new StatementUploadStore(), NewIngest());

    private static Turn TurnOf(LedgerSession session, Member member, string text = "") =>
        new(session, member, Message(member.UserId.ToString()), text, DateTimeOffset.Parse("2026-10-20T12:00:00Z"));

    private static Task<long> LiveCountAsync(LedgerSession session) =>
        session.QuerySingleAsync<long>("SELECT count(*) FROM transactions WHERE deleted_at IS NULL");

    [Fact]
    public async Task A_viewer_cannot_import_a_statement()
    {
        string code;
        var (owner, ownerMember) = await EnterAsync(db);
        await using (owner)
        {
            code = await new ContextStore(TimeProvider.System).InviteAsync(owner, "viewer", TimeSpan.FromHours(1));
            await owner.CommitAsync();
        }
        var (session, viewer) = await EnterAsync(db);
        await using var _s = session;
        await new ContextStore(TimeProvider.System).JoinAsync(session, code);
        viewer = (await new MemberStore(TimeProvider.System).SwitchAsync(session, viewer, ownerMember.Context.Id))!;
        Assert.Equal("viewer", viewer.Role);

        var answer = await statements.HandleFileAsync(TurnOf(session, viewer), File("uk-signed.csv"), "uk-signed.csv");

        Assert.Equal("refused", answer.Outcome);
        Assert.Equal(0, await LiveCountAsync(session));
    }

    [Fact]
    public async Task A_statement_sent_in_chat_is_imported_and_a_doubtful_match_is_asked_with_buttons()
    {
        var (session, member) = await EnterAsync(db);
        await using var _s = session;
        var chatted = await ChatAsync(session, 41.10m, "pingo", Day, currency: member.Context.BaseCurrency);
        var file = System.Text.Encoding.UTF8.GetBytes(
            $"Date,Description,Amount,Currency\n2026-10-07,LIDL GB 1234,-41.10,{member.Context.BaseCurrency}\n2026-10-08,NETFLIX.COM,-9.99,{member.Context.BaseCurrency}\n");

        var answer = await statements.HandleFileAsync(TurnOf(session, member), file, "october.csv");

        Assert.Equal("imported", answer.Outcome);
        var button = answer.Reply!.Buttons!.Single()[0];
        Assert.StartsWith("/bankmatch ", button.Data);
        Assert.Equal(2, await LiveCountAsync(session)); // the chatted one and Netflix; Lidl waits for the answer

        var answered = await statements.AnswerMatchAsync(TurnOf(session, member, button.Data));

        Assert.Equal("answered", answered.Outcome);
        Assert.Equal(2, await LiveCountAsync(session));
        Assert.Equal(chatted, await session.QuerySingleAsync<long>("SELECT transaction_id FROM bank_rows WHERE description LIKE 'LIDL%'"));
    }

    [Fact]
    public async Task A_layout_in_doubt_is_answered_with_its_guess_and_a_button_imports_it_once()
    {
        var (session, member) = await EnterAsync(db);
        await using var _s = session;

        var answer = await statements.HandleFileAsync(TurnOf(session, member), File("ambiguous.csv"), "ambiguous.csv");

        Assert.Equal("layout_asked", answer.Outcome);
        Assert.Equal(0, await LiveCountAsync(session));
        var buttons = answer.Reply!.Buttons!.SelectMany(r => r).ToList();
        Assert.Equal(3, buttons.Count); // looks right, swap day and month, positive is money in
        var swap = buttons[1].Data;

        var imported = await statements.ConfirmAsync(TurnOf(session, member, swap));
        var again = await statements.ConfirmAsync(TurnOf(session, member, buttons[0].Data));

        Assert.Equal("imported", imported.Outcome);
        Assert.Equal(3, await LiveCountAsync(session));
        Assert.Equal(new DateOnly(2026, 3, 10), await session.QuerySingleAsync<DateOnly>("SELECT min(local_date) FROM transactions"));
        Assert.Equal("answered", again.Outcome); // the upload was imported already
        Assert.Equal(3, await LiveCountAsync(session));
    }

    [Fact]
    public async Task A_file_that_is_no_statement_is_answered_plainly()
    {
        var (session, member) = await EnterAsync(db);
        await using var _s = session;

        var answer = await statements.HandleFileAsync(TurnOf(session, member), "hello there\n"u8.ToArray(), "notes.txt");

        Assert.Equal("not_a_statement", answer.Outcome);
    }
}
