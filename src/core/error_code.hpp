// Stable error codes shared by the room model, the protocol codec, the server and
// the client. The wire string of a code never changes once released; the table is
// only ever appended to. docs/protocol.md lists the same codes for humans.
#pragma once

#include <optional>
#include <string_view>

namespace salotto {

// X(enumerator, wire string, default human message)
#define SALOTTO_ERROR_CODES(X)                                                                     \
    X(bad_json, "bad_json", "The message is not a JSON object.")                                   \
    X(bad_message, "bad_message", "A field is missing or has the wrong type.")                     \
    X(unknown_type, "unknown_type", "Unknown message type.")                                       \
    X(too_large, "too_large", "The message is too large.")                                         \
    X(binary_unsupported, "binary_unsupported", "Binary frames are not accepted here.")            \
    X(hello_required, "hello_required", "The first message must be hello.")                        \
    X(unsupported_version, "unsupported_version", "Unsupported protocol version.")                 \
    X(not_signed_in, "not_signed_in", "Sign in first.")                                            \
    X(already_signed_in, "already_signed_in", "This connection is already signed in.")             \
    X(invite_invalid, "invite_invalid", "That invite code does not exist.")                        \
    X(invite_used, "invite_used", "That invite code has already been used.")                       \
    X(invite_expired, "invite_expired", "That invite code has expired.")                           \
    X(handle_invalid, "handle_invalid",                                                            \
      "Handles are 3-20 characters: a-z, 0-9 and _, starting with a letter.")                      \
    X(handle_taken, "handle_taken", "That handle is taken.")                                       \
    X(name_invalid, "name_invalid",                                                                \
      "Names are 1-40 characters of text, without control or invisible formatting characters.")    \
    X(password_invalid, "password_invalid", "Passwords are 8-128 bytes long.")                     \
    X(login_failed, "login_failed", "Wrong handle or password.")                                   \
    X(session_invalid, "session_invalid", "That session has expired; sign in again.")              \
    X(invite_quota, "invite_quota", "You have no invites left.")                                   \
    X(user_not_found, "user_not_found", "No such user.")                                           \
    X(title_invalid, "title_invalid",                                                              \
      "Room titles are 1-80 characters of text, without control or invisible formatting "          \
      "characters.")                                                                               \
    X(room_not_found, "room_not_found", "That room has ended or never existed.")                   \
    X(not_in_room, "not_in_room", "You are not in a room.")                                        \
    X(member_not_found, "member_not_found", "That person is not in this room.")                    \
    X(forbidden, "forbidden", "Only moderators can do that.")                                      \
    X(not_in_audience, "not_in_audience", "That needs someone in the audience.")                   \
    X(not_on_stage, "not_on_stage", "That needs someone on stage.")                                \
    X(last_moderator, "last_moderator",                                                            \
      "The last moderator cannot step down; make someone else moderator first.")                   \
    X(rate_limited, "rate_limited", "Too many requests; slow down.")                               \
    X(offset_invalid, "offset_invalid", "A list's offset is a whole number, 0 or more.")           \
    X(internal, "internal", "The server failed; nothing was changed.")                             \
    X(audio_not_started, "audio_not_started",                                                      \
      "Send start_audio on this connection before audio frames.")                                  \
    X(bad_audio, "bad_audio", "That audio frame is malformed.")                                    \
    X(muted, "muted", "You are muted; unmute to speak.")                                           \
    X(server_busy, "server_busy", "The server is busy; try again in a few seconds.")               \
    X(password_check_pending, "password_check_pending",                                            \
      "A password on this connection is still being checked; wait for its answer.")                \
    X(password_wrong, "password_wrong", "That is not your current password.")                      \
    X(image_too_large, "image_too_large", "Pictures may be at most 256 KB.")                       \
    X(image_dimensions, "image_dimensions",                                                        \
      "Pictures may be at most 4096 pixels wide and 4096 pixels high.")                            \
    X(image_invalid, "image_invalid", "That file is not a PNG or JPEG picture, or it is damaged.") \
    /* Invite management, admin and search (issue 9). */                                           \
    X(invite_revoked, "invite_revoked", "That invite code was revoked by its owner.")              \
    X(admin_only, "admin_only", "Only admins can do that.")                                        \
    X(account_disabled, "account_disabled", "This account has been disabled by an admin.")         \
    X(cannot_disable_self, "cannot_disable_self", "Admins cannot disable their own account.")      \
    X(grant_invalid, "grant_invalid", "Grant between 1 and 100 invites at a time.")                \
    X(search_query_invalid, "search_query_invalid",                                                \
      "Search queries are up to 64 characters of text.")                                           \
    /* moderation */                                                                               \
    X(removed_from_room, "removed_from_room",                                                      \
      "A moderator removed you from this room; you cannot rejoin it while it runs.")               \
    X(room_closed, "room_closed",                                                                  \
      "This room is closed: knock to ask its moderators to let you in.")                           \
    X(knock_pending, "knock_pending", "You knocked; wait for a moderator to let you in.")          \
    X(hands_off, "hands_off", "Raised hands are turned off in this room.")                         \
    X(knock_not_found, "knock_not_found", "That person is not knocking on this room.")             \
    X(knock_not_needed, "knock_not_needed", "You may join this room without knocking.")            \
    X(knocks_full, "knocks_full", "Too many people are knocking on this room; try later.")         \
    X(cannot_remove_self, "cannot_remove_self", "You cannot remove yourself; leave instead.")      \
    /* social graph */                                                                             \
    X(bio_invalid, "bio_invalid",                                                                  \
      "Bios are at most 160 characters of text, without control or invisible formatting "          \
      "characters.")                                                                               \
    X(follow_self, "follow_self", "You cannot follow or block yourself.")                          \
    X(blocked, "blocked", "You cannot do that: one of you blocked the other.")                     \
    X(room_social_only, "room_social_only",                                                        \
      "This room is social: only people followed by someone on stage may join.")                   \
    X(not_following, "not_following", "You can only ping people you follow.")                      \
    X(already_in_room, "already_in_room", "They are already in this room.")                        \
    X(ping_cannot_join, "ping_cannot_join",                                                        \
      "They may not join this room, so they cannot be pinged into it.")                            \
    /* chat and reactions */                                                                       \
    X(chat_off, "chat_off", "A moderator turned the chat off in this room.")                       \
    X(chat_text_invalid, "chat_text_invalid",                                                      \
      "Chat messages are 1-500 characters of text, without control or invisible formatting "       \
      "characters.")                                                                               \
    X(chat_not_found, "chat_not_found", "That message was deleted or is not in this room.")        \
    X(reaction_invalid, "reaction_invalid",                                                        \
      "Reactions are clap, laugh, heart, plus_one, fist or thinking.")                             \
    X(event_not_found, "event_not_found", "That event does not exist.")                            \
    X(event_time_invalid, "event_time_invalid",                                                    \
      "Start times are a date and time (YYYY-MM-DDTHH:MM) that exists in the event's time "        \
      "zone, from now to a year ahead.")                                                           \
    X(time_zone_invalid, "time_zone_invalid",                                                      \
      "Unknown time zone: use a name such as Europe/Rome or America/New_York.")                    \
    X(event_description_invalid, "event_description_invalid",                                      \
      "Event descriptions are up to 1000 characters of text, without control or invisible "        \
      "formatting characters.")                                                                    \
    X(event_hosts_invalid, "event_hosts_invalid",                                                  \
      "Events have up to 5 hosts besides their creator, each someone signed up here.")             \
    X(event_over, "event_over", "That event was cancelled or has already started.")                \
    /* recording and replays */                                                                    \
    X(recording_unavailable, "recording_unavailable",                                              \
      "This server does not record rooms (it has no folder for replays).")                         \
    X(already_recording, "already_recording", "This room is already being recorded.")              \
    X(not_recording, "not_recording", "This room is not being recorded.")                          \
    X(replay_quota_full, "replay_quota_full",                                                      \
      "The server's space for replays is full: delete a replay before recording again.")           \
    X(replay_not_found, "replay_not_found", "There is no such replay.")                            \
    X(not_replay_host, "not_replay_host", "Only the replay's hosts or an admin can delete it.")    \
    /* clubs */                                                                                    \
    X(club_not_found, "club_not_found", "No such club.")                                           \
    X(club_name_invalid, "club_name_invalid",                                                      \
      "Club names are 1-40 characters of text, without control or invisible formatting "           \
      "characters.")                                                                               \
    X(club_description_invalid, "club_description_invalid",                                        \
      "Club descriptions are at most 300 characters of text, without control or invisible "        \
      "formatting characters.")                                                                    \
    X(club_setting_invalid, "club_setting_invalid",                                                \
      "A club's rooms are open to members or followers; roles are admin, leader or member.")       \
    X(club_admin_only, "club_admin_only", "Only the club's admins can do that.")                   \
    X(club_leader_only, "club_leader_only", "Only the club's leaders and admins can do that.")     \
    X(club_members_only, "club_members_only", "Only members of this club may join its rooms.")     \
    X(club_followers_only, "club_followers_only",                                                  \
      "Only members and followers of this club may join its rooms.")                               \
    X(club_already_member, "club_already_member", "Already a member of this club.")                \
    X(club_not_member, "club_not_member", "You are not a member of this club.")                    \
    X(club_member_not_found, "club_member_not_found", "That person is not a member of this club.") \
    X(club_last_admin, "club_last_admin",                                                          \
      "The club's last admin cannot leave or step down; make someone else admin first.")           \
    X(club_invite_not_found, "club_invite_not_found", "There is no invitation to that club.")      \
    X(club_request_not_found, "club_request_not_found",                                            \
      "That person has not asked to join the club.")

enum class ErrorCode {
#define SALOTTO_X(name, wire, message) name,
    SALOTTO_ERROR_CODES(SALOTTO_X)
#undef SALOTTO_X
};

// The wire string of a code, e.g. "room_not_found".
constexpr std::string_view wire_name(ErrorCode code) {
    switch (code) {
#define SALOTTO_X(name, wire, message) \
    case ErrorCode::name:              \
        return wire;
        SALOTTO_ERROR_CODES(SALOTTO_X)
#undef SALOTTO_X
    }
    return "internal";
}

// The default human message of a code.
constexpr std::string_view default_message(ErrorCode code) {
    switch (code) {
#define SALOTTO_X(name, wire, message) \
    case ErrorCode::name:              \
        return message;
        SALOTTO_ERROR_CODES(SALOTTO_X)
#undef SALOTTO_X
    }
    return "";
}

// The code for a wire string, or nothing when the string is not a known code.
constexpr std::optional<ErrorCode> error_code_from_wire(std::string_view wire) {
#define SALOTTO_X(name, wire_string, message) \
    if (wire == wire_string) return ErrorCode::name;
    SALOTTO_ERROR_CODES(SALOTTO_X)
#undef SALOTTO_X
    return std::nullopt;
}

}  // namespace salotto
