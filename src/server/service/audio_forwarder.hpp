// The audio forwarder (docs/protocol.md, "Audio frames"): each user may mark one
// connection as their audio connection; binary frames from it are checked (rate,
// session, room, stage, mute) and forwarded to the other members' audio connections
// as shared batch messages. People on stage get every frame at once; the audience gets
// the room's frames coalesced per flush interval, which the network layer drives with
// Service::flush_audio(). It keeps the counters behind /metrics.
//
// It reads the live rooms and is told when a room's members change, so the route it
// caches per room (who speaks, who listens) follows them.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <unordered_map>

#include "core/protocol/audio_packet.hpp"
#include "core/protocol/messages.hpp"
#include "server/service/audio_counters.hpp"
#include "server/service/connections.hpp"
#include "server/service/live_rooms.hpp"
#include "server/service/options.hpp"
#include "server/service/outbox.hpp"

namespace salotto::service {

// At most one error per connection per interval answers rejected audio frames; the
// rest are counted and the tally goes into the next error's message.
inline constexpr auto kAudioErrorInterval = std::chrono::seconds(1);
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

class AudioForwarder {
  public:
    AudioForwarder(Connections& connections, LiveRooms& rooms, AudioBufferPool& pool,
                   Outbox& outbox, const ServiceOptions& options)
        : connections_(connections),
          rooms_(rooms),
          pool_(pool),
          outbox_(outbox),
          options_(options) {}

    // An upstream frame from connection `id`: forwarded, or answered with an error.
    void receive(ConnectionId id, std::span<const std::uint8_t> frame);
    // Sends each room's collected audience batch when its batch is due.
    void flush(int intervals);

    // start_audio / stop_audio: `r`'s connection becomes (or stops being) its user's
    // audio connection.
    void handle(Request& r, const protocol::StartAudio& m);
    void handle(Request& r, const protocol::StopAudio& m);
    // Connection `id` of `user` signed out or closed.
    void connection_gone(UserId user, ConnectionId id);
    // `live`'s members changed (roles, mutes, joins, leaves): what was collected goes
    // to the audience it was spoken to, and the route is rebuilt for the next frame.
    void room_changed(LiveRoom& live);

    AudioCounters& counters() { return counters_; }
    const AudioCounters& counters() const { return counters_; }

  private:
    // Answers a rejected audio frame, at most once per kAudioErrorInterval.
    void reject(ConnectionId id, Connection& connection, ErrorCode code, Clock::time_point now);
    void forward(LiveRoom& live, UserId speaker, protocol::AudioFrame frame);
    // Sends a group's audience batch to its listeners: every groups-th one of the route's
    // audience, starting with the group-th.
    void send_audience(const AudioRoute& route, int group, const AudioMessage& message);
    // Marks the user's room's route stale after their audio connection changed.
    void user_changed(UserId user);
    const AudioRoute& route(LiveRoom& live);

    Connections& connections_;
    LiveRooms& rooms_;
    AudioBufferPool& pool_;
    Outbox& outbox_;
    const ServiceOptions& options_;
    // Each user's audio connection, if they started audio.
    std::unordered_map<UserId, ConnectionId> user_audio_;
    AudioCounters counters_;
};

}  // namespace salotto::service
