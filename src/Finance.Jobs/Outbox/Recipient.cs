namespace Finance.Jobs.Outbox;

/// <summary>A member of a context and the chat they are reached in (their most recently linked channel).</summary>
public sealed record Recipient(Guid UserId, string Language, string Channel, string ChatId);
