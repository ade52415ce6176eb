using System.Text;
using System.Text.Json.Nodes;
using Finance.Channels.WhatsApp;
using Finance.Core;
using Finance.Testing;

namespace Finance.Channels.Tests.WhatsApp;

public class WhatsAppMessageMapperTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Meta's documented text-message example, as it arrives on the wire.</summary>
    private const string DocumentedText = """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{
          "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},
          "contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"5511987654321"}],
          "messages":[{"from":"5511987654321","id":"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=",
            "timestamp":"1749416383","type":"text","text":{"body":"mercado 230,50"}}]},"field":"messages"}]}]}
        """;

    private static IReadOnlyList<InboundMessage> Map(string json) =>
        WhatsAppMessageMapper.Map(WhatsAppPayload.Parse(Encoding.UTF8.GetBytes(json))!, ReceivedAt);

    private static IReadOnlyList<InboundMessage> Map(JsonObject payload) => Map(payload.ToJsonString());

    [Fact]
    public void Text_message_is_keyed_by_wamid_and_answered_in_the_senders_chat()
    {
        var message = Assert.Single(Map(DocumentedText));

        Assert.Equal("whatsapp", message.Channel);
        Assert.Equal("wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=", message.ExternalId);
        Assert.Equal("5511987654321", message.ChatId);
        Assert.Equal("5511987654321", message.SenderId);
        Assert.Equal("Sheena Nelson", message.SenderName);
        Assert.Equal("mercado 230,50", message.Text);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1749416383), message.SentAt);
        Assert.Null(message.Media);
        Assert.Null(message.CallbackData);
    }

    [Theory]
    [InlineData("5511987654321", "pt-BR")]
    [InlineData("351912345678", "pt-PT")]
    [InlineData("447700900123", "en-GB")]
    [InlineData("14155550123", "en-US")]
    [InlineData("819012345678", null)]
    public void The_phone_numbers_country_suggests_the_language(string waId, string? language)
    {
        Assert.Equal(language, WhatsAppMessageMapper.LanguageOf(waId));
    }

    [Fact]
    public void Voice_note_is_voice_media_and_a_shared_audio_file_is_audio()
    {
        var messages = Map(LoopbackGraphApi.Payload("5511987654321", "Ana",
            LoopbackGraphApi.AudioMessage("5511987654321", "9001", voice: true),
            LoopbackGraphApi.AudioMessage("5511987654321", "9002", voice: false, mimeType: "audio/mpeg")));

        Assert.Equal(2, messages.Count);
        Assert.Equal(new MediaAttachment(MediaKind.Voice, "9001", "audio/ogg; codecs=opus"), messages[0].Media);
        Assert.Equal(new MediaAttachment(MediaKind.Audio, "9002", "audio/mpeg"), messages[1].Media);
        Assert.All(messages, m => Assert.Null(m.Text));
    }

    [Fact]
    public void Image_is_a_photo_and_its_caption_is_the_text()
    {
        var message = Assert.Single(Map(LoopbackGraphApi.Payload("5511987654321", "Ana",
            LoopbackGraphApi.ImageMessage("5511987654321", "9003", caption: "almoço"))));

        Assert.Equal(new MediaAttachment(MediaKind.Photo, "9003", "image/jpeg"), message.Media);
        Assert.Equal("almoço", message.Text);
    }

    [Fact]
    public void Image_sent_as_a_document_is_a_photo_and_a_pdf_is_a_document()
    {
        var messages = Map(LoopbackGraphApi.Payload("5511987654321", "Ana",
            LoopbackGraphApi.DocumentMessage("5511987654321", "9004", "receipt.jpg", "image/jpeg"),
            LoopbackGraphApi.DocumentMessage("5511987654321", "9005", "statement.pdf", caption: "november")));

        Assert.Equal(new MediaAttachment(MediaKind.Photo, "9004", "image/jpeg", FileName: "receipt.jpg"), messages[0].Media);
        Assert.Equal(new MediaAttachment(MediaKind.Document, "9005", "application/pdf", FileName: "statement.pdf"), messages[1].Media);
        Assert.Equal("november", messages[1].Text);
    }

    [Fact]
    public void Reply_button_tap_carries_its_id_as_callback_data_and_answers_the_buttons_message()
    {
        var message = Assert.Single(Map(LoopbackGraphApi.Payload("5511987654321", "Ana",
            LoopbackGraphApi.ButtonReply("5511987654321", "undo:tx-1", "Desfazer", "wamid.BOTMESSAGE"))));

        Assert.Equal("undo:tx-1", message.CallbackData);
        Assert.Equal("Desfazer", message.Text);
        Assert.Equal("wamid.BOTMESSAGE", message.ReplyToMessageId);
        Assert.Null(message.CallbackId);
    }

    [Fact]
    public void List_row_tap_carries_its_id_as_callback_data()
    {
        var message = Assert.Single(Map("""
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
              "messaging_product":"whatsapp","contacts":[{"profile":{"name":"Ana"},"wa_id":"14155550123"}],
              "messages":[{"context":{"from":"15550783881","id":"wamid.LIST"},"from":"14155550123","id":"wamid.TAP",
                "timestamp":"1749416383","type":"interactive",
                "interactive":{"type":"list_reply","list_reply":{"id":"cat:groceries","title":"groceries","description":"food"}}}]}}]}]}
            """));

        Assert.Equal(("cat:groceries", "groceries", "wamid.LIST"), (message.CallbackData, message.Text, message.ReplyToMessageId));
    }

    [Fact]
    public void Template_quick_reply_carries_its_payload_as_callback_data()
    {
        var message = Assert.Single(Map("""
            {"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
              "messaging_product":"whatsapp","contacts":[{"profile":{"name":"Ana"},"wa_id":"14155550123"}],
              "messages":[{"context":{"from":"15550783881","id":"wamid.TEMPLATE"},"from":"14155550123","id":"wamid.QR",
                "timestamp":"1749416383","type":"button","button":{"text":"See details","payload":"summary:week"}}]}}]}]}
            """));

        Assert.Equal(("summary:week", "See details"), (message.CallbackData, message.Text));
    }

    [Fact]
    public void Status_callbacks_yield_no_messages()
    {
        Assert.Empty(Map(LoopbackGraphApi.StatusPayload("5511987654321", "wamid.SENT", "read")));
    }

    [Fact]
    public void Stickers_and_unsupported_messages_are_kept_to_be_answered_and_reactions_are_dropped()
    {
        var from = "5511987654321";
        var messages = Map(LoopbackGraphApi.Payload(from, "Ana",
            new JsonObject { ["from"] = from, ["id"] = "wamid.S", ["timestamp"] = "1749416383", ["type"] = "sticker",
                ["sticker"] = new JsonObject { ["id"] = "77", ["animated"] = false } },
            new JsonObject { ["from"] = from, ["id"] = "wamid.R", ["timestamp"] = "1749416383", ["type"] = "reaction",
                ["reaction"] = new JsonObject { ["message_id"] = "wamid.X", ["emoji"] = "👍" } },
            new JsonObject { ["from"] = from, ["id"] = "wamid.U", ["timestamp"] = "1749416383", ["type"] = "unsupported" },
            LoopbackGraphApi.TextMessage(from, "uber 23", "wamid.T")));

        Assert.Equal(["wamid.S", "wamid.U", "wamid.T"], messages.Select(m => m.ExternalId));
        Assert.Equal(["sticker", "unsupported", null], messages.Select(m => m.UnsupportedKind));
    }

    [Fact]
    public void Locations_and_contacts_are_kept_to_be_answered()
    {
        var from = "5511987654321";
        var messages = Map(LoopbackGraphApi.Payload(from, "Ana",
            new JsonObject { ["from"] = from, ["id"] = "wamid.L", ["timestamp"] = "1749416383", ["type"] = "location",
                ["location"] = new JsonObject { ["latitude"] = -23.55, ["longitude"] = -46.63, ["name"] = "Padaria" } },
            new JsonObject { ["from"] = from, ["id"] = "wamid.C", ["timestamp"] = "1749416383", ["type"] = "contacts",
                ["contacts"] = new JsonArray(new JsonObject { ["name"] = new JsonObject { ["formatted_name"] = "Bia" } }) }));

        Assert.Equal(["location", "contacts"], messages.Select(m => m.UnsupportedKind));
    }

    [Fact]
    public void Several_entries_and_messages_in_one_post_each_become_a_message()
    {
        var first = LoopbackGraphApi.Payload("5511987654321", "Ana", LoopbackGraphApi.TextMessage("5511987654321", "café 5"),
            LoopbackGraphApi.TextMessage("5511987654321", "pão 8"));
        var second = LoopbackGraphApi.Payload("351912345678", "Rui", LoopbackGraphApi.TextMessage("351912345678", "bica 1"));
        first["entry"]!.AsArray().Add(second["entry"]![0]!.DeepClone());

        var messages = Map(first);

        Assert.Equal(["café 5", "pão 8", "bica 1"], messages.Select(m => m.Text));
        Assert.Equal(["Ana", "Ana", "Rui"], messages.Select(m => m.SenderName));
        Assert.Equal("pt-PT", messages[2].LanguageCode);
    }

    [Fact]
    public void Missing_timestamp_falls_back_to_the_time_received()
    {
        var text = LoopbackGraphApi.TextMessage("5511987654321", "café 5");
        text.Remove("timestamp");

        Assert.Equal(ReceivedAt, Assert.Single(Map(LoopbackGraphApi.Payload("5511987654321", "Ana", text))).SentAt);
    }
}
