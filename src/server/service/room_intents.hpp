// The room intents (create, join, leave, hands, stage moves, mute, end) and the live
// rooms' lifecycle around them: leaving when a user's last connection goes, seats
// kept for people on stage who dropped off, rooms retired when they end, and stages
// saved for a graceful restart. The rules themselves are src/core/room's; this part
// applies them to the live rooms, then has the audio forwarder and the broadcaster
// follow what changed.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <unordered_map>

#include "core/protocol/messages.hpp"
#include "core/room/room.hpp"
#include "server/auth/accounts.hpp"
#include "server/service/audio_forwarder.hpp"
#include "server/service/club_directory.hpp"
#include "server/service/connections.hpp"
#include "server/service/live_rooms.hpp"
#include "server/service/options.hpp"
#include "server/service/room_broadcaster.hpp"
#include "server/service/social_graph.hpp"
#include "server/storage/store.hpp"

namespace salotto::service {

// Someone on stage whose last connection drops keeps their seat this long, so a
// reconnect (a network change, a reloaded tab) puts them back where they were.
inline constexpr auto kSeatGrace = std::chrono::seconds(30);
// After a restart, the stages saved at shutdown wait this long for their people.
inline constexpr auto kRestoredSeatGrace = std::chrono::seconds(60);

class RoomIntents {
  public:
    RoomIntents(auth::Accounts& accounts, storage::Store& store, Connections& connections,
                LiveRooms& rooms, RoomBroadcaster& broadcaster, AudioForwarder& audio,
                const SocialGraph& graph, const ServiceOptions& options, const ClubDirectory& clubs)
        : accounts_(accounts),
          store_(store),
          connections_(connections),
          rooms_(rooms),
          broadcaster_(broadcaster),
          audio_(audio),
          graph_(graph),
          options_(options),
          clubs_(clubs) {}

    void handle(Request& r, const protocol::CreateRoom& m);
    void handle(Request& r, const protocol::JoinRoom& m);
    void handle(Request& r, const protocol::LeaveRoom& m);
    void handle(Request& r, const protocol::RaiseHand& m);
    void handle(Request& r, const protocol::LowerHand& m);
    void handle(Request& r, const protocol::InviteSpeaker& m);
    void handle(Request& r, const protocol::MoveToAudience& m);
    void handle(Request& r, const protocol::MakeModerator& m);
    void handle(Request& r, const protocol::EndRoom& m);
    void handle(Request& r, const protocol::SetMute& m);

    // Opens a room titled `title` (in `club`, when given) with the requester as its first
    // moderator (leaving the room they were in); nothing, with the refusal sent, when
    // that fails.
    LiveRoom* open_room(Request& r, const std::string& title, protocol::RoomType type,
                        const std::optional<protocol::ClubTag>& club = std::nullopt);

    // `user`'s name, handle or picture changed: their entry in their live room follows.
    void person_changed(const protocol::User& user);
    // `user` leaves their room, if they are in one.
    void leave_current_room(UserId user);
    // The user's last connection closed: someone on stage keeps their seat for
    // kSeatGrace, anyone else leaves their room.
    void keep_seat_or_leave(UserId user);
    // `user` signed in again: a seat kept for them is theirs again.
    void back(UserId user) { away_.erase(user); }
    // Takes away seats kept past their time from people still without a connection.
    void sweep_seats(Clock::time_point now);

    // Saves who is on stage in every live room (the rooms stay open in the database).
    void save_stages();
    // Reopens the rooms save_stages() kept, with everyone on stage away for
    // kRestoredSeatGrace; returns how many rooms came back.
    int restore_stages();

    // Runs a room operation for the requester's room and broadcasts what changed
    // (also for the moderation intents, moderation_intents.hpp).
    void room_action(Request& r, const std::function<room::Outcome(room::Room&)>& action);
    // Has audio and the broadcaster follow one operation on `live`; retires it when
    // it ended.
    void publish(LiveRoom& live, const room::Outcome& outcome, const protocol::RoomSummary& before);

  private:
    void retire(std::string room_id);

    auth::Accounts& accounts_;
    storage::Store& store_;
    Connections& connections_;
    LiveRooms& rooms_;
    RoomBroadcaster& broadcaster_;
    AudioForwarder& audio_;
    const SocialGraph& graph_;  // for who may join (room_access.hpp)
    const ServiceOptions& options_;
    // Members on stage with no connection, and until when their seat is kept.
    std::unordered_map<UserId, Clock::time_point> away_;
    const ClubDirectory& clubs_;  // for rooms opened in clubs and who may join them
};

}  // namespace salotto::service
