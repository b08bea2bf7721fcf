// Room chat's rules (docs/protocol.md, "Chat"): how long a message may be, how much
// history a late joiner gets, who may delete what, and where the links in a message
// are (the client makes them clickable). Platform-free: the server enforces these and
// the client uses the same ones to explain a mistake before sending.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "core/protocol/messages.hpp"

namespace salotto::social {

// Code points, as for names and titles (validation.hpp).
inline constexpr std::size_t kChatMaxCodePoints = 500;
// What someone joining late gets: the room's newest messages, oldest first.
inline constexpr std::size_t kChatHistory = 200;

// A chat message's text: one line of 1-kChatMaxCodePoints code points with no control
// or invisible formatting characters (validation::is_valid_text).
bool is_valid_chat_text(std::string_view text);

// Moderators may delete any message of their room; everyone may delete their own.
bool may_delete_chat(const protocol::Member& actor, protocol::UserId sender);

// A link in a message: `text.substr(offset, length)`. Links start with http:// or
// https:// (case-insensitive) and run to the next space; punctuation that usually
// ends a sentence (.,;:!?'") and an unbalanced closing bracket are left out.
struct Link {
    std::size_t offset = 0;
    std::size_t length = 0;
    bool operator==(const Link&) const = default;
};
std::vector<Link> find_links(std::string_view text);

}  // namespace salotto::social
