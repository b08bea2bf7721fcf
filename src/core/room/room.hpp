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

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
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

// ---- moderation rules (docs/protocol.md, "Moderation") -------------------------------

// At most this many people knock on one room at a time (knocks_full beyond): the
// list goes to every moderator whenever it changes.
inline constexpr std::size_t kMaxKnocks = 100;

// Whether moderator `actor` would mute `target` (Room::mute_speaker): someone else on
// stage who is live. The room also accepts muting someone already muted, or oneself,
// as changing nothing or as set_mute; this is what a client offers.
bool may_mute(const Member& actor, const Member& target);
// Whether `actor` may make moderator `target` a speaker again (Room::unmake_moderator);
// never the room's last moderator.
bool may_unmake_moderator(std::span<const Member> members, const Member& actor,
                          const Member& target);
// Whether `actor` may remove `target` from the room (Room::remove): moderators may
// remove anyone but themselves.
bool may_remove(const Member& actor, const Member& target);
// Whether `member` may raise a hand in a room whose hands are `hands_allowed`.
bool may_raise_hand(const Member& member, bool hands_allowed);

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
// Moderation's changes. `user` was removed by a moderator (a Left for them follows).
struct Removed {
    UserId user = 0;
    bool operator==(const Removed&) const = default;
};
// Moderator `by` muted `user` (their Updated comes first).
struct Muted {
    UserId user = 0;
    UserId by = 0;
    bool operator==(const Muted&) const = default;
};
// The type or a moderation setting changed (Room::settings()).
struct SettingsChanged {
    bool operator==(const SettingsChanged&) const = default;
};
// The list of knocks changed, or someone who must see it became moderator.
struct KnocksChanged {
    bool operator==(const KnocksChanged&) const = default;
};
// A knock on the room was answered: `user` may now join, or was turned down.
struct KnockAnswered {
    UserId user = 0;
    bool let_in = false;
    bool operator==(const KnockAnswered&) const = default;
};
using Change = std::variant<Joined, Left, Updated, Ended, Removed, Muted, SettingsChanged,
                            KnocksChanged, KnockAnswered>;

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

// What moderators decided about who may come in, as kept across a graceful restart
// (Room::access, Room::restore_access).
struct Access {
    bool hands_allowed = true;
    bool link_joins = false;
    std::vector<UserId> removed;   // sent out; may not come back while the room runs
    std::vector<UserId> admitted;  // may enter the room even while it is closed
    bool chat_allowed = true;
    bool operator==(const Access&) const = default;
};

class Room {
  public:
    // A new live room with its creator on stage as moderator.
    Room(std::string id, std::string title, const Person& creator, RoomType type = RoomType::open);

    const std::string& id() const { return id_; }
    const std::string& title() const { return title_; }
    RoomType type() const { return type_; }
    // The club the room was opened in (docs/protocol.md, "Clubs"), if any: named in its
    // summary and snapshot; the server checks club membership on join.
    const std::optional<protocol::ClubTag>& club() const { return club_; }
    void set_club(std::optional<protocol::ClubTag> club) { club_ = std::move(club); }
    bool ended() const { return ended_; }
    // Members in the order they joined.
    const std::vector<Member>& members() const { return members_; }
    const Member* find(UserId user) const;
    bool contains(UserId user) const { return find(user) != nullptr; }
    int audience_count() const;

    // Hallway view: everyone on stage (moderators first) and the audience size.
    protocol::RoomSummary summary() const;
    // The room as a member sees it on entering (without the knocks).
    protocol::RoomSnapshot snapshot() const;
    // The room as `viewer` sees it: moderators also get the knocks.
    protocol::RoomSnapshot snapshot_for(UserId viewer) const;

    // Enters the audience, if admission() lets `person` in. Joining again is harmless
    // and changes nothing. Entering a closed room admits one for the room's life.
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

    // ---- moderation (docs/protocol.md, "Moderation")

    bool hands_allowed() const { return hands_allowed_; }
    bool link_joins() const { return link_joins_; }
    bool chat_allowed() const { return chat_allowed_; }
    // People knocking, in the order they knocked.
    const std::vector<protocol::User>& knocks() const { return knocks_; }
    bool removed(UserId user) const { return removed_.contains(user); }
    bool removed_anyone() const { return !removed_.empty(); }
    bool admitted(UserId user) const { return admitted_.contains(user); }
    protocol::RoomSettings settings() const;

    // Whether `user` may enter as far as moderation decides; nothing when they may:
    //   removed_from_room  a moderator removed them (in a room of any type);
    //   knock_pending      closed, not admitted, and their knock waits for an answer;
    //   room_closed        closed, not admitted, and link joins are off.
    // Members may always stay. In a closed room with link joins on, anyone not removed
    // may enter: the room's id is its link (docs/protocol.md). Other rules of the
    // room's type (who follows whom, blocks) are not this function's.
    std::optional<ErrorCode> admission(UserId user) const;

    // Moderator `actor` mutes `target` on stage; they may unmute again themselves.
    Outcome mute_speaker(UserId actor, UserId target);
    // Moderator `actor` makes moderator `target` a speaker; not the last moderator.
    Outcome unmake_moderator(UserId actor, UserId target);
    // Moderator `actor` sends `target` out of the room for the room's life.
    Outcome remove(UserId actor, UserId target);
    // Moderator `actor` turns raised hands on or off; off lowers every raised hand.
    Outcome set_hands_allowed(UserId actor, bool allowed);
    // Moderator `actor` changes the room's type. Closing it admits everyone in it;
    // opening it lets everyone knocking in.
    Outcome set_type(UserId actor, RoomType type);
    // Moderator `actor` lets link holders into the closed room without knocking.
    Outcome set_link_joins(UserId actor, bool allowed);
    // Moderator `actor` turns the room's chat on or off.
    Outcome set_chat_allowed(UserId actor, bool allowed);
    // `person`, outside, asks to be let in. Knocking again while waiting changes
    // nothing. Errors: knock_not_needed (they may join already, or are in),
    // removed_from_room, knocks_full.
    Outcome knock(const Person& person);
    // Moderator `actor` lets knocking `target` in (knock_not_found if not knocking).
    Outcome let_in(UserId actor, UserId target);
    // Moderator `actor` turns knocking `target` down; they may knock again.
    Outcome decline(UserId actor, UserId target);

    // What moderators decided about who may come in, to keep across a restart, and
    // putting it back into the room reopened after it (before anyone joins).
    Access access() const;
    void restore_access(const Access& access);

  private:
    Member* find_mutable(UserId user);
    int moderator_count() const;
    // Checks that `actor` is a member and a moderator.
    std::optional<ErrorCode> check_moderator(UserId actor) const;
    bool knocking(UserId user) const;

    std::string id_;
    std::string title_;
    RoomType type_;
    std::vector<Member> members_;
    bool ended_ = false;
    // Moderation.
    bool hands_allowed_ = true;
    bool link_joins_ = false;
    bool chat_allowed_ = true;
    std::vector<protocol::User> knocks_;
    std::set<UserId> removed_;
    std::set<UserId> admitted_;
    std::optional<protocol::ClubTag> club_;
};

}  // namespace salotto::room
