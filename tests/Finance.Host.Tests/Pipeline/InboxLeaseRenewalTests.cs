using Finance.Host.Pipeline;
using Finance.Host.Tests.Media;
using Finance.Ledger.Inbox;
using Finance.Media.Audio;
using Finance.Media.Speech;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Serilog.Core;
using Serilog.Events;

namespace Finance.Host.Tests.Pipeline;

/// <summary>The worker renews the lease of the batch it works on, so a message worked on longer than a lease (photos that
/// waited for an OCR engine) is not taken by another host. The host's timers run on a clock the test moves: the renewal
/// comes when the test says, not after a wait. A batch held past Finance:Pipeline:MaxHold (a hang: only a bug gets there)
/// is given up, and its message is answered by the next claim.</summary>
public sealed class InboxLeaseRenewalTests(MediaFiles files) : IClassFixture<MediaFiles>
{
    [Fact]
    public async Task A_message_worked_on_past_its_lease_keeps_it_and_is_not_taken_by_another_host()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await StartHostAsync(clock, new WorkerLogs());
        const long chat = 7301;
        var lease = new PipelineOptions().Lease;
        var (id, booking) = await PostHeldAtItsBookingAsync(host, chat);
        await using (booking)
        {
            // The lease the claim took has run out (moved on PostgreSQL's clock, not waited for).
            await host.ExecuteAsync($"UPDATE inbox SET leased_until = now() - interval '1 second' WHERE id = {id}");

            clock.Advance(lease / 3); // the worker's renewal is due

            Assert.True(await host.EventuallyAsync(
                $"SELECT leased_until > now() + interval '{(lease * 2 / 3).TotalSeconds} seconds' FROM inbox WHERE id = {id}", true));
            Assert.Empty(await new InboxStore(host.Database.DataSource).ClaimAsync("another-host", 10, lease, default));
        }

        // Let go, the message is booked and answered once, by the worker that claimed it.
        Assert.Equal("done", await host.EventuallyAsync($"SELECT status FROM inbox WHERE id = {id}", "done"));
        Assert.Contains("$4.50", Assert.Single(host.RepliesTo(chat)));
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM transactions WHERE amount = 4.50"));
        Assert.Equal(1, await host.ScalarAsync<int>($"SELECT attempts FROM inbox WHERE id = {id}"));
    }

    [Fact]
    public async Task A_worker_whose_lease_ran_out_under_it_books_and_answers_nothing_once_another_claim_took_the_message()
    {
        var logs = new WorkerLogs();
        await using var host = await StartHostAsync(new FakeTimeProvider(DateTimeOffset.UtcNow), logs);
        const long chat = 7304;
        var lease = new PipelineOptions().Lease;
        var (id, booking) = await PostHeldAtItsBookingAsync(host, chat);
        await using (booking)
        {
            // No renewal came (the clock stands still, as if PostgreSQL had been away): the lease ran out (moved on
            // PostgreSQL's clock) and another host took the message.
            await host.ExecuteAsync($"UPDATE inbox SET leased_until = now() - interval '1 second' WHERE id = {id}");
            Assert.Single(await new InboxStore(host.Database.DataSource).ClaimAsync("another-host", 10, lease, default));
        }

        // Let go, the first worker's booking goes on, but its answer is refused on a row it no longer holds: its transaction
        // does not commit, and it sends nothing. The message is the other host's to answer.
        await logs.AnswerDropped.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Empty(host.RepliesTo(chat));
        Assert.Equal(0L, await host.ScalarAsync<long>(MediaUpdates.BookedBy(chat, "count(*)")));
        Assert.Equal("another-host|pending|-", await host.ScalarAsync<string>(
            $"SELECT locked_by || '|' || status || '|' || coalesce(outcome, '-') FROM inbox WHERE id = {id}"));
    }

    [Fact]
    public async Task A_batch_hung_past_its_longest_hold_is_given_up_and_its_message_answered_once_by_the_next_claim()
    {
        await using var hung = await HangingHost.StartAsync(maxAttempts: 5);
        const long chat = 7302;
        var id = await hung.PostVoiceNoteGivenUpAsync(chat, files);

        Assert.Equal("done", await hung.Host.EventuallyAsync($"SELECT status FROM inbox WHERE id = {id}", "done", TimeSpan.FromSeconds(30)));
        Assert.Equal(2, await hung.Host.ScalarAsync<int>($"SELECT attempts FROM inbox WHERE id = {id}"));
        Assert.Contains("✅ Booked $4.50", Assert.Single(hung.Host.RepliesTo(chat), r => r.Contains("Booked")));

        // The hung reading ends after all ("tea 9.99"): the work given up was cancelled, and an answer goes only on a row its
        // worker still holds, so it books and sends nothing, and the row keeps the answer that went out.
        hung.Engine.Release.SetResult();
        await hung.Logs.GivenUpBatchEnded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(hung.Host.RepliesTo(chat), r => r.Contains("9.99"));
        Assert.Single(hung.Host.RepliesTo(chat), r => r.Contains("Booked"));
        Assert.Contains("$4.50", await hung.Host.ScalarAsync<string>($"SELECT reply::text FROM inbox WHERE id = {id}"));
        Assert.Equal("4.50", await hung.Host.ScalarAsync<string>(MediaUpdates.BookedBy(chat, "string_agg(amount::numeric(10,2)::text, ',')")));
        Assert.Equal(2, hung.Engine.Calls);
    }

    [Fact]
    public async Task A_message_whose_last_attempt_hung_is_answered_with_the_apology_instead_of_read_again()
    {
        await using var hung = await HangingHost.StartAsync(maxAttempts: 1);
        const long chat = 7303;
        var id = await hung.PostVoiceNoteGivenUpAsync(chat, files);

        Assert.Equal("dead", await hung.Host.EventuallyAsync($"SELECT status FROM inbox WHERE id = {id}", "dead", TimeSpan.FromSeconds(30)));
        Assert.Contains("NOT booked", hung.Host.RepliesTo(chat)[^1]);
        Assert.Equal(1, hung.Engine.Calls); // not read a second time
        hung.Engine.Release.SetResult();
    }

    /// <summary>A host whose timers run on <paramref name="clock"/>, its worker's log read by <paramref name="logs"/>.</summary>
    private static async Task<FinanceHost> StartHostAsync(FakeTimeProvider clock, WorkerLogs logs)
    {
        var host = new FinanceHost { Services = services => services.AddSingleton<TimeProvider>(clock).AddSingleton<ILogEventSink>(logs) };
        await host.InitializeAsync();
        return host;
    }

    /// <summary>Posts "coffee 4.50" while a lock holds its booking back, and waits until the booking waits for it: the
    /// message is worked on until the test disposes of the returned connection (its transaction, and the lock, end).</summary>
    private static async Task<(long Id, NpgsqlConnection Booking)> PostHeldAtItsBookingAsync(FinanceHost host, long chat)
    {
        var holder = new NpgsqlConnection(host.Database.ConnectionString);
        await holder.OpenAsync();
        var hold = await holder.BeginTransactionAsync();
        await new NpgsqlCommand("LOCK TABLE transactions IN EXCLUSIVE MODE", holder, hold).ExecuteNonQueryAsync();
        (await host.PostAsync(FinanceHost.TextUpdate(chat, "coffee 4.50"))).EnsureSuccessStatusCode();
        Assert.Equal(1L, await host.EventuallyAsync(
            "SELECT count(*) FROM pg_locks WHERE relation = 'transactions'::regclass AND NOT granted", 1L));
        return (await host.ScalarAsync<long>($"SELECT id FROM inbox WHERE chat_id = '{chat}'"), holder);
    }

    /// <summary>A host whose only speech engine hangs on its first note (ignoring its cancellation, as a bug's hang would),
    /// with a lease no renewal comes within before the hold runs out, and one message a batch.</summary>
    private sealed record HangingHost(FinanceHost Host, FakeTimeProvider Clock, HangsOnce Engine, WorkerLogs Logs) : IAsyncDisposable
    {
        public static async Task<HangingHost> StartAsync(int maxAttempts)
        {
            var hung = new HangingHost(new FinanceHost(), new FakeTimeProvider(DateTimeOffset.UtcNow), new HangsOnce(), new WorkerLogs());
            hung.Host.Services = services => services.AddSingleton<TimeProvider>(hung.Clock)
                .AddSingleton<IEnumerable<ISpeechToText>>([hung.Engine]).AddSingleton<ILogEventSink>(hung.Logs);
            hung.Host.Settings["Finance:Pipeline:Lease"] = "01:00:00";
            hung.Host.Settings["Finance:Pipeline:MaxHold"] = "00:10:00";
            hung.Host.Settings["Finance:Pipeline:BatchSize"] = "1";
            hung.Host.Settings["Finance:Pipeline:MaxAttempts"] = maxAttempts.ToString();
            await hung.Host.InitializeAsync();
            return hung;
        }

        /// <summary>Posts a voice note, whose reading hangs; the hold runs out (the clock moved, not waited for), so the
        /// worker gives the batch up and goes on, and so does its lease (moved on PostgreSQL's clock): the next claim, this
        /// host's own (no other is there), has the note. Returns its inbox id.</summary>
        public async Task<long> PostVoiceNoteGivenUpAsync(long chat, MediaFiles files)
        {
            var voice = Host.Telegram.AddFile(await files.VoiceNoteAsync("coffee four dollars fifty"), $"voice/hang-{chat}.oga");
            (await Host.PostAsync(MediaUpdates.Voice(chat, voice, seconds: 2))).EnsureSuccessStatusCode();
            await Engine.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var id = await Host.ScalarAsync<long>($"SELECT id FROM inbox WHERE chat_id = '{chat}'");
            Clock.Advance(TimeSpan.FromMinutes(10));
            await Host.ExecuteAsync($"UPDATE inbox SET leased_until = now() - interval '1 second' WHERE id = {id}");
            return id;
        }

        public ValueTask DisposeAsync() => new(Host.DisposeAsync());
    }

    /// <summary>Hears "coffee 4.50"; its first note hangs until the test lets it go, and is then heard as "tea 9.99".</summary>
    private sealed class HangsOnce : ISpeechToText
    {
        private int calls;
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Calls => calls;
        public string Name => "hangs-once";
        public bool SupportsLanguage(string? language) => true;

        public async Task<string> TranscribeAsync(DecodedAudio audio, string? language, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref calls) > 1) return "coffee 4.50";
            Entered.SetResult();
            await Release.Task; // the token is not looked at
            return "tea 9.99";
        }
    }

    /// <summary>Completes when the worker says the work of a batch it gave up ended after all, or that a message it
    /// handled had been taken by another claim: the moments a test waits for, since what it checks then is that nothing
    /// more happened.</summary>
    private sealed class WorkerLogs : ILogEventSink
    {
        public TaskCompletionSource GivenUpBatchEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource AnswerDropped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Emit(LogEvent logEvent)
        {
            var text = logEvent.MessageTemplate.Text;
            if (text.StartsWith("A batch given up earlier ended after all")) GivenUpBatchEnded.TrySetResult();
            if (text.Contains("its answer here is dropped")) AnswerDropped.TrySetResult();
        }
    }
}
