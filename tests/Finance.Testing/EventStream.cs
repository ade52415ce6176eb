using System.Net.ServerSentEvents;
using System.Text.Json;

namespace Finance.Testing;

/// <summary>Reads a server-sent event stream as a browser's EventSource would, skipping events other than
/// <paramref name="eventType"/> (keep-alive pings).</summary>
public sealed class EventStream(HttpResponseMessage response, Stream body, string eventType) : IAsyncDisposable
{
    private readonly IAsyncEnumerator<SseItem<string>> items = SseParser.Create(body).EnumerateAsync().GetAsyncEnumerator();

    public async Task<SseItem<string>> NextReplyAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var next = items.MoveNextAsync().AsTask();
            if (await Task.WhenAny(next, Task.Delay(Timeout.Infinite, deadline.Token).ContinueWith(_ => { }, TaskScheduler.Default)) != next)
                throw new TimeoutException("No reply on the event stream.");
            if (!await next) throw new InvalidOperationException("The event stream ended.");
            if (items.Current.EventType == eventType) return items.Current;
        }
    }

    /// <summary>The "text" of the next <paramref name="count"/> events' JSON.</summary>
    public async Task<List<string>> TextsAsync(int count, TimeSpan? timeout = null)
    {
        var texts = new List<string>();
        for (var i = 0; i < count; i++)
            texts.Add(JsonDocument.Parse((await NextReplyAsync(timeout)).Data).RootElement.GetProperty("text").GetString()!);
        return texts;
    }

    public async ValueTask DisposeAsync()
    {
        response.Dispose();
        try
        {
            await items.DisposeAsync();
        }
        catch (NotSupportedException)
        {
            // A read that timed out is still pending on the now aborted body; nothing is left to release.
        }
    }
}
