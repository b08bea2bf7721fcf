// The moderation intents (docs/protocol.md, "Moderation"): muting a speaker, unmaking
// a moderator, removing a member, hands off and on, the room's type and link joins
// while it runs, and knocking on a closed room. The rules are src/core/room's; this
// part applies them to the live rooms through RoomIntents (which has audio and the
// broadcaster follow), keeps the room's stored type in step, and answers knockers.
#pragma once

#include "core/protocol/messages.hpp"
#include "server/service/connections.hpp"
#include "server/service/live_rooms.hpp"
#include "server/service/room_intents.hpp"
#include "server/storage/store.hpp"

namespace salotto::service {

class ModerationIntents {
  public:
    ModerationIntents(storage::Store& store, Connections& connections, LiveRooms& rooms,
                      RoomIntents& room_intents)
        : store_(store), connections_(connections), rooms_(rooms), room_intents_(room_intents) {}

    void handle(Request& r, const protocol::MuteSpeaker& m);
    void handle(Request& r, const protocol::UnmakeModerator& m);
    void handle(Request& r, const protocol::RemoveMember& m);
    void handle(Request& r, const protocol::SetHandsAllowed& m);
    void handle(Request& r, const protocol::SetRoomType& m);
    void handle(Request& r, const protocol::SetLinkJoins& m);
    void handle(Request& r, const protocol::Knock& m);
    void handle(Request& r, const protocol::LetIn& m);
    void handle(Request& r, const protocol::DeclineKnock& m);

  private:
    storage::Store& store_;
    Connections& connections_;
    LiveRooms& rooms_;
    RoomIntents& room_intents_;
};

}  // namespace salotto::service
