namespace Finance.Understanding.Tests.Llm;

/// <summary>A clock the test moves by hand; timers still run on real time, so timeouts behave as in production.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
