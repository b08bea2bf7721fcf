// The protocol codec: round trips of every message, malformed and oversize input.
#include "core/protocol/codec.hpp"

#include <gtest/gtest.h>

#include <string>

namespace salotto::protocol {
namespace {

template <class Variant>
struct DecodeTraits;
template <>
struct DecodeTraits<Intent> {
    static auto decode(std::string_view text) { return decode_intent(text); }
};
template <>
struct DecodeTraits<Event> {
    static auto decode(std::string_view text) { return decode_event(text); }
};

template <class Variant>
void expect_round_trip(const Variant& message) {
    const std::string text = encode(message);
    auto decoded = DecodeTraits<Variant>::decode(text);
    auto* value = std::get_if<Variant>(&decoded);
    ASSERT_NE(value, nullptr) << text << " -> " << std::get<DecodeError>(decoded).message;
    EXPECT_EQ(*value, message) << text;
    EXPECT_EQ(type_of(*value), type_of(message));
}

DecodeError decode_error(std::string_view text) {
    auto decoded = decode_intent(text);
    auto* error = std::get_if<DecodeError>(&decoded);
    if (!error) {
        ADD_FAILURE() << "expected a decode error for " << text;
        return {};
    }
    return *error;
}

const User kAda{7, "ada", "Ada Lovelace"};
const User kNata{8, "nata", "Наталья"};

TEST(Codec, EveryIntentRoundTrips) {
    const Intent intents[] = {
        Hello{1, "web"},
        Signup{"ABCD-EFGH-JKLM", "niccolo", "Niccolò Ruffini", "s3cret-pass"},
        Login{"ada", "pw"},
        Resume{"token"},
        Logout{},
        CreateInvite{},
        ListInvites{},
        GetProfile{"ada"},
        CreateRoom{"Caffè e чай", std::nullopt},
        JoinRoom{"k3v9x2mq7b"},
        LeaveRoom{},
        RaiseHand{},
        LowerHand{},
        InviteSpeaker{42},
        MoveToAudience{42},
        MakeModerator{9007199254740993},
        EndRoom{},
        Ping{},
        SetMute{false},
        StartAudio{},
        StopAudio{},
        LogoutEverywhere{},
        ChangePassword{"old-secret", "new-sécret"},
        RevokeInvite{"ABCD-EFGH-JKLM"},
        GrantInvites{8, 5},
        SetAccountDisabled{8, true},
        Search{"nicolò r"},
        // moderation
        MuteSpeaker{42},
        UnmakeModerator{42},
        RemoveMember{43},
        SetHandsAllowed{false},
        SetRoomType{RoomType::closed},
        SetLinkJoins{true},
        Knock{"k3v9x2mq7b"},
        LetIn{44},
        DeclineKnock{45},
        Follow{8},
        Unfollow{8},
        Block{9},
        Unblock{9},
        UpdateProfile{"Наталья", "Поэзия и кофе ☕"},
        ListFollows{8, false, 200},
        PingUser{8},
        ListNotifications{},
        MarkNotificationsRead{12},
        // chat and reactions
        SendChat{"Ciao 👋 https://example.org"},
        DeleteChat{77},
        SetChatAllowed{false},
        GetChat{},
        React{"plus_one"},
        // scheduled events
        CreateEvent{"Poesia", "Letture", "2026-12-05T18:30", "Europe/Rome", {"nata"}},
        UpdateEvent{"e1", "Poesia", "", "2026-12-05T19:00", "Europe/Rome", {}, 3},
        CancelEvent{"e1"},
        GetEvent{"e1"},
        ListEvents{},
        SetEventNotify{"e1", false},
        StartEvent{"e1"},
        StartRecording{},
        StopRecording{},
        ListReplays{"k3v9x2mq7b", std::nullopt},
        DeleteReplay{"p2x8k4m9qa"},
        GetReplayLink{"p2x8k4m9qa"},
        // clubs
        CreateClub{"Poeti", "Versi e caffè ☕", "followers"},
        UpdateClub{3, "Poeti", "", "members"},
        GetClub{3},
        ListClubs{},
        FollowClub{3, false},
        InviteToClub{3, 8},
        AnswerClubInvite{3, true},
        RequestClub{3},
        AnswerClubRequest{3, 8, false},
        SetClubRole{3, 8, "leader"},
        RemoveClubMember{3, 8},
        LeaveClub{3},
    };
    EXPECT_EQ(std::size(intents), std::variant_size_v<Intent>) << "every intent is covered";
    for (const auto& intent : intents) expect_round_trip(intent);
}

TEST(Codec, RoomTypesAreNamedOnTheWire) {
    expect_round_trip(Intent{CreateRoom{"Solo amici", RoomType::social}});
    expect_round_trip(Intent{CreateRoom{"Su invito", RoomType::closed}});
    const auto open = decode_intent(R"({"t":"create_room","title":"Aperta","type":"open"})");
    ASSERT_TRUE(std::holds_alternative<Intent>(open));
    EXPECT_EQ(std::get<CreateRoom>(std::get<Intent>(open)).type, RoomType::open);
    const auto error = decode_error(R"({"t":"create_room","title":"x","type":"secret"})");
    EXPECT_EQ(error.code, ErrorCode::bad_message);
    EXPECT_EQ(error.message, "create_room: field 'type' must be open, social or closed");
}

TEST(Codec, EveryEventRoundTrips) {
    const Member speaker{8, "nata", "Наталья", Role::speaker, false, false};
    const Member listener{9, "carlo", "Carlo", Role::audience, true, true};
    const RoomSummary summary{"k3v9x2mq7b", "Chiacchiere", RoomType::open, {kAda, kNata}, 12};
    const Event events[] = {
        Welcome{1, "salotto/0.1"},
        Session{"tok", kAda},
        LoggedOut{},
        Invite{"ABCD-EFGH-JKLM", 1800000000},
        Invites{{{"AAAA", 1800000000, std::nullopt, "unused"},
                 {"BBBB", 1800000001, kNata, "used"},
                 {"CCCC", 1800000002, std::nullopt, std::nullopt}},
                1},
        Profile{kNata, "Ciao!", 1700000000, kAda},
        Hallway{{summary, RoomSummary{"x", "y", RoomType::social, {}, 0}}},
        HallwayRoom{summary},
        HallwayRooms{{summary, RoomSummary{"x", "y", RoomType::closed, {}, 3}}},
        HallwayRoomGone{"k3v9x2mq7b"},
        RoomState{{"k3v9x2mq7b",
                   "Chiacchiere",
                   RoomType::closed,
                   {{7, "ada", "Ada Lovelace", Role::moderator, false}, speaker, listener},
                   false,
                   true,
                   {kNata}}},
        MembersChanged{{listener, speaker}, {9, 12}},
        MemberUpdated{speaker},
        RoomEnded{"k3v9x2mq7b"},
        LeftRoom{"k3v9x2mq7b"},
        Pong{},
        make_error(ErrorCode::forbidden, "end_room"),
        AudioStarted{},
        AudioStopped{},
        UserUpdated{User{7, "ada", "Ada Lovelace", 3}},
        PasswordChanged{},
        AccountStatus{kNata, false, true, 5, 2},
        SearchResults{"nic", {kAda, kNata}, {summary}},
        // moderation
        RemovedFromRoom{"k3v9x2mq7b", "Chiacchiere"},
        MutedByModerator{"k3v9x2mq7b", kAda},
        RoomSettings{"k3v9x2mq7b", RoomType::closed, false, true, false},
        Knocks{"k3v9x2mq7b", {kAda, kNata}},
        Knocked{"k3v9x2mq7b", "Chiacchiere"},
        KnockAnswered{"k3v9x2mq7b", "Chiacchiere", true},
        Social{{7, 8}, {9}, {{kNata, "k3v9x2mq7b"}}, 3},
        FriendMoved{kNata, std::nullopt},
        Follows{7, true, 200, {kAda, kNata}, 202},
        Notifications{{{5, "ping", kAda, "k3v9x2mq7b", "Chiacchiere", 1700000000, false},
                       {4, "follow", kNata, std::nullopt, std::nullopt, 1700000000, true},
                       {3, "event_started", kAda, "k3v9x2mq7b", "Poesia", 1700000000, true, "e1"}},
                      1},
        NotificationEvent{{6, "invite_used", kNata, std::nullopt, std::nullopt, 1, false}, 2},
        // chat and reactions
        ChatHistory{"k3v9x2mq7b",
                    {{76, kAda, "Benvenuti", 1700000000}, {77, kNata, "Привет", 1700000005}}},
        ChatPosted{"k3v9x2mq7b", {78, kNata, "Ciao 👋", 1700000009}},
        ChatDeleted{"k3v9x2mq7b", 77},
        Reactions{"k3v9x2mq7b", {{7, "clap"}, {8, "heart"}}, {{"clap", 31}, {"heart", 1}}},
        // scheduled events
        UpcomingEvents{{{"e1",
                         "Poesia",
                         "Letture",
                         1765045800,
                         "Europe/Rome",
                         "2026-12-05T19:30",
                         {kAda, kNata},
                         3,
                         std::nullopt,
                         false}},
                       {"e1"}},
        EventChanged{{"e2",
                      "Кофе",
                      "",
                      1765045800,
                      "Asia/Tokyo",
                      "2026-12-07T03:30",
                      {kNata},
                      0,
                      "k3v9x2mq7b",
                      false,
                      ClubTag{3, "Poeti"}}},
        EventNotify{"e1", true, 4},
        RoomRecording{"k3v9x2mq7b", true},
        Replays{std::nullopt,
                7,
                {{"p2x8k4m9qa",
                  "k3v9x2mq7b",
                  "Chiacchiere",
                  1700000000,
                  3600000,
                  14400000,
                  {{7, "ada", "Ada", 2}}}}},
        ReplayReady{{"p2x8k4m9qa", "k3v9x2mq7b", "Chiacchiere", 1700000000, 1000, 4000, {}}},
        ReplayDeleted{"p2x8k4m9qa"},
        ReplayLink{"p2x8k4m9qa", "/replays/p2x8k4m9qa.ogg?key=00ff", 1700021600},
        // clubs
        ClubPage{
            {3, "Poeti", "Versi", 0, 2, 5},
            "followers",
            "leader",
            false,
            true,
            {{kAda, "admin"}, {kNata, "member"}},
            {kNata},
            {},
            {RoomSummary{"k3v9x2mq7b", "Serata", RoomType::open, {kAda}, 4, ClubTag{3, "Poeti"}}},
            {EventInfo{"e3",
                       "Versi",
                       "",
                       1765045800,
                       "Europe/Rome",
                       "2026-12-05T19:30",
                       {kAda},
                       1,
                       std::nullopt,
                       false,
                       ClubTag{3, "Poeti"}}}},
        MyClubs{{{{3, "Poeti", "", 0, 2, 5}, "admin"}}, {{4, "Città", "", 0, 1, 0}}},
    };
    EXPECT_EQ(std::size(events), std::variant_size_v<Event>) << "every event is covered";
    for (const auto& event : events) expect_round_trip(event);
    // A room's replays with what became of the room (its page once it ended).
    expect_round_trip(Event{Replays{"k3v9x2mq7b", std::nullopt, {}, "Chiacchiere", true}});
}

TEST(Codec, OptionalFieldsAreNullOrMissing) {
    expect_round_trip(Event{Session{std::nullopt, kAda}});
    expect_round_trip(Event{Profile{kAda, "", 1, std::nullopt}});
    auto decoded = decode_event(
        R"({"t":"profile","user":{"id":1,"handle":"a","name":"A","avatar":0},"bio":"","joined":5,)"
        R"("followers":0,"following":0,"you_follow":false,"follows_you":false,"you_block":false})");
    ASSERT_TRUE(std::holds_alternative<Event>(decoded));
    EXPECT_FALSE(std::get<Profile>(std::get<Event>(decoded)).invited_by.has_value());
    // An event without a club: create_event from clients that never name one.
    auto event = decode_intent(
        R"({"t":"create_event","title":"T","description":"","start":"2026-12-05T18:30",)"
        R"("time_zone":"UTC","hosts":[]})");
    ASSERT_TRUE(std::holds_alternative<Intent>(event));
    EXPECT_FALSE(std::get<CreateEvent>(std::get<Intent>(event)).club.has_value());
}

TEST(Codec, EncodesTheDocumentedShape) {
    const std::string text = encode(Intent{JoinRoom{"abc"}});
    EXPECT_EQ(text, R"({"room":"abc","t":"join_room"})");
    EXPECT_EQ(encode(Event{make_error(ErrorCode::room_not_found, "join_room")}),
              R"({"code":"room_not_found","in":"join_room","message":"That room has ended or )"
              R"(never existed.","t":"error"})");
    EXPECT_EQ(
        encode(Event{MemberUpdated{{3, "b", "B", Role::moderator, false, true, 4}}}),
        R"({"member":{"avatar":4,"hand":false,"handle":"b","id":3,"muted":true,"name":"B","role":"moderator"},)"
        R"("t":"member_updated"})");
}

TEST(Codec, UnicodeSurvives) {
    auto decoded = decode_intent(R"({"t":"create_room","title":"Caffè \u0438 чай"})");
    ASSERT_TRUE(std::holds_alternative<Intent>(decoded));
    EXPECT_EQ(std::get<CreateRoom>(std::get<Intent>(decoded)).title, "Caffè и чай");
}

TEST(Codec, RejectsNonJson) {
    for (const char* text : {"", "not json", "{\"t\":", "[1,2]", "\"hello\"", "42", "null"}) {
        auto error = decode_error(text);
        EXPECT_EQ(error.code, ErrorCode::bad_json) << text;
        EXPECT_FALSE(error.message.empty());
        EXPECT_EQ(error.in, "");
    }
}

TEST(Codec, RejectsMissingOrMistypedType) {
    EXPECT_EQ(decode_error(R"({"v":1})").code, ErrorCode::bad_message);
    EXPECT_EQ(decode_error(R"({"t":5})").code, ErrorCode::bad_message);
    auto unknown = decode_error(R"({"t":"fly_to_moon"})");
    EXPECT_EQ(unknown.code, ErrorCode::unknown_type);
    EXPECT_NE(unknown.message.find("fly_to_moon"), std::string::npos);
    EXPECT_EQ(unknown.in, "fly_to_moon");
    EXPECT_EQ(decode_error(R"({"t":"welcome","v":1,"server":"x"})").code, ErrorCode::unknown_type)
        << "an event is not an intent";
}

// A long unknown type is echoed cut short; a cut that fell inside a multi-byte
// character made the error unencodable, and the exception stopped the server.
TEST(Codec, EchoedTypeIsCutOnACharacterBoundary) {
    const std::string type = std::string(kMaxEchoedType - 1, 'x') + "é" + "tail";
    auto error = decode_error(R"({"t":")" + type + R"("})");
    EXPECT_EQ(error.code, ErrorCode::unknown_type);
    EXPECT_EQ(error.in, std::string(kMaxEchoedType - 1, 'x'));
    ASSERT_NO_THROW(encode(make_error(error.code, error.in, error.message)));

    const std::string cyrillic = "чай" + std::string(kMaxEchoedType, 'z');
    auto mistyped = decode_error(R"({"t":")" + cyrillic + R"("})");
    EXPECT_EQ(mistyped.in, cyrillic.substr(0, kMaxEchoedType));
}

TEST(Codec, EncodingNeverThrowsOnMalformedText) {
    const std::string encoded = encode(make_error(ErrorCode::internal, "bad\xc3", "cut \xe2\x82"));
    auto decoded = decode_event(encoded);
    ASSERT_TRUE(std::holds_alternative<Event>(decoded)) << encoded;
    EXPECT_EQ(std::get<Error>(std::get<Event>(decoded)).in, "bad\uFFFD");
}

TEST(Codec, NamesTheFieldAtFault) {
    auto missing = decode_error(R"({"t":"signup","invite":"x","handle":"h","name":"n"})");
    EXPECT_EQ(missing.code, ErrorCode::bad_message);
    EXPECT_EQ(missing.in, "signup");
    EXPECT_EQ(missing.message, "signup: field 'password' is missing");

    auto mistyped = decode_error(R"({"t":"join_room","room":17})");
    EXPECT_EQ(mistyped.code, ErrorCode::bad_message);
    EXPECT_EQ(mistyped.in, "join_room");
    EXPECT_EQ(mistyped.message, "join_room: field 'room' must be a string");

    auto not_int = decode_error(R"({"t":"invite_speaker","user":"7"})");
    EXPECT_EQ(not_int.message, "invite_speaker: field 'user' must be an integer");
    auto fraction = decode_error(R"({"t":"invite_speaker","user":7.5})");
    EXPECT_EQ(fraction.message, "invite_speaker: field 'user' must be an integer");
    auto huge = decode_error(R"({"t":"invite_speaker","user":18446744073709551615})");
    EXPECT_EQ(huge.message, "invite_speaker: field 'user' is out of range");
    auto version = decode_error(R"({"t":"hello","v":99999999999,"client":"x"})");
    EXPECT_EQ(version.message, "hello: field 'v' is out of range");
}

TEST(Codec, RejectsUnknownRole) {
    auto decoded = decode_event(
        R"({"t":"member_updated","member":{"id":1,"handle":"a","name":"A","role":"king","hand":false,"muted":true}})");
    auto* error = std::get_if<DecodeError>(&decoded);
    ASSERT_NE(error, nullptr);
    EXPECT_EQ(error->code, ErrorCode::bad_message);
    EXPECT_NE(error->message.find("'role'"), std::string::npos);
}

TEST(Codec, IgnoresExtraFields) {
    auto decoded = decode_intent(R"({"t":"ping","extra":[1,2,3]})");
    ASSERT_TRUE(std::holds_alternative<Intent>(decoded));
    EXPECT_TRUE(std::holds_alternative<Ping>(std::get<Intent>(decoded)));
}

TEST(Codec, RejectsOversizeFrames) {
    std::string title(kMaxTextFrame, 'a');
    const std::string text = R"({"t":"create_room","title":")" + title + "\"}";
    auto error = decode_error(text);
    EXPECT_EQ(error.code, ErrorCode::too_large);
    EXPECT_NE(error.message.find(std::to_string(text.size())), std::string::npos);

    std::string at_limit = R"({"t":"create_room","title":")";
    at_limit += std::string(kMaxTextFrame - at_limit.size() - 2, 'b') + "\"}";
    ASSERT_EQ(at_limit.size(), kMaxTextFrame);
    EXPECT_TRUE(std::holds_alternative<Intent>(decode_intent(at_limit)));
}

TEST(Codec, LargeRoomSnapshotsDecode) {
    RoomState state{{"big", "Town hall", RoomType::open, {}}};
    for (UserId id = 1; id <= 2000; ++id)
        state.room.members.push_back(
            {id, "user" + std::to_string(id), "Listener", Role::audience, false, true});
    const std::string text = encode(Event{state});
    ASSERT_GT(text.size(), kMaxTextFrame);
    auto decoded = decode_event(text);
    ASSERT_TRUE(std::holds_alternative<Event>(decoded)) << std::get<DecodeError>(decoded).message;
    EXPECT_EQ(std::get<RoomState>(std::get<Event>(decoded)).room.members.size(), 2000u);
    EXPECT_EQ(std::get<DecodeError>(decode_event(std::string(kMaxEventFrame + 1, ' '))).code,
              ErrorCode::too_large);
}

TEST(Codec, SurvivesDeepNesting) {
    // Valid but 5,000 levels deep (fits in the size limit): must not overflow the stack.
    const std::string deep = std::string(5000, '[') + std::string(5000, ']');
    auto decoded = decode_intent(R"({"t":"ping","x":)" + deep + "}");
    EXPECT_TRUE(std::holds_alternative<Intent>(decoded));
    EXPECT_EQ(decode_error(R"({"t":"ping","x":)" + std::string(5000, '[') + "}").code,
              ErrorCode::bad_json);
}

TEST(Codec, UnknownErrorCodesFromNewerServersStillDecode) {
    auto decoded = decode_event(R"({"t":"error","code":"brand_new","message":"m","in":"x"})");
    ASSERT_TRUE(std::holds_alternative<Event>(decoded));
    EXPECT_EQ(std::get<Error>(std::get<Event>(decoded)).code, ErrorCode::internal);
}

TEST(ErrorCodes, WireNamesRoundTrip) {
    for (auto code : {ErrorCode::bad_json, ErrorCode::forbidden, ErrorCode::last_moderator,
                      ErrorCode::internal}) {
        EXPECT_EQ(error_code_from_wire(wire_name(code)), code);
        EXPECT_FALSE(default_message(code).empty());
    }
    EXPECT_FALSE(error_code_from_wire("nope").has_value());
}

}  // namespace
}  // namespace salotto::protocol
