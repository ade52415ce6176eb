using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Testing;

/// <summary>The bare Kestrel server under each loopback stand-in: 127.0.0.1, a free port, one request handler,
/// no routing table and no logging (benchmarks push thousands of requests a second through it).</summary>
internal static class LoopbackServer
{
    public static WebApplication Create(RequestDelegate handler)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0))
            // Handlers run on the thread that received the request (they only await): a thread wake-up less per request.
            .UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.Run(handler);
        return app;
    }

    /// <summary>Starts the server; returns its base address, e.g. http://127.0.0.1:41234.</summary>
    public static async Task<string> StartAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        return addresses.Addresses.Single().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
    }

    /// <summary>The uploaded files of a multipart request, by form field name.</summary>
    public static async Task<Dictionary<string, byte[]>> ReadFilesAsync(IFormFileCollection files)
    {
        var read = new Dictionary<string, byte[]>();
        foreach (var file in files)
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer);
            read[file.Name] = buffer.ToArray();
        }
        return read;
    }
}
