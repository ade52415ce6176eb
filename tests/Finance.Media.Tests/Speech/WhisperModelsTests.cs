using System.Net;
using System.Security.Cryptography;
using Finance.Media.Speech;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Media.Tests.Speech;

/// <summary>`finance models fetch` against a loopback stand-in for the model's home: what arrives is kept only when it is the model.</summary>
public sealed class WhisperModelsTests : IAsyncLifetime, IDisposable
{
    private static readonly byte[] Weights = RandomNumberGenerator.GetBytes(300_000);
    private readonly string _directory = Directory.CreateTempSubdirectory("finance-fetch-").FullName;
    private WebApplication? _server;
    private string _base = "";
    private int _requests;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _server = builder.Build();
        _server.Run(async context =>
        {
            Interlocked.Increment(ref _requests);
            var body = context.Request.Path.Value switch
            {
                "/ggml-base.bin" => Weights,
                "/truncated.bin" => Weights[..1000],
                _ => null,
            };
            if (body is null) { context.Response.StatusCode = 404; return; }
            await context.Response.Body.WriteAsync(body);
        });
        await _server.StartAsync();
        _base = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    private WhisperModels.Model Model(string path, string? sha256 = null) =>
        new("whisper-test", "ggml-base.bin", new Uri($"{_base}/{path}"), Weights.Length, sha256 ?? Convert.ToHexStringLower(SHA256.HashData(Weights)));

    [Fact]
    public async Task A_model_whose_hash_matches_is_put_in_the_directory_once()
    {
        using var http = new HttpClient();
        var path = await WhisperModels.FetchAsync(Model("ggml-base.bin"), _directory, http, null, default);
        Assert.Equal(Path.Combine(_directory, "ggml-base.bin"), path);
        Assert.Equal(Weights, await File.ReadAllBytesAsync(path));

        await WhisperModels.FetchAsync(Model("ggml-base.bin"), _directory, http, null, default);
        Assert.Equal(1, _requests); // already there and intact: not downloaded again
    }

    [Fact]
    public async Task A_download_with_another_hash_is_not_kept()
    {
        using var http = new HttpClient();
        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            WhisperModels.FetchAsync(Model("ggml-base.bin", sha256: new string('0', 64)), _directory, http, null, default));
        Assert.Contains("SHA-256", error.Message);
        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task A_truncated_download_is_not_kept()
    {
        using var http = new HttpClient();
        await Assert.ThrowsAsync<InvalidDataException>(() => WhisperModels.FetchAsync(Model("truncated.bin"), _directory, http, null, default));
        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public void The_known_models_pin_their_size_and_sha256()
    {
        Assert.NotNull(WhisperModels.Find("whisper-base"));
        Assert.All(WhisperModels.Known, m =>
        {
            Assert.Matches("^[0-9a-f]{64}$", m.Sha256);
            Assert.True(m.Bytes > 50_000_000);
            Assert.Equal("https", m.Source.Scheme);
        });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
