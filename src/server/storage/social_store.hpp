// The social graph's queries: follows, blocks and notifications (schema step 4). Kept
// apart from store.hpp's accounts and rooms; both share the one Database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/protocol/messages.hpp"
#include "server/storage/database.hpp"

namespace salotto::storage {

using protocol::UserId;

// Each user keeps only their newest kKeptNotifications notifications.
inline constexpr int kKeptNotifications = 100;

struct NewNotification {
    UserId user = 0;  // who gets it
    std::string kind;
    UserId from = 0;
    std::optional<std::string> room;
    std::optional<std::string> room_title;
    std::int64_t at = 0;
    std::optional<std::string> event{};  // a scheduled event's id (kinds event_*)
};

// Stores a notification and drops the user's oldest beyond kKeptNotifications;
// returns its id. Free, so sign-up can call it inside its own transaction.
std::int64_t insert_notification(Database& db, const NewNotification& n);

class SocialStore {
  public:
    explicit SocialStore(Database& db) : db_(db) {}

    Database& database() { return db_; }

    // Every (follower, followee) and (blocker, blocked) pair, to load the graph at start.
    std::vector<std::pair<UserId, UserId>> all_follows();
    std::vector<std::pair<UserId, UserId>> all_blocks();

    // True when the row was new.
    bool follow(UserId follower, UserId followee, std::int64_t now);
    void unfollow(UserId follower, UserId followee);
    // Blocks and removes the follows between the two, both ways, in one transaction.
    void block(UserId blocker, UserId blocked, std::int64_t now);
    void unblock(UserId blocker, UserId blocked);
    // Followers of `user` (followers = true) or followees, newest first, skipping the
    // `offset` newest, at most `limit`.
    std::vector<protocol::User> follows_of(UserId user, bool followers, int offset, int limit);

    // Name and bio of `user`.
    void update_profile(UserId user, std::string_view name, std::string_view bio);

    // The user's notifications, newest first (at most kKeptNotifications).
    std::vector<protocol::Notification> notifications(UserId user);
    std::optional<protocol::Notification> notification(std::int64_t id);
    int unread(UserId user);
    // Marks the user's notifications with id <= up_to read.
    void mark_read(UserId user, std::int64_t up_to);

  private:
    Database& db_;
};

}  // namespace salotto::storage
