using System.Net.Http.Headers;
using System.Text.Json;
using Finance.Media.Audio;
using Microsoft.Extensions.Options;

namespace Finance.Media.Speech;

/// <summary>
/// Speech-to-text through an OpenAI-compatible <c>POST /v1/audio/transcriptions</c> (multipart:
/// <c>file</c>, <c>model</c>, optional <c>language</c>; answer <c>{"text": …}</c>) — what whisper.cpp's
/// server, faster-whisper servers and OpenAI speak. The audio goes as 16 kHz mono WAV, which all of them read.
/// </summary>
public sealed class OpenAiTranscriptionClient(HttpClient http, IOptions<SpeechOptions> options) : ISpeechToText
{
    public string Name => "openai";

    // Whisper models are multilingual; the server decides what it can do.
    public bool SupportsLanguage(string? language) => true;

    public async Task<string> TranscribeAsync(DecodedAudio audio, string? language, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var endpoint = o.Endpoint ?? throw new InvalidOperationException("Finance:Speech:Endpoint is not set.");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(audio.ToWav());
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "voice.wav");
        form.Add(new StringContent(o.Model), "model");
        form.Add(new StringContent("json"), "response_format");
        if (language is not null) form.Add(new StringContent(LanguageTag.Primary(language)), "language");

        using var request = new HttpRequestMessage(HttpMethod.Post, TranscriptionsUri(endpoint)) { Content = form };
        if (!string.IsNullOrEmpty(o.ApiKey)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.ApiKey);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(o.Timeout);
        using var response = await http.SendAsync(request, timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(timeout.Token);
            throw new HttpRequestException($"Transcription endpoint answered {(int)response.StatusCode}: {Truncate(detail)}", null, response.StatusCode);
        }
        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token);
        return json.RootElement.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
            ? text.GetString()!.Trim()
            : throw new HttpRequestException("Transcription endpoint answered without a \"text\" field.");
    }

    /// <summary>Accepts the server's base address with or without the "/v1" that OpenAI clients often include.</summary>
    internal static Uri TranscriptionsUri(Uri endpoint)
    {
        var root = endpoint.ToString().TrimEnd('/');
        return new Uri(root.EndsWith("/v1", StringComparison.Ordinal) ? root + "/audio/transcriptions" : root + "/v1/audio/transcriptions");
    }

    private static string Truncate(string s) => s.Length <= 200 ? s : s[..200] + "…";
}
