// Room chat's queries (schema step 8). A message lives as long as its room's row
// (rooms are pruned a while after they end); a deleted message is gone at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/messages.hpp"
#include "server/storage/database.hpp"

namespace salotto::storage {

class ChatStore {
  public:
    explicit ChatStore(Database& db) : db_(db) {}

    // Stores a message; returns its id.
    std::int64_t insert(std::string_view room, protocol::UserId sender, std::string_view text,
                        std::int64_t at);
    // The room's newest `limit` messages, oldest first, each with its sender as they
    // are now.
    std::vector<protocol::ChatMessage> recent(std::string_view room, std::size_t limit);
    // Who sent message `id` of `room`; nothing when there is no such message there.
    std::optional<protocol::UserId> sender_of(std::string_view room, std::int64_t id);
    // Deletes message `id` of `room`; false when there was none.
    bool remove(std::string_view room, std::int64_t id);

  private:
    Database& db_;
};

}  // namespace salotto::storage
