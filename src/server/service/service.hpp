// The service: what the network layer (and the unit tests) call with what arrives on
// connections (open, text, binary, close) and on timers (the flushes, sweep). It sees
// connections only as ids and answers through an Outbox, so every rule of
// docs/protocol.md is testable without sockets, and all state lives on the one thread
// that calls it (no locks).
//
// It is the thin entry point over parts with one job each (docs/server.md):
//   - Connections (connections.hpp): who is connected and signed in as whom; sending.
//   - limits.hpp: the rate limits, strikes and deadlines each intent is checked against.
//   - SessionIntents / RoomIntents / ModerationIntents (session_intents.hpp,
//     room_intents.hpp, moderation_intents.hpp): the intent handlers, grouped by
//     concern; RoomIntents also runs the live rooms' lifecycle. AdminIntents (invite
//     revocation, admin) and SearchIntents likewise.
//   - LiveRooms (live_rooms.hpp): the live rooms and who is in which.
//   - RoomBroadcaster (room_broadcaster.hpp): who gets which room and hallway event,
//     with hallway and members_changed coalescing.
//   - AudioForwarder (audio_forwarder.hpp): audio connections, upstream checks, stage
//     and audience batches, counters.
//   - Avatars (avatars.hpp): profile picture uploads (over HTTP) and their storage.
//   - ChatIntents (chat_intents.hpp): room chat and reactions.
//   - EventIntents (event_intents.hpp): scheduled events.
//   - ClubIntents, ClubDirectory (club_intents.hpp, club_directory.hpp): clubs, their
//     people and settings; ClubPictures (club_pictures.hpp): club picture uploads.
//   - SocialIntents, SocialGraph, HallwayAudience (social_intents.hpp, social_graph.hpp,
//     hallway_audience.hpp): follows, blocks, pings, notifications, and who may see
//     which room in the hallway (room_access.hpp holds the rule).
// Here: the exception boundary on every entry point, the checks every text frame
// passes before its handler (decoding, rates, hello and sign-in), and dispatching.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

// The parts' headers are part of this one's interface: the network layer and the tests
// use Outbox, ServiceOptions and the limits' and forwarder's constants through it.
#include "core/protocol/messages.hpp"
#include "server/auth/accounts.hpp"
#include "server/auth/admin.hpp"
#include "server/service/admin_intents.hpp"
#include "server/service/audio_buffer.hpp"
#include "server/service/audio_counters.hpp"
#include "server/service/audio_forwarder.hpp"
#include "server/service/avatars.hpp"
#include "server/service/chat_intents.hpp"
#include "server/service/club_directory.hpp"
#include "server/service/club_intents.hpp"
#include "server/service/club_pictures.hpp"
#include "server/service/connections.hpp"
#include "server/service/event_intents.hpp"
#include "server/service/hallway_audience.hpp"
#include "server/service/limits.hpp"
#include "server/service/live_rooms.hpp"
#include "server/service/moderation_intents.hpp"
#include "server/service/options.hpp"
#include "server/service/outbox.hpp"
#include "server/service/replay_intents.hpp"
#include "server/service/room_broadcaster.hpp"
#include "server/service/room_intents.hpp"
#include "server/service/search_intents.hpp"
#include "server/service/session_intents.hpp"
#include "server/service/social_graph.hpp"
#include "server/service/social_intents.hpp"
#include "server/storage/store.hpp"

namespace salotto::service {

// Expired sessions and long-ended rooms are deleted this often (auth::Accounts::prune).
inline constexpr auto kPruneInterval = std::chrono::hours(1);

class Service {
  public:
    Service(auth::Accounts& accounts, storage::Store& store, Outbox& outbox,
            ServiceOptions options = {});

    // The entry points below never throw: a failure is logged and answered with an
    // `internal` error on the connection concerned.
    // `address` is the client's network address, for per-address limits.
    void open(ConnectionId connection, std::string_view address = {});
    // One text frame as received, already within the transport's hard size cap.
    void text(ConnectionId connection, std::string_view frame);
    // A binary frame as received: an upstream audio frame.
    void binary(ConnectionId connection, std::span<const std::uint8_t> frame);
    void close(ConnectionId connection);
    // Called once per audience interval (`intervals` > 1 when the caller fell behind
    // and skipped some): sends each room's collected audience batch when its batch is
    // due (every interval, or every few for large rooms).
    void flush_audio(int intervals = 1);
    // Sends the latest summaries of the live rooms whose summary changed since the
    // last flush, in one hallway_rooms, to every signed-in connection.
    void flush_hallway();
    // Sends each room's collected joins and leaves as one members_changed.
    void flush_members();
    // Sends each room's reactions collected since the last call as one `reactions`.
    void flush_reactions();
    // Called about once a second: closes connections past their hello or sign-in
    // deadline, takes away seats kept too long, and forgets rate-limit state that has
    // refilled.
    void sweep();
    // For a graceful restart: saves who is on stage in every live room (the rooms stay
    // open in the database).
    void save_stages();
    // Reopens the rooms whose stages save_stages() kept, with everyone on stage away
    // for kRestoredSeatGrace; returns how many rooms came back.
    int restore_stages();

    // Profile pictures (HTTP; see avatars.hpp). `reply` runs exactly once, on this
    // thread, with the new version or the refusal.
    void upload_avatar(std::string_view token, std::string upload, Avatars::Reply reply);
    AvatarResult remove_avatar(std::string_view token);
    // The stored picture of `user` (JPEG); nothing when there is none or on a failure.
    std::optional<storage::AvatarRecord> avatar_image(UserId user);
    // Scheduled event `id` (for its calendar file); nothing when there is none.
    std::optional<protocol::EventInfo> event(std::string_view id);
    // Club pictures (HTTP; see club_pictures.hpp), as profile pictures above.
    void upload_club_avatar(std::string_view token, std::int64_t club, std::string upload,
                            Avatars::Reply reply);
    AvatarResult remove_club_avatar(std::string_view token, std::int64_t club);
    std::optional<storage::AvatarRecord> club_avatar_image(std::int64_t club);

    // Replays (replay_intents.hpp): the file of replay `id` for an HTTP request with the
    // link's `key` or a session token as `bearer`; nothing when neither opens it.
    std::optional<ReplayFile> replay_file(std::string_view id, std::string_view key,
                                          std::string_view bearer);
    // For a graceful stop: finishes and stores every recording under way (blocks).
    void stop_recordings();

    std::size_t connection_count() const { return connections_.size(); }
    std::size_t room_count() const { return rooms_.size(); }
    AudioCounters& audio_counters() { return audio_.counters(); }
    const AudioCounters& audio_counters() const { return audio_.counters(); }

  private:
    void handle_text(ConnectionId id, std::string_view frame);
    void dispatch(Request& r, const protocol::Intent& intent);
    // Refuses an intent for its rate; a connection out of strikes is cut off.
    // `message` says what was too fast, when it is more than the default.
    void reject_for_rate(ConnectionId id, Connection& connection, std::string_view in,
                         std::string_view message = {});
    void cut_off_late();

    auth::Accounts& accounts_;
    ServiceOptions options_;
    // Before everything that holds audio batches, so it outlives them.
    AudioBufferPool audio_pool_;
    Connections connections_;
    LiveRooms rooms_;
    SharedAllowances allowances_;
    AudioForwarder audio_;
    SocialGraph graph_;
    HallwayAudience hallway_;
    RoomBroadcaster broadcaster_;
    RoomIntents room_intents_;
    ModerationIntents moderation_intents_;
    SocialIntents social_intents_;
    SessionIntents session_intents_;
    Avatars avatars_;
    auth::Admin admin_;
    AdminIntents admin_intents_;
    SearchIntents search_intents_;
    ChatIntents chat_intents_;
    EventIntents event_intents_;
    ReplayIntents replay_intents_;
    std::optional<Clock::time_point> last_prune_;  // nothing: prune at once
    // Room and search intents above keep references to the directory; they read it
    // only once handling intents, after ClubIntents loaded it.
    ClubDirectory clubs_;
    ClubIntents club_intents_;
    ClubPictures club_pictures_;
};

}  // namespace salotto::service
