using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Finance.Media.Tests.Speech;

/// <summary>
/// A stand-in for an OpenAI-compatible transcription server (whisper.cpp, faster-whisper, OpenAI) on
/// 127.0.0.1: it answers multipart POST /v1/audio/transcriptions with {"text": …} and records each request.
/// </summary>
public sealed class LoopbackTranscriptionServer : IAsyncDisposable
{
    public sealed record Received(string? Model, string? Language, string? Authorization, string? FileName, string? ContentType, byte[] File);

    private readonly WebApplication _app;

    public List<Received> Requests { get; } = [];

    public string Answer { get; set; } = "Spent $12.50 at Starbucks.";

    public int Status { get; set; } = 200;

    private LoopbackTranscriptionServer(WebApplication app) => _app = app;

    public Uri Endpoint => new(_app.Urls.First());

    public static async Task<LoopbackTranscriptionServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackTranscriptionServer(app);
        app.MapPost("/v1/audio/transcriptions", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var file = form.Files["file"];
            using var bytes = new MemoryStream();
            if (file is not null) await file.CopyToAsync(bytes);
            lock (server.Requests)
                server.Requests.Add(new Received(form["model"], form["language"], request.Headers.Authorization, file?.FileName, file?.ContentType, bytes.ToArray()));
            return server.Status == 200
                ? Results.Json(new { text = server.Answer })
                : Results.Json(new { error = new { message = "model not loaded" } }, statusCode: server.Status);
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
