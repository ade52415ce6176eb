using System.Net;
using Finance.Testing;

namespace Finance.Host.Tests.WhatsApp;

public sealed class WhatsAppWebhookToReplyTests(WhatsAppHost host) : IClassFixture<WhatsAppHost>
{
    private const string TransactionsOf = """
        SELECT count(*) FROM transactions t JOIN channel_identities i ON i.user_id = t.created_by
        WHERE i.channel = 'whatsapp' AND i.external_user_id = @p
        """;

    private const string InboxStatusOf = "SELECT coalesce((SELECT status FROM inbox WHERE channel = 'whatsapp' AND external_id = @p), 'none')";

    private const string MediaIdOf = "SELECT message->'media'->>'fileId' FROM inbox WHERE channel = 'whatsapp' AND external_id = @p";

    [Fact]
    public async Task A_signed_text_from_a_brazilian_number_is_booked_and_answered_in_portuguese_in_reais()
    {
        var wamid = LoopbackGraphApi.NewWamid();

        var reply = await host.ExchangeAsync("5511900000001", LoopbackGraphApi.TextMessage("5511900000001", "mercado 230,50 ontem", wamid));

        Assert.Contains("R$ 230,50", reply.Text);
        Assert.Contains("ontem", reply.Text);
        Assert.Equal("Bearer " + LoopbackGraphApi.DefaultAccessToken, reply.Authorization);
        Assert.Equal(230.50m, await host.ScalarAsync<decimal>("""
            SELECT amount FROM transactions t JOIN channel_identities i ON i.user_id = t.created_by
            WHERE i.channel = 'whatsapp' AND i.external_user_id = @p
            """, "5511900000001"));
        Assert.Equal("done", await host.EventuallyAsync(InboxStatusOf, wamid, "done"));
    }

    [Fact]
    public async Task The_same_wamid_delivered_twice_is_booked_once_and_answered_once()
    {
        var user = "14155550102";
        var message = LoopbackGraphApi.TextMessage(user, "lunch 18");

        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(user, [message])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(user, [message])).StatusCode);
        await host.Graph.WaitForAsync(_ => host.Graph.MessagesTo(user).Count >= 1, TimeSpan.FromSeconds(30));
        await Task.Delay(500); // a second reply would have been sent by now

        Assert.Single(host.Graph.MessagesTo(user));
        Assert.Equal(1L, await host.ScalarAsync<long>(TransactionsOf, user));
    }

    [Fact]
    public async Task A_forged_signature_is_refused_and_nothing_is_stored()
    {
        var user = "14155550103";
        var message = LoopbackGraphApi.TextMessage(user, "coffee 3");

        var response = await host.PostAsync(user, [message], appSecret: "not-the-app-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("none", await host.ScalarAsync<string>(InboxStatusOf, message["id"]!.GetValue<string>()));
        Assert.Empty(host.Graph.MessagesTo(user));
    }

    [Fact]
    public async Task The_subscription_handshake_needs_the_verify_token()
    {
        var right = await host.Client.GetAsync($"/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=8472&hub.verify_token={WhatsAppHost.VerifyToken}");
        var wrong = await host.Client.GetAsync("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=8472&hub.verify_token=guess");

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal("8472", await right.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
    }

    [Fact]
    public async Task A_status_callback_is_acknowledged_and_nothing_is_stored()
    {
        var before = await host.ScalarAsync<long>("SELECT count(*) FROM inbox");

        var response = await host.PostAsync(LoopbackGraphApi.StatusPayload("14155550104", LoopbackGraphApi.NewWamid(), "read"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, await host.ScalarAsync<long>("SELECT count(*) FROM inbox"));
    }

    [Fact]
    public async Task A_receipt_photo_goes_through_the_pipeline_and_is_answered_on_whatsapp()
    {
        var user = "14155550105";
        var png = await host.ReceiptPngAsync("BLUE MOON DINER", "10/03/2026", "Burger      12.50", "TOTAL       12.50");
        var mediaId = host.Graph.AddMedia(png, "image/png");
        var wamid = LoopbackGraphApi.NewWamid();

        var reply = await host.ExchangeAsync(user, LoopbackGraphApi.ImageMessage(user, mediaId, mimeType: "image/png", wamid: wamid));

        // What the answer says is the media step's business; that the photo was handled and answered here is ours.
        Assert.False(string.IsNullOrWhiteSpace(reply.Text));
        Assert.Equal("done", await host.EventuallyAsync(InboxStatusOf, wamid, "done"));
        Assert.Equal(mediaId, await host.ScalarAsync<string>(MediaIdOf, wamid));
    }

    [Fact]
    public async Task A_voice_note_goes_through_the_pipeline_and_is_answered_on_whatsapp()
    {
        var user = "14155550106";
        var voice = await host.VoiceNoteAsync("coffee four dollars fifty");
        var mediaId = host.Graph.AddMedia(voice, "audio/ogg");
        var wamid = LoopbackGraphApi.NewWamid();

        var reply = await host.ExchangeAsync(user, LoopbackGraphApi.AudioMessage(user, mediaId, voice: true, wamid: wamid));

        Assert.False(string.IsNullOrWhiteSpace(reply.Text));
        Assert.Equal("done", await host.EventuallyAsync(InboxStatusOf, wamid, "done"));
        Assert.Equal(mediaId, await host.ScalarAsync<string>(MediaIdOf, wamid));
    }
}
