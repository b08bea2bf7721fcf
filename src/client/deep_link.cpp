// Room deep links; see deep_link.hpp.
#include "client/deep_link.hpp"

#include <algorithm>
#include <array>

namespace salotto::client {

namespace {

constexpr std::string_view kRoomPrefix = "/r/";
constexpr std::string_view kEmbedPrefix = "/embed/";

// Room ids are short [a-z0-9] strings; anything else in the path is not a room link.
bool plausible_room_id(std::string_view id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_';
    });
}

}  // namespace

std::string room_from_path(std::string_view path) {
    for (auto prefix : std::array{kRoomPrefix, kEmbedPrefix}) {
        if (!path.starts_with(prefix)) continue;
        auto id = path.substr(prefix.size());
        if (id.ends_with('/')) id.remove_suffix(1);
        return plausible_room_id(id) ? std::string(id) : std::string();
    }
    return {};
}

bool is_embed_path(std::string_view path) {
    return path.starts_with(kEmbedPrefix);
}

std::string room_path(std::string_view room_id) {
    return std::string(kRoomPrefix) + std::string(room_id);
}

}  // namespace salotto::client
