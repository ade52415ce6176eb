namespace Finance.Understanding.Llm;

public enum CircuitState { Closed, Open, HalfOpen }

/// <summary>
/// Stops calling an endpoint that keeps failing: after <paramref name="failureThreshold"/> failures in a
/// row it opens for <paramref name="coolDown"/>, then lets one trial call through; that call's outcome
/// closes it or opens it again. Callers that are turned away answer from rules at once instead of
/// waiting out a timeout per message.
/// </summary>
public sealed class CircuitBreaker(int failureThreshold, TimeSpan coolDown, TimeProvider time)
{
    private readonly Lock gate = new();
    private int consecutiveFailures;
    private DateTimeOffset? openedAt;
    private bool trialInFlight;

    public CircuitState State
    {
        get
        {
            lock (gate)
            {
                return openedAt is null ? CircuitState.Closed
                    : trialInFlight || time.GetUtcNow() - openedAt >= coolDown ? CircuitState.HalfOpen
                    : CircuitState.Open;
            }
        }
    }

    /// <summary>True when a call may go out; every true must be followed by one Record… call.</summary>
    public bool TryEnter()
    {
        lock (gate)
        {
            if (openedAt is null)
                return true;
            if (trialInFlight || time.GetUtcNow() - openedAt < coolDown)
                return false;
            trialInFlight = true;
            return true;
        }
    }

    public void RecordSuccess()
    {
        lock (gate)
        {
            consecutiveFailures = 0;
            openedAt = null;
            trialInFlight = false;
        }
    }

    /// <returns>True when this failure opened the breaker (worth telling operators about).</returns>
    public bool RecordFailure()
    {
        lock (gate)
        {
            consecutiveFailures++;
            var opens = trialInFlight || consecutiveFailures >= failureThreshold;
            if (opens)
                openedAt = time.GetUtcNow();
            trialInFlight = false;
            return opens;
        }
    }

    /// <summary>The caller gave up (its own cancellation): says nothing about the endpoint, but frees the trial slot.</summary>
    public void RecordAbandoned()
    {
        lock (gate)
            trialInFlight = false;
    }
}
