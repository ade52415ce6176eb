namespace Finance.Ledger.Contexts;

public sealed record LedgerContext(Guid Id, string Name, string Kind, string BaseCurrency, string TimeZone)
{
    public TimeZoneInfo Zone => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
}

/// <summary>Who is acting and in which context: the "current user" of one message.</summary>
public sealed record Member(Guid UserId, string? DisplayName, string Language, string Role, LedgerContext Context, bool IsNew)
{
    public bool CanWrite => Role is "owner" or "editor";
}
