using System.Net;

namespace Finance.Channels.WhatsApp;

/// <summary>The Graph API refused a call: its HTTP status, and the error code Meta says to act on.</summary>
public sealed class WhatsAppApiException(HttpStatusCode status, int? code, string message, TimeSpan? retryAfter = null)
    : Exception(message)
{
    /// <summary>Free-form messages to a user who has not written in 24 hours are refused with this code.</summary>
    public const int ReEngagementRequired = 131047;

    public HttpStatusCode Status { get; } = status;

    /// <summary>Meta's <c>error.code</c> (e.g. 131047, 130429), null when the answer was not Graph's error JSON.</summary>
    public int? Code { get; } = code;

    /// <summary>The user has not written in the last 24 hours: only an approved template may reach them now
    /// (<see cref="WhatsAppChannel.SendProactiveAsync(string, string, IReadOnlyList{string}, CancellationToken)"/>).</summary>
    /// <summary>How long the API asked us to wait (Retry-After), when it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public bool IsOutsideCustomerServiceWindow => Code == ReEngagementRequired;
}
