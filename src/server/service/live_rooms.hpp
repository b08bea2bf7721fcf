// The live rooms: each room's model with what the service keeps beside it (its audio
// route, the hallway summary last sent, the joins and leaves not yet sent), and which
// room each user is in. A registry only: the room intents change it, the broadcaster
// tells people, the audio forwarder reads it.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/protocol/messages.hpp"
#include "core/room/room.hpp"
#include "core/social/reactions.hpp"
#include "server/service/audience_batches.hpp"
#include "server/service/audio_buffer.hpp"
#include "server/service/outbox.hpp"

namespace salotto::media {
class Recorder;
}

namespace salotto::service {

using protocol::UserId;

// Who in a room speaks and hears audio, cached because every frame needs it; rebuilt
// (AudioForwarder::route) after any change to the room (roles, mutes, members) or to a
// member's audio connection.
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
    // The title's search terms (core/text/search_normalise.hpp), folded once at opening.
    std::vector<std::string> title_terms{};
    // The room's newest chat messages (ChatIntents), once someone asked for them.
    std::optional<std::deque<protocol::ChatMessage>> chat{};
    // Reactions since the last flush_reactions().
    social::ReactionBatch reactions{};
    // The room's recorder while it is being recorded (owned by ReplayIntents): the
    // audio forwarder hands it the stage's frames.
    media::Recorder* recorder = nullptr;
};

class LiveRooms {
  public:
    using Map = std::map<std::string, LiveRoom, std::less<>>;

    // Told each time a user enters a room (its id) or leaves their room (nothing).
    using SeatListener = std::function<void(UserId, const std::optional<std::string>&)>;

    explicit LiveRooms(AudioBufferPool& pool) : pool_(pool) {}
    void on_seat_change(SeatListener listener) { seat_listener_ = std::move(listener); }

    // A new live room with `creator` on stage as moderator; nobody is seated in it yet.
    LiveRoom& open(const std::string& id, const std::string& title, const room::Person& creator,
                   protocol::RoomType type);
    LiveRoom* find(std::string_view id);
    bool contains(std::string_view id) const { return rooms_.find(id) != rooms_.end(); }
    // The room `user` is in, or nullptr.
    LiveRoom* of(UserId user);
    // Records that `user` is in room `id` / in no room.
    void seat(UserId user, const std::string& id);
    void unseat(UserId user);
    // Forgets room `id` and that its members were in it.
    void erase(const std::string& id);

    std::size_t size() const { return rooms_.size(); }
    Map& all() { return rooms_; }
    // Every live room's summary, newest first.
    protocol::Hallway hallway() const;

  private:
    AudioBufferPool& pool_;
    Map rooms_;
    std::unordered_map<UserId, std::string> user_room_;
    std::uint64_t rooms_opened_ = 0;
    SeatListener seat_listener_;
};

}  // namespace salotto::service
