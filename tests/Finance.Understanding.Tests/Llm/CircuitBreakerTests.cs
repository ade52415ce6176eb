using Finance.Understanding.Llm;

namespace Finance.Understanding.Tests.Llm;

public sealed class CircuitBreakerTests
{
    private readonly ManualClock clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    private CircuitBreaker Breaker() => new(failureThreshold: 3, coolDown: TimeSpan.FromSeconds(30), clock);

    private static void Fail(CircuitBreaker breaker, int times)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.True(breaker.TryEnter());
            breaker.RecordFailure();
        }
    }

    [Fact]
    public void Opens_after_the_threshold_of_consecutive_failures()
    {
        var breaker = Breaker();
        Fail(breaker, 2);
        Assert.Equal(CircuitState.Closed, breaker.State);

        Fail(breaker, 1);

        Assert.Equal(CircuitState.Open, breaker.State);
        Assert.False(breaker.TryEnter());
    }

    [Fact]
    public void A_success_resets_the_count_of_failures()
    {
        var breaker = Breaker();
        Fail(breaker, 2);
        Assert.True(breaker.TryEnter());
        breaker.RecordSuccess();

        Fail(breaker, 2);

        Assert.Equal(CircuitState.Closed, breaker.State);
    }

    [Fact]
    public void After_the_cool_down_exactly_one_trial_goes_through()
    {
        var breaker = Breaker();
        Fail(breaker, 3);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(breaker.TryEnter());

        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(CircuitState.HalfOpen, breaker.State);
        Assert.True(breaker.TryEnter());
        Assert.False(breaker.TryEnter());
    }

    [Fact]
    public void Successful_trial_closes_and_failed_trial_reopens()
    {
        var breaker = Breaker();
        Fail(breaker, 3);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(breaker.TryEnter());
        breaker.RecordFailure();
        Assert.Equal(CircuitState.Open, breaker.State);

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(breaker.TryEnter());
        breaker.RecordSuccess();

        Assert.Equal(CircuitState.Closed, breaker.State);
        Assert.True(breaker.TryEnter());
    }

    [Fact]
    public void Abandoned_trial_frees_the_slot_for_another()
    {
        var breaker = Breaker();
        Fail(breaker, 3);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(breaker.TryEnter());

        breaker.RecordAbandoned();

        Assert.True(breaker.TryEnter());
    }
}
