// The store's moderation queries (store.hpp, "moderation"): a live room's type as
// moderators change it, and what they decided about who may come in, kept across a
// graceful restart like the stages (room_seats) and forgotten once restored.
#include "server/storage/store.hpp"

namespace salotto::storage {

namespace {

constexpr std::string_view kRemoved = "removed";
constexpr std::string_view kAdmitted = "admitted";

}  // namespace

void Store::set_room_type(std::string_view id, protocol::RoomType type) {
    auto s = db_.prepare("UPDATE rooms SET type = ?2 WHERE id = ?1");
    s.bind(1, id).bind(2, protocol::wire_name(type));
    s.run();
}

void Store::save_room_access(const std::vector<RoomAccessRecord>& rooms) {
    Transaction tx(db_);
    db_.exec("DELETE FROM room_access");
    db_.exec("DELETE FROM room_moderation");
    auto settings = db_.prepare(
        "INSERT INTO room_moderation (room_id, hands_allowed, link_joins, chat_allowed) "
        "VALUES (?1, ?2, ?3, ?4)");
    auto access =
        db_.prepare("INSERT INTO room_access (room_id, user_id, access) VALUES (?1, ?2, ?3)");
    for (const auto& room : rooms) {
        settings.bind(1, room.room)
            .bind(2, std::int64_t{room.hands_allowed})
            .bind(3, std::int64_t{room.link_joins})
            .bind(4, std::int64_t{room.chat_allowed});
        settings.run();
        settings.reset();
        for (const auto& [users, kind] :
             {std::pair{&room.removed, kRemoved}, std::pair{&room.admitted, kAdmitted}}) {
            for (UserId user : *users) {
                access.bind(1, room.room).bind(2, user).bind(3, kind);
                access.run();
                access.reset();
            }
        }
    }
    tx.commit();
}

std::map<std::string, RoomAccessRecord, std::less<>> Store::take_room_access() {
    Transaction tx(db_);
    std::map<std::string, RoomAccessRecord, std::less<>> rooms;
    auto settings =
        db_.prepare("SELECT room_id, hands_allowed, link_joins, chat_allowed FROM room_moderation");
    while (settings.step()) {
        std::string id = settings.text(0);
        rooms[id] = {id, settings.int64(1) != 0, settings.int64(2) != 0, {},
                     {}, settings.int64(3) != 0};
    }
    auto access = db_.prepare("SELECT room_id, user_id, access FROM room_access ORDER BY user_id");
    while (access.step()) {
        auto it = rooms.find(access.text(0));
        if (it == rooms.end()) continue;  // no settings row: not saved by save_room_access
        (access.text(2) == kRemoved ? it->second.removed : it->second.admitted)
            .push_back(access.int64(1));
    }
    db_.exec("DELETE FROM room_access");
    db_.exec("DELETE FROM room_moderation");
    tx.commit();
    return rooms;
}

}  // namespace salotto::storage
