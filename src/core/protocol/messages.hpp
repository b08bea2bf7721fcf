// Every signalling message of protocol version 1 as a plain struct.
//
// Each struct names its wire type in `kType`. The two variants at the bottom,
// `Intent` (client -> server) and `Event` (server -> client), are the one table of
// messages: append new types at the end, never reorder or reuse a name. A
// compile-time check in codec.cpp rejects duplicate wire names. docs/protocol.md
// describes the same messages for humans.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/error_code.hpp"

namespace salotto::protocol {

inline constexpr int kVersion = 1;

using UserId = std::int64_t;

enum class Role { audience, speaker, moderator };

std::string_view wire_name(Role role);
std::optional<Role> role_from_wire(std::string_view wire);

// Who may join a room (docs/protocol.md, "Room types"): anyone signed in; people
// followed by someone on stage; only people the moderators let in.
enum class RoomType { open, social, closed };

std::string_view wire_name(RoomType type);
std::optional<RoomType> room_type_from_wire(std::string_view wire);

struct User {
    UserId id = 0;
    std::string handle;
    std::string name;
    // The version of the user's profile picture, served at /avatars/<id>?v=<avatar>;
    // 0: none (clients draw initials).
    std::int64_t avatar = 0;
    bool operator==(const User&) const = default;
};

struct Member {
    UserId id = 0;
    std::string handle;
    std::string name;
    Role role = Role::audience;
    bool hand = false;
    bool muted = true;        // only meaningful on stage; the server drops a muted member's audio
    std::int64_t avatar = 0;  // as User::avatar
    bool operator==(const Member&) const = default;
};

// The club a room was opened in, as rooms name it (docs/protocol.md, "Clubs").
struct ClubTag {
    std::int64_t id = 0;
    std::string name;
    bool operator==(const ClubTag&) const = default;
};

// A club as lists and search show it.
struct ClubSummary {
    std::int64_t id = 0;
    std::string name;
    std::string description;
    std::int64_t avatar = 0;  // picture version; 0: none (clients draw initials)
    int members = 0;          // admins, leaders and members
    int followers = 0;
    bool operator==(const ClubSummary&) const = default;
};

// A live room as the hallway lists it.
struct RoomSummary {
    std::string id;
    std::string title;
    RoomType type = RoomType::open;
    std::vector<User> speakers;  // everyone on stage, moderators first
    int listeners = 0;
    std::optional<ClubTag> club = std::nullopt;  // the club it was opened in
    bool operator==(const RoomSummary&) const = default;
};

struct RoomSnapshot {
    std::string id;
    std::string title;
    RoomType type = RoomType::open;
    std::vector<Member> members;
    // Moderation (docs/protocol.md, "Moderation"): whether the audience may raise
    // hands, whether the room's link lets people into a closed room without knocking,
    // and who is knocking (filled only in the snapshot a moderator gets).
    bool hands_allowed = true;
    bool link_joins = false;
    std::vector<User> knocks{};
    bool chat_allowed = true;                    // the room's chat is on (docs/protocol.md, "Chat")
    std::optional<ClubTag> club = std::nullopt;  // the club it was opened in
    bool operator==(const RoomSnapshot&) const = default;
};

struct InviteInfo {
    std::string code;
    std::int64_t expires = 0;  // unix seconds
    std::optional<User> used_by;
    // "unused", "used", "expired" or "revoked" (servers before invite management: null).
    std::optional<std::string> state;
    bool operator==(const InviteInfo&) const = default;
};

// ---- client -> server -------------------------------------------------------------

struct Hello {
    static constexpr std::string_view kType = "hello";
    int v = kVersion;
    std::string client;
    bool operator==(const Hello&) const = default;
};
struct Signup {
    static constexpr std::string_view kType = "signup";
    std::string invite, handle, name, password;
    bool operator==(const Signup&) const = default;
};
struct Login {
    static constexpr std::string_view kType = "login";
    std::string handle, password;
    bool operator==(const Login&) const = default;
};
struct Resume {
    static constexpr std::string_view kType = "resume";
    std::string token;
    bool operator==(const Resume&) const = default;
};
struct Logout {
    static constexpr std::string_view kType = "logout";
    bool operator==(const Logout&) const = default;
};
// Signs the user out on every device: all their sessions are revoked.
struct LogoutEverywhere {
    static constexpr std::string_view kType = "logout_everywhere";
    bool operator==(const LogoutEverywhere&) const = default;
};
// Replaces the user's password; every other session of theirs is revoked.
struct ChangePassword {
    static constexpr std::string_view kType = "change_password";
    std::string password;  // the current one
    std::string new_password;
    bool operator==(const ChangePassword&) const = default;
};
struct CreateInvite {
    static constexpr std::string_view kType = "create_invite";
    bool operator==(const CreateInvite&) const = default;
};
struct ListInvites {
    static constexpr std::string_view kType = "list_invites";
    bool operator==(const ListInvites&) const = default;
};
struct GetProfile {
    static constexpr std::string_view kType = "get_profile";
    std::string handle;
    bool operator==(const GetProfile&) const = default;
};
struct CreateRoom {
    static constexpr std::string_view kType = "create_room";
    std::string title;
    std::optional<RoomType> type = std::nullopt;      // missing: open
    std::optional<std::int64_t> club = std::nullopt;  // opened in this club (leaders, admins)
    bool operator==(const CreateRoom&) const = default;
};
struct JoinRoom {
    static constexpr std::string_view kType = "join_room";
    std::string room;
    bool operator==(const JoinRoom&) const = default;
};
struct LeaveRoom {
    static constexpr std::string_view kType = "leave_room";
    bool operator==(const LeaveRoom&) const = default;
};
struct RaiseHand {
    static constexpr std::string_view kType = "raise_hand";
    bool operator==(const RaiseHand&) const = default;
};
struct LowerHand {
    static constexpr std::string_view kType = "lower_hand";
    bool operator==(const LowerHand&) const = default;
};
struct InviteSpeaker {
    static constexpr std::string_view kType = "invite_speaker";
    UserId user = 0;
    bool operator==(const InviteSpeaker&) const = default;
};
struct MoveToAudience {
    static constexpr std::string_view kType = "move_to_audience";
    UserId user = 0;
    bool operator==(const MoveToAudience&) const = default;
};
struct MakeModerator {
    static constexpr std::string_view kType = "make_moderator";
    UserId user = 0;
    bool operator==(const MakeModerator&) const = default;
};
struct EndRoom {
    static constexpr std::string_view kType = "end_room";
    bool operator==(const EndRoom&) const = default;
};
struct Ping {
    static constexpr std::string_view kType = "ping";
    bool operator==(const Ping&) const = default;
};
struct SetMute {
    static constexpr std::string_view kType = "set_mute";
    bool muted = true;
    bool operator==(const SetMute&) const = default;
};
// Makes this connection carry the user's audio: binary frames up (when on stage and
// unmuted) and down (everyone else on stage). One connection per user at a time.
struct StartAudio {
    static constexpr std::string_view kType = "start_audio";
    bool operator==(const StartAudio&) const = default;
};
struct StopAudio {
    static constexpr std::string_view kType = "stop_audio";
    bool operator==(const StopAudio&) const = default;
};

// ---- invite management, admin and search (client -> server) -----------------------

// Revokes one of the user's own unused invites; it can no longer be used to sign up
// and no longer counts against the quota.
struct RevokeInvite {
    static constexpr std::string_view kType = "revoke_invite";
    std::string code;
    bool operator==(const RevokeInvite&) const = default;
};
// Admin only: raises `user`'s invite quota by `count` (1-100).
struct GrantInvites {
    static constexpr std::string_view kType = "grant_invites";
    UserId user = 0;
    int count = 0;
    bool operator==(const GrantInvites&) const = default;
};
// Admin only: disables (signs out everywhere, refuses sign-in) or re-enables `user`.
struct SetAccountDisabled {
    static constexpr std::string_view kType = "set_account_disabled";
    UserId user = 0;
    bool disabled = true;
    bool operator==(const SetAccountDisabled&) const = default;
};
// People by handle and name, live rooms by title: prefix and accent-insensitive.
struct Search {
    static constexpr std::string_view kType = "search";
    std::string query;
    bool operator==(const Search&) const = default;
};

// ---- moderation (docs/protocol.md, "Moderation") ---------------------------------------

// A moderator mutes someone on stage, who may unmute again themselves.
struct MuteSpeaker {
    static constexpr std::string_view kType = "mute_speaker";
    UserId user = 0;
    bool operator==(const MuteSpeaker&) const = default;
};
// A moderator makes moderator `user` a speaker again (not the last moderator).
struct UnmakeModerator {
    static constexpr std::string_view kType = "unmake_moderator";
    UserId user = 0;
    bool operator==(const UnmakeModerator&) const = default;
};
// A moderator sends `user` out of the room; they cannot come back while it runs.
struct RemoveMember {
    static constexpr std::string_view kType = "remove_member";
    UserId user = 0;
    bool operator==(const RemoveMember&) const = default;
};
// A moderator turns raised hands on or off for the room; off lowers every hand.
struct SetHandsAllowed {
    static constexpr std::string_view kType = "set_hands_allowed";
    bool allowed = true;
    bool operator==(const SetHandsAllowed&) const = default;
};
// A moderator changes the room's type while it runs.
struct SetRoomType {
    static constexpr std::string_view kType = "set_room_type";
    RoomType type = RoomType::open;
    bool operator==(const SetRoomType&) const = default;
};
// A moderator lets holders of the room's link into the closed room without knocking.
struct SetLinkJoins {
    static constexpr std::string_view kType = "set_link_joins";
    bool allowed = false;
    bool operator==(const SetLinkJoins&) const = default;
};
// Someone outside a closed room asks its moderators to let them in.
struct Knock {
    static constexpr std::string_view kType = "knock";
    std::string room;
    bool operator==(const Knock&) const = default;
};
// A moderator lets in someone who knocked.
struct LetIn {
    static constexpr std::string_view kType = "let_in";
    UserId user = 0;
    bool operator==(const LetIn&) const = default;
};
// A moderator turns down someone who knocked.
struct DeclineKnock {
    static constexpr std::string_view kType = "decline_knock";
    UserId user = 0;
    bool operator==(const DeclineKnock&) const = default;
};

// ---- social graph: follows, profiles, blocks, pings, notifications ------------------

// A followed person in a live room, as the hallway ranks rooms by (docs/protocol.md,
// "Hallway ranking").
struct FriendPlace {
    User user;
    std::string room;
    bool operator==(const FriendPlace&) const = default;
};
// One entry of the notifications list. `kind` is "ping" (`from` pinged you into
// `room`), "follow" (`from` follows you), "invite_used" (`from` signed up with your
// invite), "event_started" (`from` started scheduled event `event` in `room`) or
// "event_cancelled" (`from` cancelled event `event`, titled `room_title`).
struct Notification {
    std::int64_t id = 0;
    std::string kind;
    User from;
    std::optional<std::string> room;
    std::optional<std::string> room_title;
    std::int64_t at = 0;  // unix seconds
    bool read = false;
    std::optional<std::string> event = std::nullopt;
    bool operator==(const Notification&) const = default;
};

struct Follow {
    static constexpr std::string_view kType = "follow";
    UserId user = 0;
    bool operator==(const Follow&) const = default;
};
struct Unfollow {
    static constexpr std::string_view kType = "unfollow";
    UserId user = 0;
    bool operator==(const Unfollow&) const = default;
};
struct Block {
    static constexpr std::string_view kType = "block";
    UserId user = 0;
    bool operator==(const Block&) const = default;
};
struct Unblock {
    static constexpr std::string_view kType = "unblock";
    UserId user = 0;
    bool operator==(const Unblock&) const = default;
};
// The signed-in user's new display name and bio.
struct UpdateProfile {
    static constexpr std::string_view kType = "update_profile";
    std::string name;
    std::string bio;
    bool operator==(const UpdateProfile&) const = default;
};
// Who follows `user` (followers = true) or whom `user` follows.
struct ListFollows {
    static constexpr std::string_view kType = "list_follows";
    UserId user = 0;
    bool followers = true;
    std::optional<int> offset;  // how many of the newest to skip (paging); 0 when missing
    bool operator==(const ListFollows&) const = default;
};
// Pings `user` (someone the sender follows) into the sender's room.
struct PingUser {
    static constexpr std::string_view kType = "ping_user";
    UserId user = 0;
    bool operator==(const PingUser&) const = default;
};
struct ListNotifications {
    static constexpr std::string_view kType = "list_notifications";
    bool operator==(const ListNotifications&) const = default;
};
// Marks the user's notifications with id <= up_to read.
struct MarkNotificationsRead {
    static constexpr std::string_view kType = "mark_notifications_read";
    std::int64_t up_to = 0;
    bool operator==(const MarkNotificationsRead&) const = default;
};

// ---- room chat and reactions (docs/protocol.md, "Chat" and "Reactions") -------------

// One chat message in a room. `at` is unix seconds; `id` grows with time across rooms.
struct ChatMessage {
    std::int64_t id = 0;
    User from;
    std::string text;
    std::int64_t at = 0;
    bool operator==(const ChatMessage&) const = default;
};

// A message to everyone in the sender's room.
struct SendChat {
    static constexpr std::string_view kType = "send_chat";
    std::string text;
    bool operator==(const SendChat&) const = default;
};
// A moderator, or the message's sender, deletes a message of the room.
struct DeleteChat {
    static constexpr std::string_view kType = "delete_chat";
    std::int64_t id = 0;
    bool operator==(const DeleteChat&) const = default;
};
// A moderator turns the room's chat on or off.
struct SetChatAllowed {
    static constexpr std::string_view kType = "set_chat_allowed";
    bool allowed = true;
    bool operator==(const SetChatAllowed&) const = default;
};
// Asks for the room's recent chat (answered with chat_history).
struct GetChat {
    static constexpr std::string_view kType = "get_chat";
    bool operator==(const GetChat&) const = default;
};
// A quick reaction, one of core/social/reactions.hpp's kinds.
struct React {
    static constexpr std::string_view kType = "react";
    std::string kind;
    bool operator==(const React&) const = default;
};

// ---- scheduled events (docs/protocol.md, "Events") -----------------------------------

// A scheduled event as everyone sees it.
struct EventInfo {
    std::string id;  // random, as room ids: /e/<id> is the event's page
    std::string title;
    std::string description;
    std::int64_t starts = 0;          // unix seconds
    std::string time_zone;            // the creator's IANA time zone, e.g. "Europe/Rome"
    std::string local_start;          // "YYYY-MM-DDTHH:MM" in time_zone, as the creator set it
    std::vector<User> hosts;          // the creator first
    int interested = 0;               // how many people asked to be told when it starts
    std::optional<std::string> room;  // the live room, once a host started the event
    bool cancelled = false;
    std::optional<ClubTag> club = std::nullopt;  // the club it is scheduled in
    bool operator==(const EventInfo&) const = default;
};

// Schedules an event at local time `start` ("YYYY-MM-DDTHH:MM") in `time_zone`, hosted
// by the sender and the people whose handles are `hosts` (anyone signed up), in `club`
// when given (its leaders and admins only).
struct CreateEvent {
    static constexpr std::string_view kType = "create_event";
    std::string title;
    std::string description;
    std::string start;
    std::string time_zone;
    std::vector<std::string> hosts;
    std::optional<std::int64_t> club = std::nullopt;
    bool operator==(const CreateEvent&) const = default;
};
// A host changes an event; the creator stays a host.
struct UpdateEvent {
    static constexpr std::string_view kType = "update_event";
    std::string id;
    std::string title;
    std::string description;
    std::string start;
    std::string time_zone;
    std::vector<std::string> hosts;  // handles, as in create_event
    // Missing: no club. Moving the event into another club takes a leader or admin of
    // it; keeping the club it has does not.
    std::optional<std::int64_t> club = std::nullopt;
    bool operator==(const UpdateEvent&) const = default;
};
// A host cancels an event; whoever asked to be told hears it.
struct CancelEvent {
    static constexpr std::string_view kType = "cancel_event";
    std::string id;
    bool operator==(const CancelEvent&) const = default;
};
// One event, answered with `event` and `event_notify` (cancelled and started ones too).
struct GetEvent {
    static constexpr std::string_view kType = "get_event";
    std::string id;
    bool operator==(const GetEvent&) const = default;
};
// The upcoming events, answered with upcoming_events.
struct ListEvents {
    static constexpr std::string_view kType = "list_events";
    bool operator==(const ListEvents&) const = default;
};
// "Notify me": tell the sender when the event starts (on = true), or no longer.
struct SetEventNotify {
    static constexpr std::string_view kType = "set_event_notify";
    std::string id;
    bool on = true;
    bool operator==(const SetEventNotify&) const = default;
};
// A host opens the event's room (and enters it); the hosts' followers and everyone who
// asked are notified.
struct StartEvent {
    static constexpr std::string_view kType = "start_event";
    std::string id;
    bool operator==(const StartEvent&) const = default;
};

// ---- recording and replays (docs/protocol.md, "Recording and replays") ---------------

// A finished recording of a room. `started` is unix seconds; `hosts` are the room's
// moderators while it was recorded (they may delete it).
struct Replay {
    std::string id;
    std::string room;
    std::string title;
    std::int64_t started = 0;
    std::int64_t duration_ms = 0;
    std::int64_t bytes = 0;
    std::vector<User> hosts;
    bool operator==(const Replay&) const = default;
};

// A moderator starts or stops recording their room.
struct StartRecording {
    static constexpr std::string_view kType = "start_recording";
    bool operator==(const StartRecording&) const = default;
};
struct StopRecording {
    static constexpr std::string_view kType = "stop_recording";
    bool operator==(const StopRecording&) const = default;
};
// The replays of a room (`room`) or those a person hosted (`user`); exactly one of them.
struct ListReplays {
    static constexpr std::string_view kType = "list_replays";
    std::optional<std::string> room = std::nullopt;
    std::optional<UserId> user = std::nullopt;
    bool operator==(const ListReplays&) const = default;
};
// A host of the replay (or an admin) deletes it and its file.
struct DeleteReplay {
    static constexpr std::string_view kType = "delete_replay";
    std::string id;
    bool operator==(const DeleteReplay&) const = default;
};
// Asks for a link that plays or downloads the replay's file (answered with replay_link).
struct GetReplayLink {
    static constexpr std::string_view kType = "get_replay_link";
    std::string id;
    bool operator==(const GetReplayLink&) const = default;
};

// ---- clubs (docs/protocol.md, "Clubs") -----------------------------------------------
// Club roles go on the wire as "admin", "leader", "member", "follower" or "none"; who
// may join a club's rooms as "members" or "followers" (core/social/clubs.hpp).

// Creates a club with the sender as its admin (answered with `club`).
struct CreateClub {
    static constexpr std::string_view kType = "create_club";
    std::string name;
    std::string description;
    std::string room_access = "members";
    bool operator==(const CreateClub&) const = default;
};
// An admin changes the club's name, description and who may join its rooms.
struct UpdateClub {
    static constexpr std::string_view kType = "update_club";
    std::int64_t club = 0;
    std::string name;
    std::string description;
    std::string room_access = "members";
    bool operator==(const UpdateClub&) const = default;
};
// Asks for a club's page (answered with `club`).
struct GetClub {
    static constexpr std::string_view kType = "get_club";
    std::int64_t club = 0;
    bool operator==(const GetClub&) const = default;
};
// Asks for the sender's clubs and invitations (answered with `clubs`).
struct ListClubs {
    static constexpr std::string_view kType = "list_clubs";
    bool operator==(const ListClubs&) const = default;
};
// Follows (or, with follow false, unfollows) a club.
struct FollowClub {
    static constexpr std::string_view kType = "follow_club";
    std::int64_t club = 0;
    bool follow = true;
    bool operator==(const FollowClub&) const = default;
};
// An admin invites someone to become a member; they accept or decline.
struct InviteToClub {
    static constexpr std::string_view kType = "invite_to_club";
    std::int64_t club = 0;
    UserId user = 0;
    bool operator==(const InviteToClub&) const = default;
};
struct AnswerClubInvite {
    static constexpr std::string_view kType = "answer_club_invite";
    std::int64_t club = 0;
    bool accept = true;
    bool operator==(const AnswerClubInvite&) const = default;
};
// Asks to become a member; a leader or admin approves or declines.
struct RequestClub {
    static constexpr std::string_view kType = "request_club";
    std::int64_t club = 0;
    bool operator==(const RequestClub&) const = default;
};
struct AnswerClubRequest {
    static constexpr std::string_view kType = "answer_club_request";
    std::int64_t club = 0;
    UserId user = 0;
    bool approve = true;
    bool operator==(const AnswerClubRequest&) const = default;
};
// An admin makes a member "admin", "leader" or "member".
struct SetClubRole {
    static constexpr std::string_view kType = "set_club_role";
    std::int64_t club = 0;
    UserId user = 0;
    std::string role;
    bool operator==(const SetClubRole&) const = default;
};
// An admin removes a member (who stays a follower of nothing: their place is gone).
struct RemoveClubMember {
    static constexpr std::string_view kType = "remove_club_member";
    std::int64_t club = 0;
    UserId user = 0;
    bool operator==(const RemoveClubMember&) const = default;
};
// A member stops being one.
struct LeaveClub {
    static constexpr std::string_view kType = "leave_club";
    std::int64_t club = 0;
    bool operator==(const LeaveClub&) const = default;
};

using Intent = std::variant<
    Hello, Signup, Login, Resume, Logout, CreateInvite, ListInvites, GetProfile, CreateRoom,
    JoinRoom, LeaveRoom, RaiseHand, LowerHand, InviteSpeaker, MoveToAudience, MakeModerator,
    EndRoom, Ping, SetMute, StartAudio, StopAudio, LogoutEverywhere, ChangePassword, RevokeInvite,
    GrantInvites, SetAccountDisabled, Search,
    // moderation
    MuteSpeaker, UnmakeModerator, RemoveMember, SetHandsAllowed, SetRoomType, SetLinkJoins, Knock,
    LetIn, DeclineKnock,
    // social graph
    Follow, Unfollow, Block, Unblock, UpdateProfile, ListFollows, PingUser, ListNotifications,
    MarkNotificationsRead,
    // chat and reactions
    SendChat, DeleteChat, SetChatAllowed, GetChat, React,
    // scheduled events
    CreateEvent, UpdateEvent, CancelEvent, GetEvent, ListEvents, SetEventNotify, StartEvent,
    // recording and replays
    StartRecording, StopRecording, ListReplays, DeleteReplay, GetReplayLink,
    // clubs
    CreateClub, UpdateClub, GetClub, ListClubs, FollowClub, InviteToClub, AnswerClubInvite,
    RequestClub, AnswerClubRequest, SetClubRole, RemoveClubMember, LeaveClub>;

// ---- server -> client -------------------------------------------------------------

struct Welcome {
    static constexpr std::string_view kType = "welcome";
    int v = kVersion;
    std::string server;
    bool operator==(const Welcome&) const = default;
};
struct Session {
    static constexpr std::string_view kType = "session";
    std::optional<std::string> token;  // only right after signup or login
    User user;
    bool operator==(const Session&) const = default;
};
struct LoggedOut {
    static constexpr std::string_view kType = "logged_out";
    bool operator==(const LoggedOut&) const = default;
};
// The password was changed; this connection's session stays, all others are revoked.
struct PasswordChanged {
    static constexpr std::string_view kType = "password_changed";
    bool operator==(const PasswordChanged&) const = default;
};
struct Invite {
    static constexpr std::string_view kType = "invite";
    std::string code;
    std::int64_t expires = 0;
    bool operator==(const Invite&) const = default;
};
struct Invites {
    static constexpr std::string_view kType = "invites";
    std::vector<InviteInfo> items;
    int remaining = 0;
    bool operator==(const Invites&) const = default;
};
struct Profile {
    static constexpr std::string_view kType = "profile";
    User user;
    std::string bio;
    std::int64_t joined = 0;
    std::optional<User> invited_by;
    // The follow graph as the viewer sees it (docs/protocol.md, "Follows and profiles").
    int followers = 0;
    int following = 0;
    bool you_follow = false;  // the viewer follows this person
    bool follows_you = false;
    bool you_block = false;  // the viewer blocked this person
    bool operator==(const Profile&) const = default;
};
struct Hallway {
    static constexpr std::string_view kType = "hallway";
    std::vector<RoomSummary> rooms;
    bool operator==(const Hallway&) const = default;
};
struct HallwayRoom {
    static constexpr std::string_view kType = "hallway_room";
    RoomSummary room;
    bool operator==(const HallwayRoom&) const = default;
};
// The rooms whose summaries changed since the last such event (at most once a second),
// in one message: sent one by one, each change cost a write to every signed-in
// connection, and a few joins a second across the server cost thousands of writes.
struct HallwayRooms {
    static constexpr std::string_view kType = "hallway_rooms";
    std::vector<RoomSummary> rooms;
    bool operator==(const HallwayRooms&) const = default;
};
struct HallwayRoomGone {
    static constexpr std::string_view kType = "hallway_room_gone";
    std::string room;
    bool operator==(const HallwayRoomGone&) const = default;
};
struct RoomState {
    static constexpr std::string_view kType = "room_state";
    RoomSnapshot room;
    bool operator==(const RoomState&) const = default;
};
// Who joined and who left a room since the last such event, in one message so that
// a join costs a big room one write per member per interval rather than per join.
// `members` holds the current state of members who joined (apply as an upsert: one
// already known may be listed again); `left` the ids of users no longer in the room
// (one never seen may be listed).
struct MembersChanged {
    static constexpr std::string_view kType = "members_changed";
    std::vector<Member> members;
    std::vector<UserId> left;
    bool operator==(const MembersChanged&) const = default;
};
struct MemberUpdated {
    static constexpr std::string_view kType = "member_updated";
    Member member;
    bool operator==(const MemberUpdated&) const = default;
};
struct RoomEnded {
    static constexpr std::string_view kType = "room_ended";
    std::string room;
    bool operator==(const RoomEnded&) const = default;
};
struct LeftRoom {
    static constexpr std::string_view kType = "left_room";
    std::string room;
    bool operator==(const LeftRoom&) const = default;
};
struct Pong {
    static constexpr std::string_view kType = "pong";
    bool operator==(const Pong&) const = default;
};
struct Error {
    static constexpr std::string_view kType = "error";
    ErrorCode code = ErrorCode::internal;
    std::string message;
    std::string in;  // the intent's type, or "" when the frame could not be read
    bool operator==(const Error&) const = default;
};

struct AudioStarted {
    static constexpr std::string_view kType = "audio_started";
    bool operator==(const AudioStarted&) const = default;
};
struct AudioStopped {
    static constexpr std::string_view kType = "audio_stopped";
    bool operator==(const AudioStopped&) const = default;
};

// ---- profile pictures ---------------------------------------------------------------

// The signed-in user's own account changed (a new profile picture): sent to each of
// their connections, so every tab shows the change.
struct UserUpdated {
    static constexpr std::string_view kType = "user_updated";
    User user;
    bool operator==(const UserUpdated&) const = default;
};

// ---- invite management, admin and search (server -> client) -----------------------

// What an admin sees of an account: sent only to admins, after `profile` and after
// each admin action on that account.
struct AccountStatus {
    static constexpr std::string_view kType = "account_status";
    User user;
    bool admin = false;
    bool disabled = false;
    int invite_quota = 0;  // the default quota plus what admins granted
    int invites_left = 0;
    bool operator==(const AccountStatus&) const = default;
};
// The answer to `search`, tagged with the query exactly as sent, so a client ignores
// answers to queries it has typed past.
struct SearchResults {
    static constexpr std::string_view kType = "search_results";
    std::string query;
    std::vector<User> users;
    std::vector<RoomSummary> rooms;
    std::vector<ClubSummary> clubs{};
    bool operator==(const SearchResults&) const = default;
};

// ---- moderation (docs/protocol.md, "Moderation") ---------------------------------------

// To the person removed (and each of their connections): they are out of the room
// and cannot come back while it runs.
struct RemovedFromRoom {
    static constexpr std::string_view kType = "removed_from_room";
    std::string room;
    std::string title;
    bool operator==(const RemovedFromRoom&) const = default;
};
// To someone on stage whom a moderator muted.
struct MutedByModerator {
    static constexpr std::string_view kType = "muted_by_moderator";
    std::string room;
    User by;
    bool operator==(const MutedByModerator&) const = default;
};
// To the room: its type or a moderation setting changed.
struct RoomSettings {
    static constexpr std::string_view kType = "room_settings";
    std::string room;
    RoomType type = RoomType::open;
    bool hands_allowed = true;
    bool link_joins = false;
    bool chat_allowed = true;
    bool operator==(const RoomSettings&) const = default;
};
// To the room's moderators: everyone knocking, in the order they knocked.
struct Knocks {
    static constexpr std::string_view kType = "knocks";
    std::string room;
    std::vector<User> users;
    bool operator==(const Knocks&) const = default;
};
// To the knocker: the knock is with the moderators.
struct Knocked {
    static constexpr std::string_view kType = "knocked";
    std::string room;
    std::string title;
    bool operator==(const Knocked&) const = default;
};
// To the knocker: a moderator let them in (join_room now works) or turned them down.
struct KnockAnswered {
    static constexpr std::string_view kType = "knock_answered";
    std::string room;
    std::string title;
    bool let_in = false;
    bool operator==(const KnockAnswered&) const = default;
};

// ---- social graph: follows, profiles, blocks, pings, notifications ------------------

// The signed-in user's side of the graph: whom they follow and block, where the people
// they follow are (only rooms they may see), and their unread notifications. Sent
// after sign-in when any of it is non-empty, and again whole after each change.
struct Social {
    static constexpr std::string_view kType = "social";
    std::vector<UserId> following;
    std::vector<UserId> blocked;
    std::vector<FriendPlace> places;
    int unread = 0;
    bool operator==(const Social&) const = default;
};
// Someone the user follows entered a room (`room`) or left rooms (no `room`).
struct FriendMoved {
    static constexpr std::string_view kType = "friend_moved";
    User user;
    std::optional<std::string> room;
    bool operator==(const FriendMoved&) const = default;
};
struct Follows {
    static constexpr std::string_view kType = "follows";
    UserId user = 0;
    bool followers = true;
    int offset = 0;           // as asked: items[0] is the offset-th newest
    std::vector<User> items;  // newest first, at most 200 (social::kMaxFollowsListed)
    int total = 0;
    bool operator==(const Follows&) const = default;
};
struct Notifications {
    static constexpr std::string_view kType = "notifications";
    std::vector<Notification> items;  // newest first
    int unread = 0;
    bool operator==(const Notifications&) const = default;
};
// A new notification, live.
struct NotificationEvent {
    static constexpr std::string_view kType = "notification";
    Notification item;
    int unread = 0;
    bool operator==(const NotificationEvent&) const = default;
};

// ---- room chat and reactions (docs/protocol.md, "Chat" and "Reactions") -------------

// The room's recent messages, oldest first (at most core/social/chat.hpp's
// kChatHistory), answering get_chat.
struct ChatHistory {
    static constexpr std::string_view kType = "chat_history";
    std::string room;
    std::vector<ChatMessage> messages;
    bool operator==(const ChatHistory&) const = default;
};
// A new message in the room.
struct ChatPosted {
    static constexpr std::string_view kType = "chat_message";
    std::string room;
    ChatMessage message;
    bool operator==(const ChatPosted&) const = default;
};
// A message was deleted; clients take it off the screen.
struct ChatDeleted {
    static constexpr std::string_view kType = "chat_deleted";
    std::string room;
    std::int64_t id = 0;
    bool operator==(const ChatDeleted&) const = default;
};
// Who reacted how, as listed in a reactions event.
struct Reaction {
    UserId user = 0;
    std::string kind;
    bool operator==(const Reaction&) const = default;
};
struct ReactionCount {
    std::string kind;
    int count = 0;
    bool operator==(const ReactionCount&) const = default;
};
// The room's reactions since the last such event (at most a few a second): up to
// core/social/reactions.hpp's kReactionsListed of them by person, people on stage
// first, and how many of each kind there were in all.
struct Reactions {
    static constexpr std::string_view kType = "reactions";
    std::string room;
    std::vector<Reaction> items;
    std::vector<ReactionCount> counts;
    bool operator==(const Reactions&) const = default;
};

// ---- scheduled events (docs/protocol.md, "Events") -----------------------------------

// The upcoming events (at most core/social/events.hpp's kUpcomingListed, soonest
// first; clients rank them with social::rank_events) and which of them the user asked
// to hear about. Sent after sign-in when there are any, and answering list_events.
struct UpcomingEvents {
    static constexpr std::string_view kType = "upcoming_events";
    std::vector<EventInfo> items;
    std::vector<std::string> notify;
    bool operator==(const UpcomingEvents&) const = default;
};
// An event was scheduled, changed, cancelled or started: to every signed-in
// connection. Also the answer to get_event.
struct EventChanged {
    static constexpr std::string_view kType = "event";
    EventInfo event;
    bool operator==(const EventChanged&) const = default;
};
// Whether the user asked to hear about event `id`: to each of their connections after
// set_event_notify, and to the asker after get_event.
struct EventNotify {
    static constexpr std::string_view kType = "event_notify";
    std::string id;
    bool on = false;
    int interested = 0;
    bool operator==(const EventNotify&) const = default;
};

// ---- recording and replays (server -> client) --------------------------------------------

// To everyone in the room (and to each person joining while it is on): whether the
// room is being recorded. Clients show it, and tell people on stage before they speak.
struct RoomRecording {
    static constexpr std::string_view kType = "room_recording";
    std::string room;
    bool recording = false;
    bool operator==(const RoomRecording&) const = default;
};
// The answer to list_replays, newest first, with the query as asked. For a room the
// server also says what it knows of the room: its title and whether it has ended
// (both missing when it knows no such room: it never existed, or ended long ago).
struct Replays {
    static constexpr std::string_view kType = "replays";
    std::optional<std::string> room;
    std::optional<UserId> user;
    std::vector<Replay> items;
    std::optional<std::string> room_title = std::nullopt;
    std::optional<bool> ended = std::nullopt;
    bool operator==(const Replays&) const = default;
};
// A recording was saved: to the hosts and to everyone still in the room.
struct ReplayReady {
    static constexpr std::string_view kType = "replay_ready";
    Replay replay;
    bool operator==(const ReplayReady&) const = default;
};
// To whoever deleted it: the replay and its file are gone.
struct ReplayDeleted {
    static constexpr std::string_view kType = "replay_deleted";
    std::string id;
    bool operator==(const ReplayDeleted&) const = default;
};
// A link to the replay's Ogg Opus file (HTTP GET, byte ranges), good until `expires`
// (unix seconds) for anyone holding it.
struct ReplayLink {
    static constexpr std::string_view kType = "replay_link";
    std::string id;
    std::string url;
    std::int64_t expires = 0;
    bool operator==(const ReplayLink&) const = default;
};

// ---- clubs (docs/protocol.md, "Clubs") -----------------------------------------------

// Someone with a place in a club, with their role ("admin", "leader" or "member").
struct ClubMember {
    User user;
    std::string role;
    bool operator==(const ClubMember&) const = default;
};
// A club's page as one viewer sees it: answering get_club, and again whenever
// something on it changes for a member or for the person concerned.
struct ClubPage {
    static constexpr std::string_view kType = "club";
    ClubSummary club;
    std::string room_access;          // "members" or "followers"
    std::string your_role;            // the viewer's: "admin" ... "follower" or "none"
    bool invited = false;             // an admin invited the viewer; not yet answered
    bool requested = false;           // the viewer asked to join; not yet answered
    std::vector<ClubMember> members;  // admins, then leaders, then members
    std::vector<User> invitations;    // pending invitations (leaders and admins see them)
    std::vector<User> requests;       // pending requests (leaders and admins see them)
    std::vector<RoomSummary> rooms;   // the club's live rooms
    std::vector<EventInfo> events{};  // the club's upcoming events, soonest first
    bool operator==(const ClubPage&) const = default;
};
// One of the viewer's clubs, with their role in it.
struct MyClub {
    ClubSummary club;
    std::string role;
    bool operator==(const MyClub&) const = default;
};
// The viewer's clubs (members' and followed) and the invitations waiting for them:
// answering list_clubs, and again after each change to their place in a club.
struct MyClubs {
    static constexpr std::string_view kType = "clubs";
    std::vector<MyClub> clubs;
    std::vector<ClubSummary> invitations;
    bool operator==(const MyClubs&) const = default;
};

using Event =
    std::variant<Welcome, Session, LoggedOut, Invite, Invites, Profile, Hallway, HallwayRoom,
                 HallwayRoomGone, RoomState, MembersChanged, MemberUpdated, RoomEnded, LeftRoom,
                 Pong, Error, AudioStarted, AudioStopped, PasswordChanged, HallwayRooms,
                 UserUpdated, AccountStatus, SearchResults,
                 // moderation
                 RemovedFromRoom, MutedByModerator, RoomSettings, Knocks, Knocked, KnockAnswered,
                 // social graph
                 Social, FriendMoved, Follows, Notifications, NotificationEvent,
                 // chat and reactions
                 ChatHistory, ChatPosted, ChatDeleted, Reactions,
                 // scheduled events
                 UpcomingEvents, EventChanged, EventNotify,
                 // recording and replays
                 RoomRecording, Replays, ReplayReady, ReplayDeleted, ReplayLink,
                 // clubs
                 ClubPage, MyClubs>;

}  // namespace salotto::protocol
