using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Finance.Testing;

/// <summary>The European Central Bank's euro reference rates on 127.0.0.1: <c>/daily.xml</c> and
/// <c>/hist-90d.xml</c> in the ECB's gesmes XML, from the days and rates a test sets; <see cref="Status"/>
/// other than 200 makes it fail.</summary>
public sealed class LoopbackEcbRates : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly RecordedCalls<string> calls = new("ECB rates", path => path);

    private LoopbackEcbRates() => app = LoopbackServer.Create(HandleAsync);

    public string BaseUrl { get; private set; } = "";
    public string DailyUrl => BaseUrl + "/daily.xml";
    public string HistoryUrl => BaseUrl + "/hist-90d.xml";

    /// <summary>Rates per euro by day; the daily feed serves the newest day, the 90-day feed all of them.</summary>
    public SortedDictionary<DateOnly, Dictionary<string, decimal>> Days { get; } = new();

    public int Status { get; set; } = 200;

    public IReadOnlyList<string> Requests => calls.All;

    public Task WaitForAsync(string path, TimeSpan? timeout = null) => calls.WaitForAsync(c => c.Contains(path), timeout);

    public static async Task<LoopbackEcbRates> StartAsync()
    {
        var stand = new LoopbackEcbRates();
        stand.BaseUrl = await LoopbackServer.StartAsync(stand.app);
        return stand;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        string? body = path switch
        {
            "/daily.xml" => Xml(Days.Reverse().Take(1)),
            "/hist-90d.xml" => Xml(Days.Reverse()),
            _ => null,
        };
        context.Response.StatusCode = body is null ? 404 : Status;
        context.Response.ContentType = "text/xml";
        if (Status == 200 && body is not null) await context.Response.WriteAsync(body, context.RequestAborted);
        calls.Add(path); // after the answer is written: a test waiting on the call sees what it was sent
    }

    private static string Xml(IEnumerable<KeyValuePair<DateOnly, Dictionary<string, decimal>>> days)
    {
        var xml = new StringBuilder("""
            <?xml version="1.0" encoding="UTF-8"?>
            <gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
            	<gesmes:subject>Reference rates</gesmes:subject>
            	<gesmes:Sender>
            		<gesmes:name>European Central Bank</gesmes:name>
            	</gesmes:Sender>
            	<Cube>
            """).Append('\n');
        foreach (var (day, rates) in days)
        {
            xml.Append(CultureInfo.InvariantCulture, $"\t\t<Cube time='{day:yyyy-MM-dd}'>\n");
            foreach (var (currency, rate) in rates)
                xml.Append(CultureInfo.InvariantCulture, $"\t\t\t<Cube currency='{currency}' rate='{rate}'/>\n");
            xml.Append("\t\t</Cube>\n");
        }
        return xml.Append("\t</Cube>\n</gesmes:Envelope>\n").ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
