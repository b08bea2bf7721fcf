// Room chat and reactions (docs/protocol.md, "Chat" and "Reactions"). Messages are
// written to SQLite and sent to everyone in the room at once; the room's newest
// messages are also kept beside the live room (LiveRoom::chat), so the many people
// who join a busy room get its history without a query each. Reactions are not
// stored: they collect in the room's ReactionBatch and flush_reactions() sends each
// room's batch as one `reactions` event, a few times a second at most.
#pragma once

#include "core/protocol/messages.hpp"
#include "server/service/connections.hpp"
#include "server/service/live_rooms.hpp"
#include "server/service/options.hpp"
#include "server/service/room_broadcaster.hpp"
#include "server/service/room_intents.hpp"
#include "server/storage/chat_store.hpp"
#include "server/storage/store.hpp"

namespace salotto::service {

class ChatIntents {
  public:
    ChatIntents(storage::Store& store, Connections& connections, LiveRooms& rooms,
                RoomBroadcaster& broadcaster, RoomIntents& room_intents,
                const ServiceOptions& options)
        : store_(store.database()),
          connections_(connections),
          rooms_(rooms),
          broadcaster_(broadcaster),
          room_intents_(room_intents),
          options_(options) {}

    void handle(Request& r, const protocol::SendChat& m);
    void handle(Request& r, const protocol::DeleteChat& m);
    void handle(Request& r, const protocol::SetChatAllowed& m);
    void handle(Request& r, const protocol::GetChat& m);
    void handle(Request& r, const protocol::React& m);

    // Sends each room's reactions collected since the last flush.
    void flush_reactions();

  private:
    // The room's newest messages, read from the database the first time they are asked.
    std::deque<protocol::ChatMessage>& recent(LiveRoom& live);

    storage::ChatStore store_;
    Connections& connections_;
    LiveRooms& rooms_;
    RoomBroadcaster& broadcaster_;
    RoomIntents& room_intents_;
    const ServiceOptions& options_;
};

}  // namespace salotto::service
