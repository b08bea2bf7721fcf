// Room chat's queries; see chat_store.hpp.
#include "server/storage/chat_store.hpp"

#include <algorithm>

namespace salotto::storage {

std::int64_t ChatStore::insert(std::string_view room, protocol::UserId sender,
                               std::string_view text, std::int64_t at) {
    auto s = db_.prepare(
        "INSERT INTO chat_messages (room_id, sender, text, created_at) VALUES (?1, ?2, ?3, ?4)");
    s.bind(1, room).bind(2, sender).bind(3, text).bind(4, at);
    s.run();
    return db_.last_insert_rowid();
}

std::vector<protocol::ChatMessage> ChatStore::recent(std::string_view room, std::size_t limit) {
    auto s = db_.prepare(
        "SELECT c.id, u.id, u.handle, u.name, u.avatar, c.text, c.created_at "
        "FROM chat_messages c JOIN users u ON u.id = c.sender "
        "WHERE c.room_id = ?1 ORDER BY c.id DESC LIMIT ?2");
    s.bind(1, room).bind(2, static_cast<std::int64_t>(limit));
    std::vector<protocol::ChatMessage> out;
    while (s.step())
        out.push_back(
            {s.int64(0), {s.int64(1), s.text(2), s.text(3), s.int64(4)}, s.text(5), s.int64(6)});
    std::reverse(out.begin(), out.end());
    return out;
}

std::optional<protocol::UserId> ChatStore::sender_of(std::string_view room, std::int64_t id) {
    auto s = db_.prepare("SELECT sender FROM chat_messages WHERE room_id = ?1 AND id = ?2");
    s.bind(1, room).bind(2, id);
    if (!s.step()) return std::nullopt;
    return s.int64(0);
}

bool ChatStore::remove(std::string_view room, std::int64_t id) {
    auto s = db_.prepare("DELETE FROM chat_messages WHERE room_id = ?1 AND id = ?2");
    s.bind(1, room).bind(2, id);
    s.run();
    return db_.changes() > 0;
}

}  // namespace salotto::storage
