// The room model: who is in a live room, in which role, with hands raised or not,
// and the rules for every change (docs/protocol.md, "Room rules").
//
// Pure logic over ids and plain structs, so the server and the tests drive it
// directly. Every operation either returns the changes it made, in order, for the
// caller to broadcast, or an error code and changes nothing.
//
// The rules about members (who is on stage, who may do what to whom, the order people
// are shown in) are free functions over a member list as well: the server's Room
// applies them, and the web client calls the same ones to decide what to show and
// offer, so the two never disagree.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "core/error_code.hpp"
#include "core/protocol/messages.hpp"

namespace salotto::room {

using protocol::Member;
using protocol::Role;
using protocol::RoomType;
using protocol::UserId;

// ---- rules about members -------------------------------------------------------------

// Speakers and moderators are on stage; everyone else is in the audience.
bool on_stage(const Member& member);
bool is_moderator(const Member& member);
// Whether `user` is the only moderator of `members` (who may not step down: a room
// always has a moderator).
bool is_sole_moderator(std::span<const Member> members, UserId user);
// The stage as shown (and summarised for the hallway): moderators first, then
// speakers, each in the order they joined.
std::vector<const Member*> stage_in_order(std::span<const Member> members);
// The audience in the order they joined.
std::vector<const Member*> audience_in_order(std::span<const Member> members);
// Audience members with a hand raised, in the order they joined.
std::vector<const Member*> raised_hands(std::span<const Member> members);
// Whether `actor` may invite `target` on stage (Room::invite_speaker).
bool may_invite_speaker(const Member& actor, const Member& target);
// Whether `actor` may make `target` a moderator (Room::make_moderator).
bool may_make_moderator(const Member& actor, const Member& target);
// Whether `actor` may send `target` to the audience (Room::move_to_audience); the
// room's last moderator may not be sent there, not even by themselves.
bool may_move_to_audience(std::span<const Member> members, const Member& actor,
                          const Member& target);

// One change to broadcast to the room.
struct Joined {
    Member member;
    bool operator==(const Joined&) const = default;
};
struct Left {
    UserId user = 0;
    bool operator==(const Left&) const = default;
};
struct Updated {
    Member member;
    bool operator==(const Updated&) const = default;
};
struct Ended {
    bool operator==(const Ended&) const = default;
};
using Change = std::variant<Joined, Left, Updated, Ended>;

// What an operation did: the changes, or the reason nothing changed.
struct Outcome {
    std::vector<Change> changes;
    std::optional<ErrorCode> error;

    bool ok() const { return !error; }
    static Outcome fail(ErrorCode code) { return Outcome{{}, code}; }
};

// A person entering a room: who they are. The room decides the role.
struct Person {
    UserId id = 0;
    std::string handle;
    std::string name;
    std::int64_t avatar = 0;  // profile picture version (protocol::User::avatar)
};

class Room {
  public:
    // A new live room with its creator on stage as moderator.
    Room(std::string id, std::string title, const Person& creator, RoomType type = RoomType::open);

    const std::string& id() const { return id_; }
    const std::string& title() const { return title_; }
    RoomType type() const { return type_; }
    bool ended() const { return ended_; }
    // Members in the order they joined.
    const std::vector<Member>& members() const { return members_; }
    const Member* find(UserId user) const;
    bool contains(UserId user) const { return find(user) != nullptr; }
    int audience_count() const;

    // Hallway view: everyone on stage (moderators first) and the audience size.
    protocol::RoomSummary summary() const;
    protocol::RoomSnapshot snapshot() const;

    // Enters the audience. Joining again is harmless and changes nothing.
    Outcome join(const Person& person);
    // Leaves; ends the room when it was the last member, hands the moderator role on
    // when it was the last moderator.
    Outcome leave(UserId user);
    Outcome raise_hand(UserId user);
    Outcome lower_hand(UserId user);
    // Moderator `actor` brings audience member `target` on stage as a speaker.
    Outcome invite_speaker(UserId actor, UserId target);
    // Moderator `actor` sends `target` from the stage to the audience; anyone on stage
    // may send themselves.
    Outcome move_to_audience(UserId actor, UserId target);
    // Moderator `actor` makes speaker `target` a moderator.
    Outcome make_moderator(UserId actor, UserId target);
    // Someone on stage mutes or unmutes their own microphone. Speakers come on stage
    // muted; the creator starts unmuted.
    Outcome set_muted(UserId user, bool muted);
    // A member's name, handle or picture changed: their entry follows. Not a member, or
    // nothing changed: no change.
    Outcome update_person(const Person& person);
    // Moderator `actor` ends the room for everyone.
    Outcome end(UserId actor);

  private:
    Member* find_mutable(UserId user);
    int moderator_count() const;
    // Checks that `actor` is a member and a moderator.
    std::optional<ErrorCode> check_moderator(UserId actor) const;

    std::string id_;
    std::string title_;
    RoomType type_;
    std::vector<Member> members_;
    bool ended_ = false;
};

}  // namespace salotto::room
