// JSON codec for the messages in messages.hpp.
//
// Each struct's fields are listed once (SALOTTO_MESSAGE below) and that list drives
// both directions. Reading is strict: every listed field must be present with the
// right JSON type, except std::optional fields, which may be missing or null.
#include "core/protocol/codec.hpp"

#include <array>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/validation.hpp"

namespace salotto::protocol {

using nlohmann::json;

std::string_view wire_name(Role role) {
    switch (role) {
        case Role::audience:
            return "audience";
        case Role::speaker:
            return "speaker";
        case Role::moderator:
            return "moderator";
    }
    return "audience";
}

std::optional<Role> role_from_wire(std::string_view wire) {
    if (wire == "audience") return Role::audience;
    if (wire == "speaker") return Role::speaker;
    if (wire == "moderator") return Role::moderator;
    return std::nullopt;
}

std::string_view wire_name(RoomType type) {
    switch (type) {
        case RoomType::open:
            return "open";
        case RoomType::social:
            return "social";
        case RoomType::closed:
            return "closed";
    }
    return "open";
}

std::optional<RoomType> room_type_from_wire(std::string_view wire) {
    if (wire == "open") return RoomType::open;
    if (wire == "social") return RoomType::social;
    if (wire == "closed") return RoomType::closed;
    return std::nullopt;
}

namespace {

// Thrown while reading a message; caught in decode() and turned into a DecodeError.
struct FieldError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(std::string_view field, std::string_view what) {
    throw FieldError("field '" + std::string(field) + "' " + std::string(what));
}

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

template <class T>
struct IsVector : std::false_type {};
template <class T>
struct IsVector<std::vector<T>> : std::true_type {};

template <class T>
void read_value(const json& j, std::string_view field, T& out);

template <class T>
void write_value(json& j, const T& value);

template <class T>
void read_value(const json& j, std::string_view field, T& out) {
    if constexpr (std::is_same_v<T, std::string>) {
        if (!j.is_string()) fail(field, "must be a string");
        out = j.get<std::string>();
    } else if constexpr (std::is_same_v<T, bool>) {
        if (!j.is_boolean()) fail(field, "must be true or false");
        out = j.get<bool>();
    } else if constexpr (std::is_integral_v<T>) {
        if (!j.is_number_integer()) fail(field, "must be an integer");
        if (j.is_number_unsigned()) {
            auto v = j.get<std::uint64_t>();
            if (v > static_cast<std::uint64_t>(std::numeric_limits<T>::max()))
                fail(field, "is out of range");
            out = static_cast<T>(v);
        } else {
            auto v = j.get<std::int64_t>();
            if (v < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
                v > static_cast<std::int64_t>(std::numeric_limits<T>::max()))
                fail(field, "is out of range");
            out = static_cast<T>(v);
        }
    } else if constexpr (std::is_same_v<T, Role>) {
        if (!j.is_string()) fail(field, "must be a string");
        auto role = role_from_wire(j.get_ref<const std::string&>());
        if (!role) fail(field, "must be audience, speaker or moderator");
        out = *role;
    } else if constexpr (std::is_same_v<T, RoomType>) {
        if (!j.is_string()) fail(field, "must be a string");
        auto type = room_type_from_wire(j.get_ref<const std::string&>());
        if (!type) fail(field, "must be open, social or closed");
        out = *type;
    } else if constexpr (std::is_same_v<T, ErrorCode>) {
        if (!j.is_string()) fail(field, "must be a string");
        auto code = error_code_from_wire(j.get_ref<const std::string&>());
        // A newer server may send codes this client does not know yet.
        out = code.value_or(ErrorCode::internal);
    } else if constexpr (IsOptional<T>::value) {
        if (j.is_null()) {
            out.reset();
        } else {
            typename T::value_type inner{};
            read_value(j, field, inner);
            out = std::move(inner);
        }
    } else if constexpr (IsVector<T>::value) {
        if (!j.is_array()) fail(field, "must be an array");
        out.clear();
        out.reserve(j.size());
        for (const auto& item : j) {
            typename T::value_type inner{};
            read_value(item, field, inner);
            out.push_back(std::move(inner));
        }
    } else {
        if (!j.is_object()) fail(field, "must be an object");
        read_fields(j, out);
    }
}

template <class T>
void write_value(json& j, const T& value) {
    if constexpr (std::is_same_v<T, Role> || std::is_same_v<T, RoomType>) {
        j = wire_name(value);
    } else if constexpr (std::is_same_v<T, ErrorCode>) {
        j = salotto::wire_name(value);
    } else if constexpr (IsOptional<T>::value) {
        if (value) {
            write_value(j, *value);
        } else {
            j = nullptr;
        }
    } else if constexpr (IsVector<T>::value) {
        j = json::array();
        for (const auto& item : value) {
            json element;
            write_value(element, item);
            j.push_back(std::move(element));
        }
    } else if constexpr (std::is_class_v<T> && !std::is_same_v<T, std::string>) {
        j = json::object();
        write_fields(j, value);
    } else {
        j = value;
    }
}

template <class T>
void read_field(const json& object, const char* name, T& out) {
    auto it = object.find(name);
    if (it == object.end()) {
        if constexpr (IsOptional<T>::value) {
            out.reset();
            return;
        } else {
            fail(name, "is missing");
        }
    }
    read_value(*it, name, out);
}

template <class T>
void write_field(json& object, const char* name, const T& value) {
    write_value(object[name], value);
}

}  // namespace

// Lists a struct's fields once for both directions. Empty messages need no entry.
#define SALOTTO_READ_FIELD(field) read_field(j, #field, m.field);
#define SALOTTO_WRITE_FIELD(field) write_field(j, #field, m.field);
#define SALOTTO_MESSAGE(Type, ...)                                                  \
    [[maybe_unused]] void read_fields(const json& j, Type& m) {                     \
        NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(SALOTTO_READ_FIELD, __VA_ARGS__))  \
    }                                                                               \
    [[maybe_unused]] void write_fields(json& j, const Type& m) {                    \
        NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(SALOTTO_WRITE_FIELD, __VA_ARGS__)) \
    }

template <class T>
requires std::is_empty_v<T>
void read_fields(const json&, T&) {}
template <class T>
requires std::is_empty_v<T>
void write_fields(json&, const T&) {}

SALOTTO_MESSAGE(User, id, handle, name, avatar)
SALOTTO_MESSAGE(Member, id, handle, name, role, hand, muted, avatar)
SALOTTO_MESSAGE(ClubTag, id, name)
SALOTTO_MESSAGE(RoomSummary, id, title, type, speakers, listeners, club)
SALOTTO_MESSAGE(RoomSnapshot, id, title, type, members, hands_allowed, link_joins, knocks,
                chat_allowed, club)
SALOTTO_MESSAGE(InviteInfo, code, expires, used_by, state)

SALOTTO_MESSAGE(Hello, v, client)
SALOTTO_MESSAGE(Signup, invite, handle, name, password)
SALOTTO_MESSAGE(Login, handle, password)
SALOTTO_MESSAGE(Resume, token)
SALOTTO_MESSAGE(ChangePassword, password, new_password)
SALOTTO_MESSAGE(GetProfile, handle)
SALOTTO_MESSAGE(CreateRoom, title, type, club)
SALOTTO_MESSAGE(JoinRoom, room)
SALOTTO_MESSAGE(InviteSpeaker, user)
SALOTTO_MESSAGE(MoveToAudience, user)
SALOTTO_MESSAGE(MakeModerator, user)
SALOTTO_MESSAGE(SetMute, muted)

SALOTTO_MESSAGE(Welcome, v, server)
SALOTTO_MESSAGE(Session, token, user)
SALOTTO_MESSAGE(Invite, code, expires)
SALOTTO_MESSAGE(Invites, items, remaining)
SALOTTO_MESSAGE(Profile, user, bio, joined, invited_by, followers, following, you_follow,
                follows_you, you_block)
SALOTTO_MESSAGE(Hallway, rooms)
SALOTTO_MESSAGE(HallwayRoom, room)
SALOTTO_MESSAGE(HallwayRooms, rooms)
SALOTTO_MESSAGE(HallwayRoomGone, room)
SALOTTO_MESSAGE(RoomState, room)
SALOTTO_MESSAGE(MembersChanged, members, left)
SALOTTO_MESSAGE(MemberUpdated, member)
SALOTTO_MESSAGE(RoomEnded, room)
SALOTTO_MESSAGE(LeftRoom, room)
SALOTTO_MESSAGE(Error, code, message, in)

// Profile pictures.
SALOTTO_MESSAGE(UserUpdated, user)

// Invite management, admin and search.
SALOTTO_MESSAGE(RevokeInvite, code)
SALOTTO_MESSAGE(GrantInvites, user, count)
SALOTTO_MESSAGE(SetAccountDisabled, user, disabled)
SALOTTO_MESSAGE(Search, query)
SALOTTO_MESSAGE(AccountStatus, user, admin, disabled, invite_quota, invites_left)
SALOTTO_MESSAGE(ClubSummary, id, name, description, avatar, members, followers)
SALOTTO_MESSAGE(SearchResults, query, users, rooms, clubs)

// moderation
SALOTTO_MESSAGE(MuteSpeaker, user)
SALOTTO_MESSAGE(UnmakeModerator, user)
SALOTTO_MESSAGE(RemoveMember, user)
SALOTTO_MESSAGE(SetHandsAllowed, allowed)
SALOTTO_MESSAGE(SetRoomType, type)
SALOTTO_MESSAGE(SetLinkJoins, allowed)
SALOTTO_MESSAGE(Knock, room)
SALOTTO_MESSAGE(LetIn, user)
SALOTTO_MESSAGE(DeclineKnock, user)
SALOTTO_MESSAGE(RemovedFromRoom, room, title)
SALOTTO_MESSAGE(MutedByModerator, room, by)
SALOTTO_MESSAGE(RoomSettings, room, type, hands_allowed, link_joins, chat_allowed)
SALOTTO_MESSAGE(Knocks, room, users)
SALOTTO_MESSAGE(Knocked, room, title)
SALOTTO_MESSAGE(KnockAnswered, room, title, let_in)

// Social graph: follows, profiles, blocks, pings, notifications.
SALOTTO_MESSAGE(FriendPlace, user, room)
SALOTTO_MESSAGE(Notification, id, kind, from, room, room_title, at, read, event)
SALOTTO_MESSAGE(Follow, user)
SALOTTO_MESSAGE(Unfollow, user)
SALOTTO_MESSAGE(Block, user)
SALOTTO_MESSAGE(Unblock, user)
SALOTTO_MESSAGE(UpdateProfile, name, bio)
SALOTTO_MESSAGE(ListFollows, user, followers, offset)
SALOTTO_MESSAGE(PingUser, user)
SALOTTO_MESSAGE(MarkNotificationsRead, up_to)
SALOTTO_MESSAGE(Social, following, blocked, places, unread)
SALOTTO_MESSAGE(FriendMoved, user, room)
SALOTTO_MESSAGE(Follows, user, followers, offset, items, total)
SALOTTO_MESSAGE(Notifications, items, unread)
SALOTTO_MESSAGE(NotificationEvent, item, unread)

// Chat and reactions.
SALOTTO_MESSAGE(ChatMessage, id, from, text, at)
SALOTTO_MESSAGE(SendChat, text)
SALOTTO_MESSAGE(DeleteChat, id)
SALOTTO_MESSAGE(SetChatAllowed, allowed)
SALOTTO_MESSAGE(React, kind)
SALOTTO_MESSAGE(ChatHistory, room, messages)
SALOTTO_MESSAGE(ChatPosted, room, message)
SALOTTO_MESSAGE(ChatDeleted, room, id)
SALOTTO_MESSAGE(Reaction, user, kind)
SALOTTO_MESSAGE(ReactionCount, kind, count)
SALOTTO_MESSAGE(Reactions, room, items, counts)
// Scheduled events.
SALOTTO_MESSAGE(EventInfo, id, title, description, starts, time_zone, local_start, hosts,
                interested, room, cancelled, club)
SALOTTO_MESSAGE(CreateEvent, title, description, start, time_zone, hosts, club)
SALOTTO_MESSAGE(UpdateEvent, id, title, description, start, time_zone, hosts, club)
SALOTTO_MESSAGE(CancelEvent, id)
SALOTTO_MESSAGE(GetEvent, id)
SALOTTO_MESSAGE(SetEventNotify, id, on)
SALOTTO_MESSAGE(StartEvent, id)
SALOTTO_MESSAGE(UpcomingEvents, items, notify)
SALOTTO_MESSAGE(EventChanged, event)
SALOTTO_MESSAGE(EventNotify, id, on, interested)

// Recording and replays.
SALOTTO_MESSAGE(Replay, id, room, title, started, duration_ms, bytes, hosts)
SALOTTO_MESSAGE(ListReplays, room, user)
SALOTTO_MESSAGE(DeleteReplay, id)
SALOTTO_MESSAGE(GetReplayLink, id)
SALOTTO_MESSAGE(RoomRecording, room, recording)
SALOTTO_MESSAGE(Replays, room, user, items, room_title, ended)
SALOTTO_MESSAGE(ReplayReady, replay)
SALOTTO_MESSAGE(ReplayDeleted, id)
SALOTTO_MESSAGE(ReplayLink, id, url, expires)

// Clubs.
SALOTTO_MESSAGE(CreateClub, name, description, room_access)
SALOTTO_MESSAGE(UpdateClub, club, name, description, room_access)
SALOTTO_MESSAGE(GetClub, club)
SALOTTO_MESSAGE(FollowClub, club, follow)
SALOTTO_MESSAGE(InviteToClub, club, user)
SALOTTO_MESSAGE(AnswerClubInvite, club, accept)
SALOTTO_MESSAGE(RequestClub, club)
SALOTTO_MESSAGE(AnswerClubRequest, club, user, approve)
SALOTTO_MESSAGE(SetClubRole, club, user, role)
SALOTTO_MESSAGE(RemoveClubMember, club, user)
SALOTTO_MESSAGE(LeaveClub, club)
SALOTTO_MESSAGE(ClubMember, user, role)
SALOTTO_MESSAGE(ClubPage, club, room_access, your_role, invited, requested, members, invitations,
                requests, rooms, events)
SALOTTO_MESSAGE(MyClub, club, role)
SALOTTO_MESSAGE(MyClubs, clubs, invitations)

#undef SALOTTO_MESSAGE
#undef SALOTTO_WRITE_FIELD
#undef SALOTTO_READ_FIELD

namespace {

template <class Variant, std::size_t... I>
constexpr bool wire_types_unique(std::index_sequence<I...>) {
    constexpr std::array<std::string_view, sizeof...(I)> names{
        std::variant_alternative_t<I, Variant>::kType...};
    for (std::size_t a = 0; a < names.size(); ++a)
        for (std::size_t b = a + 1; b < names.size(); ++b)
            if (names[a] == names[b]) return false;
    return true;
}
static_assert(wire_types_unique<Intent>(std::make_index_sequence<std::variant_size_v<Intent>>{}),
              "two intents share a wire type");
static_assert(wire_types_unique<Event>(std::make_index_sequence<std::variant_size_v<Event>>{}),
              "two events share a wire type");

// Reads the alternative of `Variant` whose kType equals `type`; false if none does.
template <class Variant, std::size_t... I>
bool read_alternative(std::string_view type, const json& j, Variant& out,
                      std::index_sequence<I...>) {
    auto try_one = [&]<std::size_t Index>(std::integral_constant<std::size_t, Index>) {
        using Alternative = std::variant_alternative_t<Index, Variant>;
        if (Alternative::kType != type) return false;
        Alternative message{};
        read_fields(j, message);
        out = std::move(message);
        return true;
    };
    return (try_one(std::integral_constant<std::size_t, I>{}) || ...);
}

template <class Variant>
std::variant<Variant, DecodeError> decode(std::string_view text, std::size_t max_size) {
    if (text.size() > max_size) {
        return DecodeError{ErrorCode::too_large,
                           "The message is " + std::to_string(text.size()) +
                               " bytes; the limit is " + std::to_string(max_size) + ".",
                           ""};
    }
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        return DecodeError{ErrorCode::bad_json, "The message is not a JSON object.", ""};
    }
    auto t = j.find("t");
    if (t == j.end() || !t->is_string()) {
        return DecodeError{ErrorCode::bad_message, "field 't' must be a string naming the type.",
                           ""};
    }
    const std::string& type = t->get_ref<const std::string&>();
    // What is echoed back of the type, cut short on a character boundary.
    const std::string echoed(validation::utf8_prefix(type, kMaxEchoedType));
    Variant out;
    try {
        if (!read_alternative(type, j, out,
                              std::make_index_sequence<std::variant_size_v<Variant>>{})) {
            return DecodeError{ErrorCode::unknown_type, "Unknown message type '" + echoed + "'.",
                               echoed};
        }
    } catch (const FieldError& e) {
        return DecodeError{ErrorCode::bad_message, echoed + ": " + e.what(), echoed};
    }
    return out;
}

template <class Variant>
std::string encode_variant(const Variant& message) {
    return std::visit(
        [](const auto& m) {
            json j = json::object();
            write_fields(j, m);
            j["t"] = std::decay_t<decltype(m)>::kType;
            // Strings are checked where they come in, but an event must never fail to
            // encode: a stray malformed byte becomes U+FFFD instead of an exception.
            return j.dump(-1, ' ', false, json::error_handler_t::replace);
        },
        message);
}

}  // namespace

std::variant<Intent, DecodeError> decode_intent(std::string_view text) {
    return decode<Intent>(text, kMaxTextFrame);
}

std::variant<Event, DecodeError> decode_event(std::string_view text) {
    return decode<Event>(text, kMaxEventFrame);
}

std::string encode(const Intent& intent) {
    return encode_variant(intent);
}
std::string encode(const Event& event) {
    return encode_variant(event);
}

std::string_view type_of(const Intent& intent) {
    return std::visit([](const auto& m) { return std::decay_t<decltype(m)>::kType; }, intent);
}

std::string_view type_of(const Event& event) {
    return std::visit([](const auto& m) { return std::decay_t<decltype(m)>::kType; }, event);
}

Error make_error(ErrorCode code, std::string_view in, std::string_view message) {
    return Error{code, std::string(message.empty() ? default_message(code) : message),
                 std::string(in)};
}

}  // namespace salotto::protocol
