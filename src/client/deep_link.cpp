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

namespace {

constexpr std::string_view kInvitePrefix = "/i/";
constexpr std::string_view kProfilePrefix = "/u/";
constexpr std::string_view kEventPrefix = "/e/";
constexpr std::string_view kClubPrefix = "/c/";

// The rest of `path` after `prefix` when every character passes `allowed`, else "".
template <class Allowed>
std::string tail_of(std::string_view path, std::string_view prefix, Allowed allowed) {
    if (!path.starts_with(prefix)) return {};
    auto rest = path.substr(prefix.size());
    if (rest.ends_with('/')) rest.remove_suffix(1);
    if (rest.empty() || rest.size() > 32 || !std::all_of(rest.begin(), rest.end(), allowed))
        return {};
    return std::string(rest);
}

}  // namespace

std::string invite_from_path(std::string_view path) {
    return tail_of(path, kInvitePrefix, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-';
    });
}

std::string profile_from_path(std::string_view path) {
    return tail_of(path, kProfilePrefix, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

std::string event_from_path(std::string_view path) {
    if (path.ends_with(".ics")) return {};
    return tail_of(path, kEventPrefix, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_';
    });
}

std::string event_path(std::string_view id) {
    return std::string(kEventPrefix) + std::string(id);
}

std::string event_calendar_path(std::string_view id) {
    return event_path(id) + ".ics";
}

std::int64_t club_from_path(std::string_view path) {
    // At most 15 digits: well inside int64, and more clubs than any server will hold.
    const std::string digits =
        tail_of(path, kClubPrefix, [](char c) { return c >= '0' && c <= '9'; });
    if (digits.empty() || digits.size() > 15) return 0;
    return std::stoll(digits);
}

std::string club_path(std::int64_t id) {
    return std::string(kClubPrefix) + std::to_string(id);
}

std::string invite_path(std::string_view code) {
    return std::string(kInvitePrefix) + std::string(code);
}

std::string profile_path(std::string_view handle) {
    return std::string(kProfilePrefix) + std::string(handle);
}

std::string full_url(std::string_view origin, std::string_view path) {
    return std::string(origin) + std::string(path);
}

}  // namespace salotto::client
