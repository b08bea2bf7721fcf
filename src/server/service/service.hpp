// The signalling service: connections, sessions, the hallway and live rooms.
//
// It sees connections only as ids and text frames: the network layer feeds it what
// arrives (open, text, binary, close) and it answers through an Outbox. So every
// rule of docs/protocol.md is testable without sockets, and all state lives on the
// one thread that calls it (no locks).
//
// A user may hold several connections (tabs). Room membership belongs to the user:
// every connection of the user gets the user's room events, and the user leaves the
// room when their last connection closes or signs out.
//
// Audio (docs/protocol.md, "Audio frames") also passes through here: each user may
// mark one connection as their audio connection; binary frames from it are checked
// and forwarded to the other members' audio connections as shared batch messages.
// People on stage get every frame at once; the audience gets the room's frames
// coalesced per flush interval, which the network layer drives with flush_audio().
//
// Hallway updates of a live room are coalesced too: a room's summary changes on
// every join, so sending each change to every signed-in connection made a join
// flood cost O(N^2) frames. Openings and endings go out at once; other changes
// mark the room dirty and flush_hallway() sends each dirty room's latest summary.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/protocol/messages.hpp"
#include "core/room/room.hpp"
#include "server/auth/accounts.hpp"
#include "server/service/audience_batches.hpp"
#include "server/service/audio_buffer.hpp"
#include "server/service/audio_counters.hpp"
#include "server/service/token_bucket.hpp"
#include "server/storage/store.hpp"

namespace salotto::service {

using ConnectionId = std::uint64_t;
using protocol::UserId;

// Where the service's events go. The network layer queues each frame on the
// connection's socket; tests record them.
class Outbox {
  public:
    virtual ~Outbox() = default;
    // One encoded event (a text frame) for `connection`.
    virtual void send(ConnectionId connection, std::string_view frame) = 0;
    // One downstream audio batch (a binary frame) for `connection`. The same
    // message goes to many connections; keep the handle, never copy the bytes.
    virtual void send_audio(ConnectionId connection, const AudioMessage& message) = 0;
    // Closes `connection` once what is queued for it (the error saying why) is written.
    virtual void disconnect(ConnectionId connection) = 0;
};

// Limits of docs/protocol.md, "Limits".
inline constexpr double kIntentBurst = 40;
inline constexpr double kIntentsPerSecond = 20;
inline constexpr double kSignInBurst = 10;
inline constexpr double kSignInsPerSecond = 10.0 / 60.0;
// Audio frames have their own bucket: a speaker sends 100 per second.
inline constexpr double kAudioBurst = 200;
inline constexpr double kAudioFramesPerSecond = 200;
// Audio bytes per connection: 8 times what a speaker sends at Opus's highest
// voice bit rates, so only a client that floods is refused.
inline constexpr double kAudioBytesBurst = 64 * 1024;
inline constexpr double kAudioBytesPerSecond = 32 * 1024;
// Per user, whatever connection they use (docs/protocol.md, "Limits"). Creating a
// room fans out to every signed-in connection; a hand toggle and the other room
// intents to every member of the room.
inline constexpr double kRoomCreationBurst = 3;
inline constexpr double kRoomCreationsPerSecond = 3.0 / 60.0;
inline constexpr double kHandToggleBurst = 6;
inline constexpr double kHandTogglesPerSecond = 0.5;
inline constexpr double kRoomIntentBurst = 20;
inline constexpr double kRoomIntentsPerSecond = 5;
// A connection that keeps being refused for rates is cut off: every refusal takes a
// strike, strikes come back at this rate, and with none left the connection closes.
inline constexpr double kStrikeBurst = 30;
inline constexpr double kStrikesPerSecond = 1;
// A new connection must say hello within kHelloDeadline and sign in within
// kSignInDeadline (the sign-in form may stay open a while; the web client reconnects
// by itself when cut off).
inline constexpr auto kHelloDeadline = std::chrono::seconds(10);
inline constexpr auto kSignInDeadline = std::chrono::minutes(5);
// Someone on stage whose last connection drops keeps their seat this long, so a
// reconnect (a network change, a reloaded tab) puts them back where they were.
inline constexpr auto kSeatGrace = std::chrono::seconds(30);
// After a restart, the stages saved at shutdown wait this long for their people.
inline constexpr auto kRestoredSeatGrace = std::chrono::seconds(60);
// Expired sessions and long-ended rooms are deleted this often (auth::Accounts::prune).
inline constexpr auto kPruneInterval = std::chrono::hours(1);
// At most one error per connection per interval answers rejected audio frames; the
// rest are counted and the tally goes into the next error's message.
inline constexpr auto kAudioErrorInterval = std::chrono::seconds(1);
inline constexpr auto kDefaultAudienceBatch = std::chrono::milliseconds(20);
// With an adaptive audience batch (the default), the batch follows the audience's
// size. Below kSmallAudience listeners with audio, each frame goes out at once, as to
// the stage: the audience then hears with the stage's latency, at a cost the server
// does not notice (under 10,000 writes a second per speaker with 10 ms frames).
// Larger audiences are batched: a write to a listener costs about the same whatever
// it carries, so one core forwards to a few thousand listeners only when each write
// carries 40-60 ms of audio. From kSmallAudience listeners batches span one interval
// (20 ms), from kLargeAudience two, from kHugeAudience three (docs/protocol.md).
inline constexpr std::size_t kSmallAudience = 100;
inline constexpr std::size_t kLargeAudience = 1000;
inline constexpr std::size_t kHugeAudience = 2500;

// Whether an adaptive audience of `listeners` gets each frame at once.
inline bool audience_hears_at_once(std::size_t listeners) {
    return listeners < kSmallAudience;
}
// Intervals of audio one adaptive audience batch collects for `listeners` listeners.
inline int audience_batch_intervals(std::size_t listeners) {
    return listeners >= kHugeAudience ? 3 : listeners >= kLargeAudience ? 2 : 1;
}
// How often a live room's changed hallway summary may go out (docs/protocol.md,
// "Hallway").
inline constexpr auto kDefaultHallwayInterval = std::chrono::milliseconds(1000);
// Joins and leaves of rooms with at least kBatchedMembersFrom members are collected
// into one members_changed per interval: sent one by one, each join of a room of N
// costs N writes, and filling a room costs N² (docs/protocol.md, "Room events").
inline constexpr std::size_t kBatchedMembersFrom = 100;
inline constexpr auto kDefaultMembersInterval = std::chrono::milliseconds(250);

// Password sign-ins (sign-up and log-in, each an Argon2id) per client address: the
// per-connection limit alone lets one host open many connections and keep every
// worker busy.
inline constexpr double kAddressSignInBurst = 30;
inline constexpr double kAddressSignInsPerSecond = 30.0 / 60.0;

// Slow work handed off the event loop: it runs on another thread, touches only what it
// captured, and returns what to do with its result, which runs on the service's thread.
using SlowJob = std::function<std::function<void()>()>;
// Runs a slow job at once, on the calling thread (tests and tools).
inline bool run_inline(SlowJob job) {
    job()();
    return true;
}

struct ServiceOptions {
    std::string server_name = "salotto-server";
    std::function<TokenBucket::Clock::time_point()> steady_now = TokenBucket::Clock::now;
    auth::UnixClock unix_now = auth::system_unix_now;
    // How long the audience's frames are collected before one batch goes out; zero
    // sends every frame at once, as to the stage. The caller calls flush_audio() at
    // this interval.
    std::chrono::milliseconds audience_batch = kDefaultAudienceBatch;
    // Small audiences get each frame at once and large rooms' batches span several
    // intervals (audience_hears_at_once, audience_batch_intervals); false batches
    // every room's audience over one interval (benchmarks, tests of batching).
    bool adaptive_audience_batch = true;
    // How often changed hallway summaries of live rooms go out; the caller calls
    // flush_hallway() at this interval. Zero sends each change at once.
    std::chrono::milliseconds hallway_interval = kDefaultHallwayInterval;
    // How often big rooms' collected joins and leaves go out; the caller calls
    // flush_members() at this interval. Zero sends them at once in every room.
    std::chrono::milliseconds members_interval = kDefaultMembersInterval;
    // Hands a slow job (password hashing) to another thread and arranges for the
    // continuation it returns to run on the service's thread; false when it cannot
    // take the job now (the client is told `server_busy`).
    std::function<bool(SlowJob)> offload = run_inline;
};

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
    // Sends the latest hallway_room of every live room whose summary changed since
    // the last flush, to every signed-in connection.
    void flush_hallway();
    // Sends each room's collected joins and leaves as one members_changed.
    void flush_members();
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

    std::size_t connection_count() const { return connections_.size(); }
    std::size_t room_count() const { return rooms_.size(); }
    AudioCounters& audio_counters() { return audio_counters_; }
    const AudioCounters& audio_counters() const { return audio_counters_; }

  private:
    struct Connection {
        explicit Connection(TokenBucket::Clock::time_point now)
            : opened(now),
              intents(kIntentBurst, kIntentsPerSecond, now),
              sign_ins(kSignInBurst, kSignInsPerSecond, now),
              frames(kAudioBurst, kAudioFramesPerSecond, now),
              audio_bytes(kAudioBytesBurst, kAudioBytesPerSecond, now),
              strikes(kStrikeBurst, kStrikesPerSecond, now) {}
        TokenBucket::Clock::time_point opened;
        bool greeted = false;
        // A password is being hashed or verified on a worker (sign-up, log-in, password
        // change); its answer is on the way.
        bool checking_password = false;
        std::string address;
        std::optional<protocol::User> user;
        auth::TokenHash session;
        TokenBucket intents;
        TokenBucket sign_ins;
        TokenBucket frames;
        TokenBucket audio_bytes;
        TokenBucket strikes;
        bool cut_off = false;  // disconnect() was asked for: ignore what still comes
        std::optional<TokenBucket::Clock::time_point> last_audio_error;
        std::uint64_t audio_rejections_untold = 0;
    };
    // A user's allowances for intents that fan out, kept across their connections
    // (and reconnects) until they have refilled.
    struct UserLimits {
        explicit UserLimits(TokenBucket::Clock::time_point now)
            : room_creations(kRoomCreationBurst, kRoomCreationsPerSecond, now),
              hand_toggles(kHandToggleBurst, kHandTogglesPerSecond, now),
              room_intents(kRoomIntentBurst, kRoomIntentsPerSecond, now) {}
        TokenBucket room_creations;
        TokenBucket hand_toggles;
        TokenBucket room_intents;
    };
    // Who in a room speaks and hears audio, cached because every frame needs it;
    // rebuilt after any change to the room (roles, mutes, members) or to a member's
    // audio connection.
    struct StageListener {
        UserId user = 0;
        ConnectionId connection = 0;
        bool muted = true;
    };
    struct AudioRoute {
        explicit AudioRoute(AudioBufferPool& pool) : batches(pool) {}
        bool stale = true;
        std::vector<StageListener> stage;  // on stage with an audio connection
        std::vector<ConnectionId> audience;
        AudienceBatches batches;  // the audience's audio being collected
    };
    struct LiveRoom {
        room::Room room;
        std::uint64_t opened = 0;  // creation order, for the hallway
        AudioRoute audio;
        // The summary onlookers last got, so a flush skips changes that undid
        // themselves (a join and a leave between two flushes).
        protocol::RoomSummary hallway_sent{};
        // Users who joined or left since the last members_changed, each once, in the
        // order of their first change.
        std::vector<UserId> members_changed{};
    };
    // The intent being handled.
    struct Request {
        ConnectionId id;
        Connection& connection;
        std::string_view type;
        UserId user() const { return connection.user->id; }
    };

    // Runs `work`; an exception is logged and, for a connection, answered with
    // `internal`. Nothing escapes into the event loop.
    template <class Work>
    void guarded(std::optional<ConnectionId> id, std::string_view what, Work&& work) noexcept;
    void handle_text(ConnectionId id, std::string_view frame);
    void handle_binary(ConnectionId id, std::span<const std::uint8_t> frame);
    void flush_audio_batches(int intervals);
    void send_dirty_hallway();
    void dispatch(Request& r, const protocol::Intent& intent);
    void handle(Request& r, const protocol::Hello& m);
    void handle(Request& r, const protocol::Signup& m);
    void handle(Request& r, const protocol::Login& m);
    void handle(Request& r, const protocol::Resume& m);
    void handle(Request& r, const protocol::Logout& m);
    void handle(Request& r, const protocol::LogoutEverywhere& m);
    void handle(Request& r, const protocol::ChangePassword& m);
    void handle(Request& r, const protocol::CreateInvite& m);
    void handle(Request& r, const protocol::ListInvites& m);
    void handle(Request& r, const protocol::GetProfile& m);
    void handle(Request& r, const protocol::CreateRoom& m);
    void handle(Request& r, const protocol::JoinRoom& m);
    void handle(Request& r, const protocol::LeaveRoom& m);
    void handle(Request& r, const protocol::RaiseHand& m);
    void handle(Request& r, const protocol::LowerHand& m);
    void handle(Request& r, const protocol::InviteSpeaker& m);
    void handle(Request& r, const protocol::MoveToAudience& m);
    void handle(Request& r, const protocol::MakeModerator& m);
    void handle(Request& r, const protocol::EndRoom& m);
    void handle(Request& r, const protocol::Ping& m);
    void handle(Request& r, const protocol::SetMute& m);
    void handle(Request& r, const protocol::StartAudio& m);
    void handle(Request& r, const protocol::StopAudio& m);

    void sign_in(Request& r, const auth::Result<auth::SignedIn>& result);
    // The user's last connection closed: someone on stage keeps their seat for
    // kSeatGrace, anyone else leaves their room.
    void keep_seat_or_leave(UserId user);
    // Refuses an intent for its rate; a connection out of strikes is cut off.
    void reject_for_rate(ConnectionId id, Connection& connection, std::string_view in);
    // Sends `code` to the connection, then closes it.
    void cut_off(ConnectionId id, Connection& connection, ErrorCode code, std::string_view message);
    // Takes the user's allowance for `intent`; false when it is used up.
    bool user_allows(UserId user, const protocol::Intent& intent);
    // Takes a password sign-in attempt from the client address's allowance.
    bool address_allows_sign_in(const Connection& connection);
    // Runs `slow` (password hashing or verification, on a worker) and then `finish`
    // with its result on this thread, if the connection is still open by then. One
    // at a time per connection.
    template <class Value>
    void check_password_off_loop(Request& r, std::function<Value()> slow,
                                 std::function<void(Request&, const Value&)> finish);
    // Signs out every connection of `user` for which `leaving` holds, each told
    // logged_out; the user leaves their room when none of theirs is left.
    void sign_out_connections(UserId user, const std::function<bool(const Connection&)>& leaving);
    // Detaches a connection from its user; the user leaves their room when it was
    // their last connection.
    void detach(ConnectionId id, Connection& connection);

    // Runs a room operation for the requester's room and broadcasts what changed.
    void room_action(Request& r, const std::function<room::Outcome(room::Room&)>& action);
    void leave_current_room(UserId user);
    // Broadcasts the changes of one operation on `live` and, when it ended, retires it.
    void publish(LiveRoom& live, const room::Outcome& outcome, const protocol::RoomSummary& before);
    void retire(std::string room_id);
    LiveRoom* room_of(UserId user);
    // Whether `live`'s joins and leaves wait for flush_members().
    bool batches_members(const LiveRoom& live) const;
    // Sends `live`'s collected joins and leaves, if any, to its members except `except`.
    void send_members_changed(LiveRoom& live, std::optional<UserId> except = std::nullopt);

    void send(ConnectionId id, const protocol::Event& event);
    void send_user(UserId user, const protocol::Event& event);
    // To every connection of every member, except those of `except`.
    void send_members(const room::Room& room, const protocol::Event& event,
                      std::optional<UserId> except = std::nullopt);
    void send_signed_in(const protocol::Event& event);
    // Tells the hallway that `live`'s summary changed: at once, or at the next
    // flush_hallway().
    void hallway_changed(LiveRoom& live);
    void reject(ConnectionId id, ErrorCode code, std::string_view in,
                std::string_view message = {});
    protocol::Hallway hallway() const;

    // Answers a rejected audio frame, at most once per kAudioErrorInterval.
    void reject_audio(ConnectionId id, Connection& connection, ErrorCode code,
                      TokenBucket::Clock::time_point now);
    void forward(LiveRoom& live, UserId speaker, protocol::AudioFrame frame);
    // Sends the audience batches collected so far (to the route they were collected for).
    void flush_room(LiveRoom& live);
    // Sends a group's audience batch to its listeners: every groups-th one of the route's
    // audience, starting with the group-th.
    void send_audience(const AudioRoute& route, int group, const AudioMessage& message);
    // Marks the user's room's route stale after their audio connection changed.
    void audio_route_changed(UserId user);
    void invalidate_route(LiveRoom& live);
    const AudioRoute& route(LiveRoom& live);

    auth::Accounts& accounts_;
    storage::Store& store_;
    Outbox& outbox_;
    ServiceOptions options_;

    std::unordered_map<ConnectionId, Connection> connections_;
    // Password sign-in allowance per client address; entries that have refilled are
    // forgotten (prune_addresses).
    std::unordered_map<std::string, TokenBucket> address_sign_ins_;
    std::unordered_map<UserId, UserLimits> user_limits_;
    std::optional<TokenBucket::Clock::time_point> last_prune_;  // nothing: prune at once
    // Members on stage with no connection, and until when their seat is kept.
    std::unordered_map<UserId, TokenBucket::Clock::time_point> away_;
    std::unordered_map<UserId, std::set<ConnectionId>> user_connections_;
    std::map<std::string, LiveRoom> rooms_;
    std::unordered_map<UserId, std::string> user_room_;
    std::uint64_t rooms_opened_ = 0;
    // Rooms whose hallway summary changed since the last flush_hallway(); ended
    // rooms leave it, so they never send a stale hallway_room.
    std::set<std::string> hallway_dirty_;
    // Each user's audio connection, if they started audio.
    std::unordered_map<UserId, ConnectionId> user_audio_;
    AudioBufferPool audio_pool_;
    AudioCounters audio_counters_;
};

}  // namespace salotto::service
