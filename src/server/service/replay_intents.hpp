// Recording rooms and their replays (docs/protocol.md, "Recording and replays").
//
// A moderator starts recording: a media::Recorder (its own thread) gets every frame the
// audio forwarder takes from the stage (LiveRoom::recorder) and the time with each
// audio flush (tick). Stopping, the room ending, or the disk quota filling up hands the
// recorder to a worker (ServiceOptions::offload) to finish its file; the continuation
// stores the replay and tells the hosts and the room. Nothing here waits for the disk
// on the event loop, but at shutdown (stop_all).
//
// Replays are listed by room or by host, deleted by a host or an admin (the file goes
// on a worker), and fetched over HTTP with a link this part hands out (a random key,
// good for kReplayLinkLifetime) or with the session token as a bearer token. A replay
// of a room that was open and in no club while it was recorded is for everyone signed
// in; any other is for its hosts, the admins, the people who were in the room while it
// was recorded and, for a club's room, whoever the club's rule lets into its rooms.
// Someone a host blocked hears neither (as they could not join a room with the host on
// stage). To anyone else a replay does not exist (may_hear).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/messages.hpp"
#include "server/auth/accounts.hpp"
#include "server/auth/admin.hpp"
#include "server/media/recorder.hpp"
#include "server/service/club_directory.hpp"
#include "server/service/connections.hpp"
#include "server/service/live_rooms.hpp"
#include "server/service/options.hpp"
#include "server/service/room_broadcaster.hpp"
#include "server/service/social_graph.hpp"
#include "server/storage/replay_store.hpp"
#include "server/storage/store.hpp"

namespace salotto::service {

// How long a replay link (get_replay_link) plays and downloads: a long listen with
// seeks, without handing out keys good for ever.
inline constexpr auto kReplayLinkLifetime = std::chrono::hours(6);
// At most this many replays answer one list_replays.
inline constexpr int kMaxReplaysListed = 50;

// A replay file the HTTP layer may serve.
struct ReplayFile {
    std::filesystem::path path;
    std::string id;
};

class ReplayIntents {
  public:
    ReplayIntents(storage::Store& store, auth::Accounts& accounts, auth::Admin& admin,
                  Connections& connections, LiveRooms& rooms, RoomBroadcaster& broadcaster,
                  const SocialGraph& graph, const ClubDirectory& clubs,
                  const ServiceOptions& options)
        : store_(store.database()),
          accounts_(accounts),
          admin_(admin),
          graph_(graph),
          clubs_(clubs),
          connections_(connections),
          rooms_(rooms),
          broadcaster_(broadcaster),
          options_(options) {}
    // Finishes recordings still under way (shutdown without stop_all).
    ~ReplayIntents() { stop_all(); }
    ReplayIntents(const ReplayIntents&) = delete;
    ReplayIntents& operator=(const ReplayIntents&) = delete;

    void handle(Request& r, const protocol::StartRecording& m);
    void handle(Request& r, const protocol::StopRecording& m);
    void handle(Request& r, const protocol::ListReplays& m);
    void handle(Request& r, const protocol::DeleteReplay& m);
    void handle(Request& r, const protocol::GetReplayLink& m);
    // After a join: the joiner learns that the room is being recorded.
    void after(Request& r, const protocol::JoinRoom& m);

    // With each audio flush and sweep: the recorders learn the time; recordings of
    // rooms that ended, or past the quota, stop.
    void tick();
    // Finishes and stores every recording under way, on this thread (shutdown).
    void stop_all();
    // Forgets expired links.
    void forget_expired_links();

    // The file of replay `id` if `key` is a live link to it, or `bearer` the session
    // token of someone who may hear it; nothing otherwise.
    std::optional<ReplayFile> file(std::string_view id, std::string_view key,
                                   std::string_view bearer);
    // Bytes the stored replays and the recordings under way take.
    std::uint64_t used_bytes();
    bool recording(std::string_view room) const { return recordings_.contains(room); }

  private:
    struct Recording {
        std::string replay_id;
        std::string room;
        std::string title;
        std::int64_t started = 0;  // unix seconds
        std::set<UserId> hosts;
        UserId started_by = 0;
        std::unique_ptr<media::Recorder> recorder;
        // Everyone who was in the room while it was recorded: told when the replay is
        // saved after the room ended, and its listeners when it is restricted.
        std::set<UserId> heard = {};
        // The room was not open, or a club's, at some point while it was recorded.
        bool restricted = false;
        std::optional<std::int64_t> club = std::nullopt;
    };
    using Recordings = std::map<std::string, Recording, std::less<>>;

    // Ends a recording: tells the room, and hands the recorder to a worker to finish.
    // `reason` goes to the hosts when it is not an ordinary stop.
    void stop(Recordings::iterator it, std::optional<ErrorCode> reason = std::nullopt);
    // Hands finishing recordings to workers; those refused wait for the next tick.
    void hand_over();
    // On the event loop once a recording's file is finished.
    void saved(const Recording& recording, const media::RecordingResult& result);
    // Notes what makes the replay restricted (the room's type and club may change
    // while it is recorded).
    static void note_access(Recording& recording, const room::Room& room);
    // Whether `user` may list, link, play or delete (hosts and admins) `replay`.
    bool may_hear(const protocol::Replay& replay, UserId user);
    std::filesystem::path path_of(std::string_view id) const;
    std::uint64_t stored_bytes();

    storage::ReplayStore store_;
    auth::Accounts& accounts_;
    auth::Admin& admin_;
    const SocialGraph& graph_;
    const ClubDirectory& clubs_;
    Connections& connections_;
    LiveRooms& rooms_;
    RoomBroadcaster& broadcaster_;
    const ServiceOptions& options_;
    Recordings recordings_;
    // Stopped recordings waiting for a worker, with their end time.
    std::vector<std::pair<std::shared_ptr<Recording>, Clock::time_point>> to_finish_;
    // Bytes of recordings being finished, counted against the quota until stored.
    std::uint64_t finishing_bytes_ = 0;
    std::optional<std::uint64_t> stored_bytes_;  // nothing: not read yet
    struct Link {
        std::string replay;
        std::int64_t expires = 0;  // unix seconds
    };
    std::map<std::string, Link, std::less<>> links_;
};

}  // namespace salotto::service
