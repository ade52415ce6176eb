namespace Finance.Channels.WebChat;

/// <summary>The answer to <c>POST /webchat/session</c>: the id the page keeps and sends with every call.</summary>
public sealed record WebChatSession(string ChatId);
