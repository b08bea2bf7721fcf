// Audio forwarding in the signalling service, over fake connections: who may send,
// who hears what, the throttled errors, one audio connection per user, and the
// audience's coalesced batches. Events are decoded with the real codec and audio
// batches with the real batch reader, so these tests see what clients would.
#include <gtest/gtest.h>

#include <vector>

#include "core/protocol/audio_packet.hpp"
#include "core/protocol/codec.hpp"
#include "server/auth/accounts.hpp"
#include "server/service/service.hpp"
#include "server_service_fixture.hpp"
#include "server_test_support.hpp"

using namespace salotto;
using namespace salotto::protocol;
using service::AudioMessage;
using service::ConnectionId;

namespace {

using test::RecordingOutbox;
using test::types;

// A received frame, with its payload copied out of the batch.
struct Heard {
    std::uint32_t speaker = 0;
    std::uint16_t sequence = 0;
    std::vector<std::uint8_t> payload;
};

std::vector<Heard> frames_of(const AudioMessage& message) {
    std::vector<Heard> out;
    const bool ok = read_batch(message.bytes(), [&](const AudioFrame& f) {
        out.push_back({f.speaker, f.sequence, {f.payload.begin(), f.payload.end()}});
    });
    EXPECT_TRUE(ok) << "malformed batch";
    return out;
}

class AudioServiceTest : public test::ServiceFixture {
  protected:
    AudioServiceTest() : ServiceFixture(RecordingOutbox::Audio::recorded) {}

    service::Service& service_under_test() override { return service; }
    auth::Accounts& accounts_under_test() override { return accounts; }

    std::vector<AudioMessage> take_audio(ConnectionId id) {
        return std::exchange(outbox.audio[id], {});
    }
    // The id a speaker's frames are stamped with.
    std::uint32_t speaker_id(ConnectionId id) { return static_cast<std::uint32_t>(uid(id)); }
    void start_audio(ConnectionId id) {
        send(id, StartAudio{});
        EXPECT_EQ(types(take(id)), "audio_started ");
    }
    // An upstream frame carrying `payload`.
    std::vector<std::uint8_t> frame(std::uint16_t sequence,
                                    std::vector<std::uint8_t> payload = {0xf8, 0xff, 0xfe}) {
        std::vector<std::uint8_t> out(kUpstreamHeaderBytes + payload.size());
        const auto n = write_upstream(AudioFrame{0, sequence, sequence * 480u, 90, payload}, out);
        EXPECT_EQ(n, out.size());
        return out;
    }
    // On another service than the fixture's: connection `id` signs up as "user<id>"
    // and starts audio.
    void open_on(service::Service& other, ConnectionId id) {
        other.open(id, "peer-" + std::to_string(id));
        other.text(id, encode(Hello{kVersion, "t"}));
        other.text(id, encode(Signup{accounts.create_bootstrap_invite().code,
                                     "user" + std::to_string(id), "N", "password123"}));
        other.text(id, encode(StartAudio{}));
    }
    // Opens `id` on `other` and has it create a room; returns the room's id.
    std::string open_room_on(service::Service& other, ConnectionId id) {
        open_on(other, id);
        other.text(id, encode(CreateRoom{.title = "Subito"}));
        for (const auto& e : outbox.inbox[id])
            if (const auto* state = std::get_if<RoomState>(&e)) return state->room.id;
        return {};
    }
    void join_on(service::Service& other, ConnectionId id, const std::string& room) {
        open_on(other, id);
        other.text(id, encode(JoinRoom{room}));
    }
    void drain(std::initializer_list<ConnectionId> ids) {
        for (auto id : ids) {
            take(id);
            take_audio(id);
        }
    }

    // A room: ada (moderator, unmuted), dan (speaker, unmuted), bob and cat in the
    // audience; everyone but cat has started audio.
    void set_up_room() {
        ada = signup("ada");
        bob = signup("bob");
        cat = signup("cat");
        dan = signup("dan");
        send(ada, CreateRoom{.title = "Stanza"});
        const auto room = std::get<RoomState>(take(ada).at(0)).room.id;
        for (auto id : {bob, cat, dan}) send(id, JoinRoom{room});
        send(ada, InviteSpeaker{uid(dan)});
        send(dan, SetMute{false});
        drain({ada, bob, cat, dan});
        for (auto id : {ada, bob, dan}) start_audio(id);
    }

    std::int64_t now = 1'700'000'000;
    std::chrono::steady_clock::time_point steady{};
    storage::Store store{":memory:"};
    auth::Accounts accounts{store, auth::PasswordCost::minimum(), [this] { return now; }};
    // Batching over one interval whatever the audience's size: the adaptive default
    // would send these small audiences each frame at once (SmallAudiencesHearAtOnce).
    service::Service service{accounts, store, outbox,
                             service::ServiceOptions{.server_name = "test-server",
                                                     .steady_now = [this] { return steady; },
                                                     .unix_now = [this] { return now; },
                                                     .adaptive_audience_batch = false}};
    ConnectionId ada = 0, bob = 0, cat = 0, dan = 0;
};

}  // namespace

TEST_F(AudioServiceTest, SpeakerReachesEveryOtherAudioConnectionStamped) {
    set_up_room();
    service.binary(ada, frame(7, {1, 2, 3, 4}));

    // On stage: at once. The sender never hears itself; cat has no audio connection.
    auto to_dan = take_audio(dan);
    ASSERT_EQ(to_dan.size(), 1u);
    auto heard = frames_of(to_dan[0]);
    ASSERT_EQ(heard.size(), 1u);
    EXPECT_EQ(heard[0].speaker, speaker_id(ada));
    EXPECT_EQ(heard[0].sequence, 7);
    EXPECT_EQ(heard[0].payload, (std::vector<std::uint8_t>{1, 2, 3, 4}));
    EXPECT_TRUE(take_audio(bob).empty()) << "the audience waits for the flush";

    service.flush_audio();
    auto to_bob = take_audio(bob);
    ASSERT_EQ(to_bob.size(), 1u);
    heard = frames_of(to_bob[0]);
    ASSERT_EQ(heard.size(), 1u);
    EXPECT_EQ(heard[0].speaker, speaker_id(ada));
    for (auto id : {ada, cat}) EXPECT_TRUE(take_audio(id).empty()) << id;
    for (auto id : {ada, bob, cat, dan}) EXPECT_TRUE(take(id).empty()) << types(take(id));

    // dan speaks too: ada hears dan, dan does not hear himself.
    service.binary(dan, frame(1));
    ASSERT_EQ(take_audio(ada).size(), 1u);
    EXPECT_TRUE(take_audio(dan).empty());

    const auto& counters = service.audio_counters();
    EXPECT_EQ(counters.frames_in, 2u);
    EXPECT_EQ(counters.frames_rejected, 0u);
    EXPECT_EQ(counters.frames_forwarded, 3u);  // dan, bob, ada
}

TEST_F(AudioServiceTest, OneBatchIsSharedByAllItsListeners) {
    set_up_room();
    send(cat, StartAudio{});
    drain({cat});
    service.binary(dan, frame(1));
    service.flush_audio();
    auto to_bob = take_audio(bob);
    auto to_cat = take_audio(cat);
    ASSERT_EQ(to_bob.size(), 1u);
    ASSERT_EQ(to_cat.size(), 1u);
    // The same bytes, not copies.
    EXPECT_EQ(to_bob[0].bytes().data(), to_cat[0].bytes().data());
}

TEST_F(AudioServiceTest, AudienceFramesAreRejectedAndReachNobody) {
    set_up_room();
    service.binary(bob, frame(1));
    expect_error(bob, ErrorCode::not_on_stage, "");
    service.flush_audio();
    for (auto id : {ada, bob, cat, dan}) EXPECT_TRUE(take_audio(id).empty()) << id;
    EXPECT_EQ(service.audio_counters().frames_rejected, 1u);
}

TEST_F(AudioServiceTest, MutedSpeakersAreRejectedUntilTheyUnmute) {
    set_up_room();
    send(dan, SetMute{true});
    // Everyone in the room learns it.
    for (auto id : {ada, bob, cat, dan}) {
        auto events = take(id);
        ASSERT_EQ(types(events), "member_updated ") << id;
        const auto& member = std::get<MemberUpdated>(events[0]).member;
        EXPECT_EQ(member.id, uid(dan));
        EXPECT_TRUE(member.muted);
    }
    service.binary(dan, frame(1));
    expect_error(dan, ErrorCode::muted, "");
    service.flush_audio();
    for (auto id : {ada, bob, cat, dan}) EXPECT_TRUE(take_audio(id).empty()) << id;

    steady += std::chrono::seconds(1);
    send(dan, SetMute{false});
    EXPECT_FALSE(std::get<MemberUpdated>(take(ada).at(0)).member.muted);
    service.binary(dan, frame(2));
    EXPECT_EQ(take_audio(ada).size(), 1u);
}

TEST_F(AudioServiceTest, SetMuteNeedsTheStage) {
    set_up_room();
    send(bob, SetMute{false});
    auto error = take_one<Error>(bob);
    EXPECT_EQ(error.code, ErrorCode::not_on_stage);
    EXPECT_EQ(error.in, "set_mute");
    auto loner = signup("eve");
    send(loner, SetMute{false});
    EXPECT_EQ(take_one<Error>(loner).code, ErrorCode::not_in_room);
    // An invited speaker comes up muted and cannot be heard yet.
    send(ada, InviteSpeaker{uid(bob)});
    EXPECT_TRUE(std::get<MemberUpdated>(take(bob).at(0)).member.muted);
    service.binary(bob, frame(1));
    expect_error(bob, ErrorCode::muted, "");
}

TEST_F(AudioServiceTest, FramesNeedASignedInAudioConnectionInARoom) {
    auto anon = connect();
    service.binary(anon, frame(1));
    expect_error(anon, ErrorCode::binary_unsupported, "");

    auto eve = signup("eve");
    service.binary(eve, frame(1));
    expect_error(eve, ErrorCode::audio_not_started, "");

    auto fred = signup("fred");
    start_audio(fred);
    service.binary(fred, frame(1));
    expect_error(fred, ErrorCode::not_in_room, "");

    auto gina = signup("gina");
    start_audio(gina);
    service.binary(gina, std::vector<std::uint8_t>{9, 0, 0, 0, 0, 0, 0, 0, 1});  // version 9
    expect_error(gina, ErrorCode::bad_audio, "");
    service.binary(gina, std::vector<std::uint8_t>{});
    EXPECT_TRUE(take(gina).empty()) << "within the second: counted, not answered";
}

TEST_F(AudioServiceTest, RejectionsAreAnsweredOncePerSecondWithATally) {
    set_up_room();
    for (int i = 0; i < 58; ++i) service.binary(bob, frame(static_cast<std::uint16_t>(i)));
    auto first = take_one<Error>(bob);
    EXPECT_EQ(first.code, ErrorCode::not_on_stage);
    EXPECT_EQ(first.message.find("more frames"), std::string::npos) << first.message;

    steady += std::chrono::milliseconds(999);
    service.binary(bob, frame(100));
    EXPECT_TRUE(take(bob).empty());

    steady += std::chrono::milliseconds(1);
    service.binary(bob, std::vector<std::uint8_t>{1});
    auto second = take_one<Error>(bob);
    EXPECT_EQ(second.code, ErrorCode::bad_audio);
    EXPECT_NE(second.message.find("(and 58 more frames rejected)"), std::string::npos)
        << second.message;
    EXPECT_EQ(service.audio_counters().frames_rejected, 59u + 1u);

    // Text intents are unaffected by the audio throttle.
    send(bob, Ping{});
    EXPECT_EQ(types(take(bob)), "pong ");
}

TEST_F(AudioServiceTest, AudioFramesHaveTheirOwnRateLimit) {
    set_up_room();
    for (int i = 0; i < 200; ++i) service.binary(ada, frame(static_cast<std::uint16_t>(i)));
    EXPECT_TRUE(take(ada).empty());
    EXPECT_EQ(take_audio(dan).size(), 200u);
    service.binary(ada, frame(200));
    expect_error(ada, ErrorCode::rate_limited, "");
    EXPECT_TRUE(take_audio(dan).empty());
    // Intents still flow: the buckets are separate.
    send(ada, Ping{});
    EXPECT_EQ(types(take(ada)), "pong ");
    steady += std::chrono::milliseconds(10);  // two frames' worth at 200/s
    service.binary(ada, frame(201));
    EXPECT_EQ(take_audio(dan).size(), 1u);
}

TEST_F(AudioServiceTest, AudioBytesAreLimitedAndAFlooderIsCutOff) {
    set_up_room();
    const std::vector<std::uint8_t> big(kMaxAudioPayload, 0x55);
    const auto per_frame = static_cast<double>(kUpstreamHeaderBytes + big.size());
    const int within = static_cast<int>(service::kAudioBytesBurst / per_frame);
    for (int i = 0; i < within; ++i) service.binary(ada, frame(static_cast<std::uint16_t>(i), big));
    EXPECT_TRUE(take(ada).empty());
    EXPECT_EQ(take_audio(dan).size(), static_cast<std::size_t>(within));
    service.binary(ada, frame(1000, big));
    expect_error(ada, ErrorCode::rate_limited, "");
    EXPECT_TRUE(take_audio(dan).empty());
    EXPECT_FALSE(outbox.disconnected.contains(ada));

    // Keep flooding, twice what the byte limit allows, each 100 ms: refused all along,
    // and cut off once the refusals have gone on for kAudioFloodGrace.
    const int per_tick = static_cast<int>(2 * service::kAudioBytesPerSecond / 10 / per_frame) + 1;
    std::uint16_t sequence = 2000;
    while (!outbox.disconnected.contains(ada) &&
           steady < std::chrono::steady_clock::time_point{} + 2 * service::kAudioFloodGrace) {
        steady += std::chrono::milliseconds(100);
        for (int i = 0; i < per_tick; ++i) service.binary(ada, frame(sequence++, big));
    }
    EXPECT_TRUE(outbox.disconnected.contains(ada));
    EXPECT_GE(steady - std::chrono::steady_clock::time_point{}, service::kAudioFloodGrace);
    EXPECT_LE(steady - std::chrono::steady_clock::time_point{},
              service::kAudioFloodGrace + std::chrono::seconds(1));
    auto events = take(ada);
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(std::get<Error>(events.back()).code, ErrorCode::rate_limited);
    // What got through while refusals went on reached the room; after the cut, nothing.
    take_audio(dan);
    service.binary(ada, frame(sequence, big));
    EXPECT_TRUE(take_audio(dan).empty());
    EXPECT_FALSE(outbox.disconnected.contains(dan));
}

// A speaker whose client or network stalled delivers seconds of frames at once: the
// ones past the allowance are refused, but the speaker is not cut off, and talks on.
TEST_F(AudioServiceTest, ABacklogAfterAStallIsRefusedNotCutOff) {
    set_up_room();
    for (int burst = 0; burst < 3; ++burst) {
        // 5 s of 10 ms frames at once (past the 2 s allowance), then 5 s of quiet.
        for (int i = 0; i < 500; ++i) service.binary(ada, frame(static_cast<std::uint16_t>(i)));
        expect_error(ada, ErrorCode::rate_limited, "");
        steady += std::chrono::seconds(5);
    }
    EXPECT_FALSE(outbox.disconnected.contains(ada));
    take_audio(dan);
    service.binary(ada, frame(9999));
    EXPECT_EQ(take_audio(dan).size(), 1u);
}

TEST_F(AudioServiceTest, ANewerAudioConnectionReplacesTheOlder) {
    set_up_room();
    const ConnectionId tab = connect();
    send(tab, Login{"dan", "password123"});
    EXPECT_EQ(types(take(tab)), "session hallway room_state ");
    send(tab, StartAudio{});
    EXPECT_EQ(types(take(tab)), "audio_started ");
    EXPECT_EQ(types(take(dan)), "audio_stopped ");

    service.binary(ada, frame(1));
    EXPECT_EQ(take_audio(tab).size(), 1u);
    EXPECT_TRUE(take_audio(dan).empty());
    service.binary(dan, frame(1));
    expect_error(dan, ErrorCode::audio_not_started, "");
    service.binary(tab, frame(2));
    EXPECT_EQ(take_audio(ada).size(), 1u);

    send(tab, StopAudio{});
    EXPECT_EQ(types(take(tab)), "audio_stopped ");
    service.binary(ada, frame(2));
    EXPECT_TRUE(take_audio(tab).empty());
    EXPECT_TRUE(take_audio(dan).empty());
}

TEST_F(AudioServiceTest, AudienceGetsSeveralSpeakersInOneBatch) {
    set_up_room();
    service.binary(ada, frame(1, {0xa1}));
    service.binary(dan, frame(1, {0xd1}));
    service.binary(ada, frame(2, {0xa2}));
    service.binary(dan, frame(2, {0xd2}));
    EXPECT_TRUE(take_audio(bob).empty());
    service.flush_audio();
    auto to_bob = take_audio(bob);
    ASSERT_EQ(to_bob.size(), 1u);
    auto heard = frames_of(to_bob[0]);
    ASSERT_EQ(heard.size(), 4u);
    const std::vector<std::pair<std::uint32_t, std::uint8_t>> expected{{speaker_id(ada), 0xa1},
                                                                       {speaker_id(dan), 0xd1},
                                                                       {speaker_id(ada), 0xa2},
                                                                       {speaker_id(dan), 0xd2}};
    for (std::size_t i = 0; i < heard.size(); ++i) {
        EXPECT_EQ(heard[i].speaker, expected[i].first) << i;
        EXPECT_EQ(heard[i].payload, std::vector<std::uint8_t>{expected[i].second}) << i;
    }
    // Nothing collected, nothing sent.
    service.flush_audio();
    EXPECT_TRUE(take_audio(bob).empty());
    EXPECT_EQ(service.audio_counters().frames_forwarded, 4u /* stage */ + 4u /* bob */);
}

TEST_F(AudioServiceTest, ARoleChangeFlushesTheAudienceBatchFirst) {
    set_up_room();
    service.binary(ada, frame(1));
    // bob goes on stage: what was said while he listened still reaches him, once.
    send(ada, InviteSpeaker{uid(bob)});
    auto to_bob = take_audio(bob);
    ASSERT_EQ(to_bob.size(), 1u);
    service.binary(ada, frame(2));
    EXPECT_EQ(take_audio(bob).size(), 1u) << "on stage now: at once";
}

TEST_F(AudioServiceTest, ZeroBatchIntervalSendsTheAudienceEachFrameAtOnce) {
    service::Service immediate{accounts, store, outbox,
                               service::ServiceOptions{.steady_now = [this] { return steady; },
                                                       .unix_now = [this] { return now; },
                                                       .audience_batch = {},
                                                       .adaptive_audience_batch = false}};
    const std::string room = open_room_on(immediate, 100);
    ASSERT_FALSE(room.empty());
    join_on(immediate, 101, room);
    join_on(immediate, 102, room);
    immediate.binary(100, frame(1));
    auto to_vic = take_audio(101);
    auto to_zoe = take_audio(102);
    ASSERT_EQ(to_vic.size(), 1u);
    ASSERT_EQ(to_zoe.size(), 1u);
    EXPECT_EQ(to_vic[0].bytes().data(), to_zoe[0].bytes().data());
}

TEST_F(AudioServiceTest, AdaptiveBatchingSendsSmallAudiencesEachFrameAtOnce) {
    service::Service adaptive{accounts, store, outbox,
                              service::ServiceOptions{.steady_now = [this] { return steady; },
                                                      .unix_now = [this] { return now; }}};
    const ConnectionId speaker = 100;
    const std::string room = open_room_on(adaptive, speaker);
    ASSERT_FALSE(room.empty());
    ConnectionId last = speaker;
    while (last - speaker < service::kSmallAudience - 1) join_on(adaptive, ++last, room);

    // kSmallAudience - 1 listeners: each frame at once, the same bytes to all.
    adaptive.binary(speaker, frame(1));
    auto first = take_audio(speaker + 1);
    auto latest = take_audio(last);
    ASSERT_EQ(first.size(), 1u);
    ASSERT_EQ(latest.size(), 1u);
    EXPECT_EQ(first[0].bytes().data(), latest[0].bytes().data());

    // One more: the audience is batched from now on.
    join_on(adaptive, ++last, room);
    take_audio(speaker + 1);
    adaptive.binary(speaker, frame(2));
    EXPECT_TRUE(take_audio(speaker + 1).empty());
    adaptive.flush_audio();
    EXPECT_EQ(take_audio(speaker + 1).size(), 1u);
    EXPECT_EQ(take_audio(last).size(), 1u);
}

TEST(AudienceBatch, LargeRoomsCollectLonger) {
    EXPECT_TRUE(service::audience_hears_at_once(service::kSmallAudience - 1));
    EXPECT_FALSE(service::audience_hears_at_once(service::kSmallAudience));
    EXPECT_EQ(service::audience_batch_intervals(0), 1);
    EXPECT_EQ(service::audience_batch_intervals(service::kLargeAudience - 1), 1);
    EXPECT_EQ(service::audience_batch_intervals(service::kLargeAudience), 2);
    EXPECT_EQ(service::audience_batch_intervals(service::kHugeAudience - 1), 2);
    EXPECT_EQ(service::audience_batch_intervals(service::kHugeAudience), 3);
}
