using System.Text.Json;
using Finance.Channels.Telegram;
using Finance.Core;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Finance.Channels.Tests.Telegram;

public class TelegramUpdateMapperTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private const string From = """{"id":42,"is_bot":false,"first_name":"Ana","last_name":"Silva","language_code":"pt-br"}""";
    private const string Chat = """{"id":42,"type":"private","first_name":"Ana"}""";

    private static InboundMessage? Map(string json) =>
        TelegramUpdateMapper.Map(JsonSerializer.Deserialize<Update>(json, JsonBotAPI.Options)!, ReceivedAt);

    private static string MessageUpdate(string fields) =>
        $$$"""{"update_id":9001,"message":{"message_id":77,"from":{{{From}}},"chat":{{{Chat}}},"date":1795000000,{{{fields}}}}}""";

    [Fact]
    public void Text_message_maps_ids_sender_and_date()
    {
        var m = Map(MessageUpdate("\"text\":\"coffee 4,50\""))!;

        Assert.Equal("telegram", m.Channel);
        Assert.Equal("9001", m.ExternalId);
        Assert.Equal("42", m.ChatId);
        Assert.Equal("42", m.SenderId);
        Assert.Equal("Ana Silva", m.SenderName);
        Assert.Equal("pt-br", m.LanguageCode);
        Assert.Equal("coffee 4,50", m.Text);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795000000), m.SentAt);
        Assert.Null(m.Media);
        Assert.Null(m.CallbackData);
    }

    [Fact]
    public void Photo_with_caption_picks_the_largest_size()
    {
        var m = Map(MessageUpdate("""
            "caption":"lunch receipt",
            "photo":[
              {"file_id":"small","file_unique_id":"a","width":90,"height":120,"file_size":1500},
              {"file_id":"large","file_unique_id":"c","width":960,"height":1280,"file_size":98000},
              {"file_id":"medium","file_unique_id":"b","width":240,"height":320,"file_size":9000}]
            """))!;

        Assert.Equal("lunch receipt", m.Text);
        Assert.Equal(new MediaAttachment(MediaKind.Photo, "large", "image/jpeg", 98000, 960, 1280), m.Media);
    }

    [Fact]
    public void Voice_note_maps_with_duration_and_mime_type()
    {
        var m = Map(MessageUpdate("""
            "voice":{"file_id":"voice1","file_unique_id":"v","duration":4,"mime_type":"audio/ogg","file_size":12000}
            """))!;

        Assert.Null(m.Text);
        Assert.Equal(new MediaAttachment(MediaKind.Voice, "voice1", "audio/ogg", 12000, DurationSeconds: 4), m.Media);
    }

    [Fact]
    public void Pdf_document_stays_a_document_and_an_image_document_counts_as_a_photo()
    {
        var pdf = Map(MessageUpdate("""
            "document":{"file_id":"doc1","file_unique_id":"d","file_name":"statement.pdf","mime_type":"application/pdf","file_size":50000}
            """))!;
        var image = Map(MessageUpdate("""
            "document":{"file_id":"doc2","file_unique_id":"e","file_name":"receipt.png","mime_type":"image/png","file_size":70000}
            """))!;

        Assert.Equal(new MediaAttachment(MediaKind.Document, "doc1", "application/pdf", 50000, FileName: "statement.pdf"), pdf.Media);
        Assert.Equal(new MediaAttachment(MediaKind.Photo, "doc2", "image/png", 70000, FileName: "receipt.png"), image.Media);
    }

    [Fact]
    public void Reply_carries_the_id_of_the_message_replied_to()
    {
        var m = Map(MessageUpdate($$$"""
            "text":"make that 5",
            "reply_to_message":{"message_id":70,"from":{"id":7000000001,"is_bot":true,"first_name":"Finance"},"chat":{{{Chat}}},"date":1794999000,"text":"Booked 4.50"}
            """))!;

        Assert.Equal("70", m.ReplyToMessageId);
    }

    [Fact]
    public void Callback_query_maps_data_id_and_the_chat_of_the_pressed_message()
    {
        var m = Map($$$"""
            {"update_id":9002,"callback_query":{"id":"cbq-1","from":{{{From}}},"chat_instance":"ci",
             "data":"undo:tx-123",
             "message":{"message_id":80,"from":{"id":7000000001,"is_bot":true,"first_name":"Finance"},"chat":{"id":-100500,"type":"group","title":"Family"},"date":1795000100,"text":"Booked"} } }
            """)!;

        Assert.Equal("9002", m.ExternalId);
        Assert.Equal("-100500", m.ChatId);
        Assert.Equal("42", m.SenderId);
        Assert.Equal("undo:tx-123", m.CallbackData);
        Assert.Equal("cbq-1", m.CallbackId);
        Assert.Equal("80", m.ReplyToMessageId);
        Assert.Equal(ReceivedAt, m.SentAt);
        Assert.Null(m.Text);
    }

    [Fact]
    public void Edited_message_is_ignored()
    {
        var m = Map($$$"""
            {"update_id":9003,"edited_message":{"message_id":77,"from":{{{From}}},"chat":{{{Chat}}},"date":1795000000,"edit_date":1795000050,"text":"coffee 5"}}
            """);

        Assert.Null(m);
    }

    [Fact]
    public void A_membership_change_is_not_a_message()
    {
        var member = Map($$$"""
            {"update_id":9004,"my_chat_member":{"chat":{{{Chat}}},"from":{{{From}}},"date":1795000000,
             "old_chat_member":{"status":"member","user":{"id":7000000001,"is_bot":true,"first_name":"Finance"}},
             "new_chat_member":{"status":"kicked","user":{"id":7000000001,"is_bot":true,"first_name":"Finance"},"until_date":0} } }
            """);

        Assert.Null(member);
    }

    [Theory]
    [InlineData("sticker", "\"sticker\":{\"file_id\":\"st\",\"file_unique_id\":\"s\",\"type\":\"regular\",\"width\":512,\"height\":512,\"is_animated\":false,\"is_video\":false}")]
    [InlineData("location", "\"location\":{\"latitude\":-23.55,\"longitude\":-46.63}")]
    [InlineData("venue", "\"location\":{\"latitude\":-23.55,\"longitude\":-46.63},\"venue\":{\"location\":{\"latitude\":-23.55,\"longitude\":-46.63},\"title\":\"Padaria\",\"address\":\"Rua 1\"}")]
    [InlineData("contact", "\"contact\":{\"phone_number\":\"+5511999990000\",\"first_name\":\"Bia\"}")]
    public void Stickers_places_and_contacts_reach_the_inbox_to_be_answered(string kind, string fields)
    {
        var m = Map(MessageUpdate(fields))!;

        Assert.Equal(kind, m.UnsupportedKind);
        Assert.Null(m.Media);
    }

    [Fact]
    public void A_gif_is_an_animation_not_a_document()
    {
        var m = Map(MessageUpdate("""
            "animation":{"file_id":"g","file_unique_id":"g1","width":320,"height":240,"duration":2,"mime_type":"video/mp4","file_name":"a.gif.mp4"},
            "document":{"file_id":"g","file_unique_id":"g1","mime_type":"video/mp4","file_name":"a.gif.mp4"}
            """))!;

        Assert.Equal("animation", m.UnsupportedKind);
        Assert.Null(m.Media);
    }

    [Fact]
    public void In_a_group_a_mention_or_a_reply_to_the_bot_is_addressed_and_the_bots_name_is_left_out()
    {
        const string group = """{"id":-100,"type":"supergroup","title":"Family"}""";
        var chatter = Map($$$"""{"update_id":1,"message":{"message_id":1,"from":{{{From}}},"chat":{{{group}}},"date":1795000000,"text":"hi all"}}""")!;
        var mention = Map($$$"""
            {"update_id":2,"message":{"message_id":2,"from":{{{From}}},"chat":{{{group}}},"date":1795000000,
             "text":"@finance_bot lunch 20","entities":[{"type":"mention","offset":0,"length":12}]}}
            """)!;
        var reply = Map($$$$"""
            {"update_id":3,"message":{"message_id":3,"from":{{{{From}}}},"chat":{{{{group}}}},"date":1795000000,"text":"25",
             "reply_to_message":{"message_id":9,"from":{"id":7000000001,"is_bot":true,"first_name":"Finance"},"chat":{{{{group}}}},"date":1795000000,"text":"ok"}}}
            """)!;

        Assert.True(chatter.InGroup);
        Assert.False(chatter.Addressed);
        Assert.True(mention.Addressed);
        Assert.Equal("lunch 20", mention.Text);
        Assert.True(reply.Addressed);
        Assert.False(Map(MessageUpdate("\"text\":\"hi\""))!.InGroup);
    }
}
