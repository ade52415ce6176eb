using System.Globalization;

namespace Finance.Host;

/// <summary>
/// <c>Finance.Host --health</c>: asks the running host's <c>/health</c> on this machine and exits 0 when it answers
/// 200, 1 otherwise. It is the container's HEALTHCHECK, so the image needs no shell trick (dash has no
/// <c>/dev/tcp</c>), curl or wget. The port is the one the host listens on: ASPNETCORE_URLS, else
/// ASPNETCORE_HTTP_PORTS, else 8080.
/// </summary>
public static class HealthProbe
{
    public const string Argument = "--health";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(4);

    public static async Task<int> RunAsync()
    {
        var url = HealthUrl(Environment.GetEnvironmentVariable("ASPNETCORE_URLS"), Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS"));
        try
        {
            using var http = new HttpClient { Timeout = Timeout };
            using var response = await http.GetAsync(url);
            if (response.IsSuccessStatusCode) return 0;
            await Console.Error.WriteLineAsync($"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"{url} did not answer: {e.Message}");
        }
        return 1;
    }

    /// <summary>The first http URL the host binds, with a wildcard host made 127.0.0.1.</summary>
    public static Uri HealthUrl(string? urls, string? httpPorts)
    {
        var bound = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase));
        var port = bound is not null ? PortOf(bound)
            : httpPorts?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() is { } first
                ? int.Parse(first, CultureInfo.InvariantCulture)
                : 8080;
        return new Uri($"http://127.0.0.1:{port}/health");
    }

    // "http://+:8080" and "http://*:8080" are not URIs; only the port after the last colon matters here.
    private static int PortOf(string url)
    {
        var authority = url["http://".Length..].Split('/')[0];
        var colon = authority.LastIndexOf(':');
        return colon >= 0 && !authority.EndsWith(']') ? int.Parse(authority[(colon + 1)..], CultureInfo.InvariantCulture) : 80;
    }
}
