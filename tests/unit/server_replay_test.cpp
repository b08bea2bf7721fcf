// Recording and replays through the service (docs/protocol.md, "Recording and
// replays"): who may record, what the room is told, the replay that a stop or the
// room's end leaves, listing by room and by host, links, deleting (hosts and admins
// only), who may hear a replay (open rooms: everyone; other rooms: who was there, and a
// club's people), the disk quota with its codes, and replays kept across a restart.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/audio/opus_codec.hpp"
#include "core/protocol/audio_packet.hpp"
#include "core/protocol/codec.hpp"
#include "server/auth/accounts.hpp"
#include "server/auth/admin.hpp"
#include "server/service/service.hpp"
#include "server_service_fixture.hpp"
#include "server_test_support.hpp"

using namespace salotto;
using namespace salotto::protocol;
using service::ConnectionId;

namespace {

using test::only;
using test::types;

class ReplayTest : public test::ServiceFixture {
  protected:
    ReplayTest() { std::filesystem::create_directories(dir); }
    ~ReplayTest() override {
        service.reset();  // finishes what it still records, into `dir`
        std::filesystem::remove_all(dir);
    }
    service::Service& service_under_test() override { return *service; }
    auth::Accounts& accounts_under_test() override { return accounts; }

    void drain() {
        for (auto& [id, events] : outbox.inbox) events.clear();
    }
    // Ada's open room with Bob in the audience; Cat signed in outside.
    void open_room() {
        send(ada, CreateRoom{"Chiacchiere", RoomType::open});
        room = only<RoomState>(take(ada)).at(0).room.id;
        send(bob, JoinRoom{room});
        drain();
    }
    // Ada, on stage and unmuted, speaks `ms` milliseconds of a tone in 20 ms frames;
    // the audio flushes (every 20 ms) carry the time to the recorder.
    void ada_speaks(int ms) {
        if (!ada_audio) {
            send(ada, StartAudio{});
            send(ada, SetMute{false});
            ada_audio = true;
            drain();
        }
        std::vector<float> pcm(960);
        std::vector<std::uint8_t> packet(audio::kMaxPacketBytes);
        std::vector<std::uint8_t> frame(kUpstreamHeaderBytes + audio::kMaxPacketBytes);
        for (int t = 0; t < ms; t += 20) {
            for (std::size_t i = 0; i < pcm.size(); ++i)
                pcm[i] =
                    0.3f * static_cast<float>(std::sin(2 * 3.14159265 * 440 *
                                                       static_cast<double>(sample + i) / 48000));
            const auto n = encoder.encode(pcm, packet);
            const auto size = write_upstream(
                AudioFrame{
                    0, sequence++, static_cast<std::uint32_t>(sample), 90,
                    std::span<const std::uint8_t>(packet).first(static_cast<std::size_t>(n.value))},
                frame);
            sample += 960;
            steady += std::chrono::milliseconds(20);
            service->binary(ada, std::span<const std::uint8_t>(frame).first(size));
            service->flush_audio();
        }
    }
    // What someone who may not hear a replay sees of it: nothing listed, no link, no file,
    // no deleting; the same answers as for a replay that does not exist.
    void expect_hidden(ConnectionId who, const Replay& replay) {
        SCOPED_TRACE("connection " + std::to_string(who));
        send(who, ListReplays{replay.room, std::nullopt});
        EXPECT_TRUE(take_one<Replays>(who).items.empty());
        send(who, ListReplays{std::nullopt, replay.hosts.at(0).id});
        EXPECT_TRUE(take_one<Replays>(who).items.empty());
        send(who, GetReplayLink{replay.id});
        expect_error(who, ErrorCode::replay_not_found, "get_replay_link");
        send(who, DeleteReplay{replay.id});
        expect_error(who, ErrorCode::replay_not_found, "delete_replay");
        EXPECT_FALSE(service->replay_file(replay.id, "", tokens.at(who)));
    }

    void expect_heard(ConnectionId who, const Replay& replay) {
        SCOPED_TRACE("connection " + std::to_string(who));
        send(who, ListReplays{replay.room, std::nullopt});
        EXPECT_EQ(take_one<Replays>(who).items, std::vector<Replay>{replay});
        send(who, GetReplayLink{replay.id});
        EXPECT_EQ(take_one<ReplayLink>(who).id, replay.id);
        EXPECT_TRUE(service->replay_file(replay.id, "", tokens.at(who)));
    }
    void silence(int ms) {
        for (int t = 0; t < ms; t += 20) {
            steady += std::chrono::milliseconds(20);
            service->flush_audio();
        }
    }
    // A new Service over the same database (a restart, or other options); everyone
    // connects again and resumes their session.
    void restart() {
        service = std::make_unique<service::Service>(accounts, store, outbox, options);
        for (auto id : {ada, bob, cat}) {
            service->open(id, "peer-" + std::to_string(id));
            send(id, Hello{kVersion, "t"});
            send(id, Resume{tokens.at(id)});
        }
        drain();
        ada_audio = false;
    }
    Replay record_a_replay() {
        open_room();
        return record_in_room();
    }
    // Ada records one second in `room`; returns the replay.
    Replay record_in_room() {
        send(ada, StartRecording{});
        drain();
        ada_speaks(1000);
        send(ada, StopRecording{});
        auto ready = only<ReplayReady>(take(ada));
        EXPECT_EQ(ready.size(), 1u);
        drain();
        return ready.empty() ? Replay{} : ready[0].replay;
    }

    std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                ("salotto-replays-" + std::to_string(std::random_device{}()));
    std::int64_t now = 1'700'000'000;
    std::chrono::steady_clock::time_point steady =
        std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
    storage::Store store{":memory:"};
    auth::Accounts accounts{store, auth::PasswordCost::minimum(), [this] { return now; }};
    service::ServiceOptions options{.server_name = "test",
                                    .steady_now = [this] { return steady; },
                                    .unix_now = [this] { return now; },
                                    .audience_batch = {},
                                    .hallway_interval = {},
                                    .reactions_interval = {},
                                    .offload = service::run_inline,
                                    .replay_dir = dir};
    std::unique_ptr<service::Service> service =
        std::make_unique<service::Service>(accounts, store, outbox, options);
    ConnectionId ada = signup("ada"), bob = signup("bob"), cat = signup("cat");
    std::string room;
    audio::Encoder encoder{audio::EncoderConfig{.frame_ms = 20}};
    bool ada_audio = false;
    std::uint16_t sequence = 0;
    std::uint64_t sample = 0;
};

}  // namespace

TEST_F(ReplayTest, OnlyAModeratorRecordsAndEveryoneInTheRoomIsTold) {
    open_room();
    send(bob, StartRecording{});
    expect_error(bob, ErrorCode::forbidden, "start_recording");
    send(cat, StartRecording{});
    expect_error(cat, ErrorCode::not_in_room, "start_recording");
    send(ada, StopRecording{});
    expect_error(ada, ErrorCode::not_recording, "stop_recording");

    send(ada, StartRecording{});
    EXPECT_EQ(take_one<RoomRecording>(ada), (RoomRecording{room, true}));
    EXPECT_EQ(take_one<RoomRecording>(bob), (RoomRecording{room, true}));
    expect_nothing(cat);
    send(ada, StartRecording{});
    expect_error(ada, ErrorCode::already_recording, "start_recording");

    // Someone joining later learns it with the room.
    send(cat, JoinRoom{room});
    const auto joined = take(cat);
    EXPECT_EQ(only<RoomRecording>(joined).size(), 1u) << types(joined);
    drain();

    send(bob, StopRecording{});
    expect_error(bob, ErrorCode::forbidden, "stop_recording");
    ada_speaks(500);
    send(ada, StopRecording{});
    const auto at_bob = take(bob);
    EXPECT_EQ(only<RoomRecording>(at_bob).at(0), (RoomRecording{room, false}));
    EXPECT_EQ(only<ReplayReady>(at_bob).size(), 1u);
}

TEST_F(ReplayTest, AStoppedRecordingIsAReplayOfTheRoomAndItsHosts) {
    const Replay replay = record_a_replay();
    EXPECT_EQ(replay.room, room);
    EXPECT_EQ(replay.title, "Chiacchiere");
    EXPECT_EQ(replay.started, now);
    EXPECT_NEAR(static_cast<double>(replay.duration_ms), 1000.0, 40.0);
    EXPECT_GT(replay.bytes, 1000);
    ASSERT_EQ(replay.hosts.size(), 1u);
    EXPECT_EQ(replay.hosts[0].handle, "ada");
    const auto file = dir / (replay.id + ".ogg");
    ASSERT_TRUE(std::filesystem::exists(file));
    EXPECT_EQ(static_cast<std::int64_t>(std::filesystem::file_size(file)), replay.bytes);

    send(cat, ListReplays{room, std::nullopt});
    auto by_room = take_one<Replays>(cat);
    ASSERT_EQ(by_room.items.size(), 1u);
    EXPECT_EQ(by_room.items[0], replay);
    send(cat, ListReplays{std::nullopt, users.at(ada).id});
    EXPECT_EQ(take_one<Replays>(cat).items, std::vector<Replay>{replay});
    send(cat, ListReplays{std::nullopt, users.at(bob).id});
    EXPECT_TRUE(take_one<Replays>(cat).items.empty());
    send(cat, ListReplays{});
    expect_error(cat, ErrorCode::bad_message, "list_replays");
    send(cat, ListReplays{room, users.at(ada).id});
    expect_error(cat, ErrorCode::bad_message, "list_replays");
}

TEST_F(ReplayTest, LinksOpenTheFileAndNothingElse) {
    const Replay replay = record_a_replay();
    send(cat, GetReplayLink{replay.id});
    const auto link = take_one<ReplayLink>(cat);
    const std::string prefix = "/replays/" + replay.id + ".ogg?key=";
    ASSERT_EQ(link.url.substr(0, prefix.size()), prefix);
    const auto key = link.url.substr(prefix.size());
    EXPECT_EQ(key.size(), 32u);
    const auto file = service->replay_file(replay.id, key, "");
    ASSERT_TRUE(file.has_value());
    EXPECT_EQ(file->path, dir / (replay.id + ".ogg"));
    EXPECT_FALSE(service->replay_file(replay.id, "0123456789abcdef0123456789abcdef", ""));
    EXPECT_FALSE(service->replay_file("../../etc/passwd", key, ""));
    EXPECT_FALSE(service->replay_file(replay.id, "", "not-a-token"));
    EXPECT_TRUE(service->replay_file(replay.id, "", tokens.at(bob)));
    // Links expire.
    now += std::chrono::duration_cast<std::chrono::seconds>(service::kReplayLinkLifetime).count();
    EXPECT_FALSE(service->replay_file(replay.id, key, ""));
    send(cat, GetReplayLink{"nope"});
    expect_error(cat, ErrorCode::replay_not_found, "get_replay_link");
}

TEST_F(ReplayTest, OnlyHostsDeleteAndDeletingFreesTheSpace) {
    const Replay replay = record_a_replay();
    send(bob, DeleteReplay{replay.id});
    expect_error(bob, ErrorCode::not_replay_host, "delete_replay");
    send(bob, DeleteReplay{"nope"});
    expect_error(bob, ErrorCode::replay_not_found, "delete_replay");
    send(ada, DeleteReplay{replay.id});
    EXPECT_EQ(take_one<ReplayDeleted>(ada).id, replay.id);
    EXPECT_FALSE(std::filesystem::exists(dir / (replay.id + ".ogg")));
    send(cat, ListReplays{room, std::nullopt});
    EXPECT_TRUE(take_one<Replays>(cat).items.empty());
}

TEST_F(ReplayTest, OverTheQuotaRecordingIsRefusedUntilAReplayIsDeleted) {
    options.replay_quota_bytes = 2000;
    restart();
    const Replay replay = record_a_replay();
    ASSERT_GT(replay.bytes, 2000) << "the quota should be full now";
    send(ada, StartRecording{});
    auto refusal = take_one<Error>(ada);
    EXPECT_EQ(refusal.code, ErrorCode::replay_quota_full);
    EXPECT_NE(refusal.message.find("2000"), std::string::npos) << refusal.message;
    send(ada, DeleteReplay{replay.id});
    drain();
    send(ada, StartRecording{});
    EXPECT_EQ(take_one<RoomRecording>(ada).recording, true);
    // A recording that outgrows the quota stops by itself, and is still kept.
    ada_speaks(2000);
    // The recorder writes on its own thread: the quota check sees its bytes once
    // written. Ticks go on (in silence) until the recording stops, for at most 10 s.
    std::vector<Event> events;
    for (int i = 0; i < 1000 && only<RoomRecording>(events).empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        silence(20);
        for (auto& e : take(ada)) events.push_back(std::move(e));
    }
    EXPECT_EQ(only<RoomRecording>(events).at(0).recording, false) << types(events);
    EXPECT_EQ(only<Error>(events).at(0).code, ErrorCode::replay_quota_full);
    EXPECT_EQ(only<ReplayReady>(events).size(), 1u);
}

TEST_F(ReplayTest, WithoutAReplayFolderRecordingIsUnavailable) {
    options.replay_dir.clear();
    restart();
    open_room();
    send(ada, StartRecording{});
    expect_error(ada, ErrorCode::recording_unavailable, "start_recording");
}

TEST_F(ReplayTest, TheRoomEndingEndsTheRecordingAndReplaysOutliveARestart) {
    open_room();
    send(ada, StartRecording{});
    ada_speaks(600);
    silence(400);
    send(ada, EndRoom{});
    silence(20);  // the next tick finds the room gone
    const auto events = take(ada);
    const auto ready = only<ReplayReady>(events);
    ASSERT_EQ(ready.size(), 1u) << types(events);
    EXPECT_NEAR(static_cast<double>(ready[0].replay.duration_ms), 1000.0, 60.0);

    restart();
    send(cat, ListReplays{std::nullopt, users.at(ada).id});
    EXPECT_EQ(take_one<Replays>(cat).items, std::vector<Replay>{ready[0].replay});
}

TEST_F(ReplayTest, AStopAtShutdownKeepsTheReplay) {
    open_room();
    send(ada, StartRecording{});
    ada_speaks(400);
    service->stop_recordings();
    const auto events = take(ada);
    EXPECT_EQ(only<ReplayReady>(events).size(), 1u) << types(events);
    send(cat, ListReplays{room, std::nullopt});
    EXPECT_EQ(take_one<Replays>(cat).items.size(), 1u);
}

TEST_F(ReplayTest, AnEndedRoomsPageSaysSoAndWhoHeardTheRecordingIsToldOfItsReplay) {
    const ConnectionId dan = signup("dan");
    open_room();
    send(cat, ListReplays{room, std::nullopt});
    auto live = take_one<Replays>(cat);
    EXPECT_EQ(live.room_title, "Chiacchiere");
    EXPECT_EQ(live.ended, false);

    send(ada, StartRecording{});
    // Cat hears part of it and leaves before the end.
    send(cat, JoinRoom{room});
    send(cat, LeaveRoom{});
    drain();
    ada_speaks(600);
    send(ada, EndRoom{});
    silence(20);  // the next tick finds the room gone; the replay is saved inline
    for (auto id : {ada, bob, cat}) {
        const auto events = take(id);
        EXPECT_EQ(only<ReplayReady>(events).size(), 1u)
            << "connection " << id << ": " << types(events);
    }
    EXPECT_TRUE(only<ReplayReady>(take(dan)).empty()) << "Dan was never in the room";

    send(dan, ListReplays{room, std::nullopt});
    auto ended = take_one<Replays>(dan);
    EXPECT_EQ(ended.room_title, "Chiacchiere");
    EXPECT_EQ(ended.ended, true);
    ASSERT_EQ(ended.items.size(), 1u);

    // The room's row goes 30 days after it ended; its replay still names it.
    auto prune = store.database().prepare("DELETE FROM rooms WHERE id = ?1");
    prune.bind(1, std::string_view(room));
    prune.step();
    send(dan, ListReplays{room, std::nullopt});
    auto pruned = take_one<Replays>(dan);
    EXPECT_EQ(pruned.room_title, "Chiacchiere");
    EXPECT_EQ(pruned.ended, true);

    send(dan, ListReplays{"nosuchroom", std::nullopt});
    auto unknown = take_one<Replays>(dan);
    EXPECT_TRUE(unknown.items.empty());
    EXPECT_EQ(unknown.room_title, std::nullopt);
    EXPECT_EQ(unknown.ended, std::nullopt);
}

TEST_F(ReplayTest, AClosedRoomsReplayIsForWhoWasThereAndTheAdminsOnly) {
    const ConnectionId dan = signup("dan");
    const ConnectionId eve = signup("eve");
    ASSERT_TRUE(auth::Admin(store).set_admin("eve", true));
    send(ada, CreateRoom{"Riservato", RoomType::closed});
    room = only<RoomState>(take(ada)).at(0).room.id;
    drain();
    const Replay replay = record_in_room();
    expect_heard(ada, replay);
    expect_heard(eve, replay);
    expect_hidden(dan, replay);
    // Still hidden after a restart: who may hear it is stored with it.
    restart();
    expect_hidden(cat, replay);
    expect_heard(ada, replay);
}

TEST_F(ReplayTest, ARoomClosedWhileRecordedGivesARestrictedReplay) {
    const ConnectionId dan = signup("dan");
    open_room();  // Bob listens from the start
    send(ada, StartRecording{});
    ada_speaks(400);
    send(ada, SetRoomType{RoomType::closed});
    ada_speaks(200);
    send(ada, SetRoomType{RoomType::open});
    send(dan, JoinRoom{room});  // Dan comes in when it is open again, and leaves
    send(dan, LeaveRoom{});
    drain();
    ada_speaks(400);
    send(ada, StopRecording{});
    const auto ready = only<ReplayReady>(take(ada));
    ASSERT_EQ(ready.size(), 1u);
    const Replay replay = ready[0].replay;
    drain();
    expect_heard(bob, replay);
    expect_heard(dan, replay);
    expect_hidden(cat, replay);
}

TEST_F(ReplayTest, AClubRoomsReplayIsForWhoWasThereAndTheClubsMembers) {
    const ConnectionId dan = signup("dan");
    send(ada, CreateClub{"Poeti", "", "members"});
    const auto club = only<ClubPage>(take(ada)).at(0).club.id;
    send(ada, InviteToClub{club, users.at(dan).id});
    drain();
    send(dan, AnswerClubInvite{club, true});
    drain();
    // The club's room is open, but only the club's members come in: its replay is theirs.
    send(ada, CreateRoom{"Serata", RoomType::open, club});
    room = only<RoomState>(take(ada)).at(0).room.id;
    drain();
    const Replay replay = record_in_room();
    expect_heard(dan, replay);   // a member, not there
    expect_hidden(cat, replay);  // not a member
    // Leaving the club takes the replay with it.
    send(dan, LeaveClub{club});
    drain();
    expect_hidden(dan, replay);
}

TEST_F(ReplayTest, SomeoneAHostBlockedDoesNotHearTheReplay) {
    const Replay replay = record_a_replay();
    send(ada, Block{users.at(cat).id});
    drain();
    expect_hidden(cat, replay);
    expect_heard(bob, replay);
}
