using Microsoft.AspNetCore.Http;
using Serilog.Events;

namespace Finance.Host.Tests.Operations;

public sealed class RequestLogTests
{
    [Theory]
    [InlineData(200, false, LogEventLevel.Information)]
    [InlineData(404, false, LogEventLevel.Information)]
    [InlineData(503, false, LogEventLevel.Warning)] // the outage answer: "deliver again later", every delivery of an outage
    [InlineData(500, false, LogEventLevel.Error)]
    [InlineData(502, false, LogEventLevel.Error)]
    [InlineData(503, true, LogEventLevel.Error)] // an exception that escaped is an error whatever the status
    public void A_request_is_logged_at_the_level_its_answer_deserves(int status, bool threw, LogEventLevel expected)
    {
        var context = new DefaultHttpContext { Response = { StatusCode = status } };

        Assert.Equal(expected, HostSetup.RequestLogLevel(context, 1.0, threw ? new InvalidOperationException("bug") : null));
    }

    [Theory]
    [InlineData("POST", "/webhooks/telegram", 200, LogEventLevel.Debug)] // the worker logs the message's outcome
    [InlineData("POST", "/webhooks/whatsapp", 200, LogEventLevel.Debug)]
    [InlineData("POST", "/webchat/messages", 202, LogEventLevel.Debug)]
    [InlineData("POST", "/webhooks/telegram", 401, LogEventLevel.Information)] // refused: nothing else logs it
    [InlineData("POST", "/webhooks/telegram", 503, LogEventLevel.Warning)]
    [InlineData("GET", "/webhooks/whatsapp", 200, LogEventLevel.Information)] // Meta's verification, not a message
    [InlineData("POST", "/webchat/session", 200, LogEventLevel.Information)]
    public void A_message_taken_in_is_logged_once_by_the_worker_not_again_by_its_request(
        string method, string path, int status, LogEventLevel expected)
    {
        var context = new DefaultHttpContext { Request = { Method = method, Path = path }, Response = { StatusCode = status } };

        Assert.Equal(expected, HostSetup.RequestLogLevel(context, 1.0, null));
    }
}
