using System.Net;
using Finance.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;

namespace Finance.Host.Tests.WebChat;

/// <summary>The real host on Kestrel at 127.0.0.1 (a browser cannot reach the in-memory test server), no Telegram
/// token, a fresh database, and one headless Debian Chromium for the test class.</summary>
public sealed class WebChatHost : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Chromium otherwise resolves Google hosts and probes public DNS: nothing may leave loopback.</summary>
    internal static readonly string[] LoopbackOnly =
    [
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
        // A synthetic microphone (a beep), so voice notes can be recorded without a device or a prompt.
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
    ];

    private WebApplicationFactory<Program>? factory;
    private IPlaywright? playwright;

    public LedgerDatabase Database { get; } = new();
    public IBrowser Browser { get; private set; } = null!;
    public IServiceProvider Services => factory!.Services;

    /// <summary>Literally http://127.0.0.1:PORT, never a name that would need resolving.</summary>
    public string Address { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:Finance", Database.ConnectionString);
            web.UseSetting("Finance:Pipeline:PollInterval", "00:00:00.100");
            web.UseSetting("Finance:Pipeline:FirstRetryDelay", "00:00:00.050");
            web.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        });
        factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        Address = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();

        // Playwright's driver would otherwise offer to download its own browsers; Debian's is the one to use.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            ChromiumSandbox = false,
            Args = LoopbackOnly,
        });
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    /// <summary>A page in a context of its own: its own localStorage, so its own chat and user.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "en-US",
            TimezoneId = "America/New_York",
            ViewportSize = new ViewportSize { Width = 480, Height = 760 },
            Permissions = ["microphone"],
        });
        return await context.NewPageAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql, object? chatId = null)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        if (chatId is not null) command.Parameters.AddWithValue("chat", chatId);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        if (factory is not null) await factory.DisposeAsync();
        await Database.DisposeAsync();
    }
}
