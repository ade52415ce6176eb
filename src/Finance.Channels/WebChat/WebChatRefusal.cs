namespace Finance.Channels.WebChat;

/// <summary>A post the web chat will not take, with the HTTP status that says why (400, 413, 415).</summary>
public sealed class WebChatRefusal(int statusCode, string reason) : Exception(reason)
{
    public int StatusCode { get; } = statusCode;
}
