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
}
