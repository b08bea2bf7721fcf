// The room state machine: every transition and every forbidden action.
#include "core/room/room.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace salotto::room {
namespace {

const Person kAda{1, "ada", "Ada"};
const Person kBea{2, "bea", "Beatrice"};
const Person kCarlo{3, "carlo", "Carlo"};
const Person kDasha{4, "dasha", "Даша"};

Role role_of(const Room& room, UserId user) {
    return room.find(user)->role;
}

// Ada's room with Bea, Carlo and Dasha in the audience.
Room full_room() {
    Room room("r1", "Chiacchiere", kAda);
    EXPECT_TRUE(room.join(kBea).ok());
    EXPECT_TRUE(room.join(kCarlo).ok());
    EXPECT_TRUE(room.join(kDasha).ok());
    return room;
}

TEST(Room, CreatorStartsAsModeratorOnStage) {
    Room room("r1", "Chiacchiere", kAda);
    ASSERT_EQ(room.members().size(), 1u);
    EXPECT_EQ(role_of(room, kAda.id), Role::moderator);
    EXPECT_FALSE(room.ended());
    auto summary = room.summary();
    EXPECT_EQ(summary.title, "Chiacchiere");
    ASSERT_EQ(summary.speakers.size(), 1u);
    EXPECT_EQ(summary.speakers[0].handle, "ada");
    EXPECT_EQ(summary.listeners, 0);
}

TEST(Room, JoinEntersAudienceAndIsIdempotent) {
    Room room("r1", "t", kAda);
    auto out = room.join(kBea);
    ASSERT_TRUE(out.ok());
    ASSERT_EQ(out.changes.size(), 1u);
    auto* joined = std::get_if<Joined>(&out.changes[0]);
    ASSERT_NE(joined, nullptr);
    EXPECT_EQ(joined->member.id, kBea.id);
    EXPECT_EQ(joined->member.role, Role::audience);
    EXPECT_FALSE(joined->member.hand);

    auto again = room.join(kBea);
    EXPECT_TRUE(again.ok());
    EXPECT_TRUE(again.changes.empty());
    EXPECT_EQ(room.members().size(), 2u);
    EXPECT_EQ(room.summary().listeners, 1);
}

TEST(Room, RaiseAndLowerHand) {
    Room room = full_room();
    auto up = room.raise_hand(kBea.id);
    ASSERT_TRUE(up.ok());
    ASSERT_EQ(up.changes.size(), 1u);
    EXPECT_TRUE(std::get<Updated>(up.changes[0]).member.hand);
    EXPECT_TRUE(room.find(kBea.id)->hand);

    EXPECT_TRUE(room.raise_hand(kBea.id).changes.empty()) << "raising twice changes nothing";

    auto down = room.lower_hand(kBea.id);
    ASSERT_TRUE(down.ok());
    EXPECT_FALSE(std::get<Updated>(down.changes[0]).member.hand);
    EXPECT_TRUE(room.lower_hand(kBea.id).changes.empty()) << "lowering twice changes nothing";
}

TEST(Room, OnlyAudienceRaisesHands) {
    Room room = full_room();
    EXPECT_EQ(room.raise_hand(kAda.id).error, ErrorCode::not_in_audience);
    EXPECT_EQ(room.lower_hand(kAda.id).error, ErrorCode::not_in_audience);
    EXPECT_EQ(room.raise_hand(99).error, ErrorCode::not_in_room);
    EXPECT_EQ(room.lower_hand(99).error, ErrorCode::not_in_room);
}

TEST(Room, ModeratorInvitesRaisedHandToSpeak) {
    Room room = full_room();
    ASSERT_TRUE(room.raise_hand(kBea.id).ok());
    auto out = room.invite_speaker(kAda.id, kBea.id);
    ASSERT_TRUE(out.ok());
    ASSERT_EQ(out.changes.size(), 1u);
    const auto& member = std::get<Updated>(out.changes[0]).member;
    EXPECT_EQ(member.role, Role::speaker);
    EXPECT_FALSE(member.hand) << "the hand comes down on stage";
    auto summary = room.summary();
    ASSERT_EQ(summary.speakers.size(), 2u);
    EXPECT_EQ(summary.speakers[1].handle, "bea");
    EXPECT_EQ(summary.listeners, 2);
}

TEST(Room, InviteSpeakerRules) {
    Room room = full_room();
    EXPECT_EQ(room.invite_speaker(kBea.id, kCarlo.id).error, ErrorCode::forbidden);
    EXPECT_EQ(room.invite_speaker(99, kCarlo.id).error, ErrorCode::not_in_room);
    EXPECT_EQ(room.invite_speaker(kAda.id, 99).error, ErrorCode::member_not_found);
    EXPECT_EQ(room.invite_speaker(kAda.id, kAda.id).error, ErrorCode::not_in_audience);
    ASSERT_TRUE(room.invite_speaker(kAda.id, kBea.id).ok());
    EXPECT_EQ(room.invite_speaker(kAda.id, kBea.id).error, ErrorCode::not_in_audience);
    EXPECT_EQ(room.invite_speaker(kBea.id, kCarlo.id).error, ErrorCode::forbidden)
        << "speakers are not moderators";
}

TEST(Room, MoveToAudience) {
    Room room = full_room();
    ASSERT_TRUE(room.invite_speaker(kAda.id, kBea.id).ok());
    EXPECT_EQ(room.move_to_audience(kCarlo.id, kBea.id).error, ErrorCode::forbidden);
    EXPECT_EQ(room.move_to_audience(kAda.id, kCarlo.id).error, ErrorCode::not_on_stage);
    EXPECT_EQ(room.move_to_audience(kAda.id, 99).error, ErrorCode::member_not_found);
    EXPECT_EQ(room.move_to_audience(99, kBea.id).error, ErrorCode::not_in_room);

    auto out = room.move_to_audience(kAda.id, kBea.id);
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(std::get<Updated>(out.changes[0]).member.role, Role::audience);
    EXPECT_EQ(role_of(room, kBea.id), Role::audience);
}

TEST(Room, SpeakerStepsDownThemselves) {
    Room room = full_room();
    ASSERT_TRUE(room.invite_speaker(kAda.id, kBea.id).ok());
    EXPECT_EQ(room.move_to_audience(kBea.id, kAda.id).error, ErrorCode::forbidden)
        << "a speaker cannot move others";
    ASSERT_TRUE(room.move_to_audience(kBea.id, kBea.id).ok());
    EXPECT_EQ(role_of(room, kBea.id), Role::audience);
}

TEST(Room, LastModeratorCannotStepDown) {
    Room room = full_room();
    EXPECT_EQ(room.move_to_audience(kAda.id, kAda.id).error, ErrorCode::last_moderator);
    Room alone("r2", "t", kAda);
    EXPECT_EQ(alone.move_to_audience(kAda.id, kAda.id).error, ErrorCode::last_moderator);

    ASSERT_TRUE(room.invite_speaker(kAda.id, kBea.id).ok());
    ASSERT_TRUE(room.make_moderator(kAda.id, kBea.id).ok());
    ASSERT_TRUE(room.move_to_audience(kAda.id, kAda.id).ok())
        << "with a second moderator the first may step down";
    EXPECT_EQ(role_of(room, kAda.id), Role::audience);
    EXPECT_EQ(room.move_to_audience(kBea.id, kBea.id).error, ErrorCode::last_moderator);
}

TEST(Room, MuteIsExplicitAndOnlyOnStage) {
    Room room = full_room();
    EXPECT_FALSE(room.find(kAda.id)->muted) << "the creator opened the room to talk";
    EXPECT_TRUE(room.find(kBea.id)->muted);
    EXPECT_EQ(room.set_muted(kBea.id, false).error, ErrorCode::not_on_stage);
    EXPECT_EQ(room.set_muted(99, false).error, ErrorCode::not_in_room);

    auto invited = room.invite_speaker(kAda.id, kBea.id);
    EXPECT_TRUE(std::get<Updated>(invited.changes[0]).member.muted)
        << "invited speakers start muted";
    auto unmuted = room.set_muted(kBea.id, false);
    ASSERT_TRUE(unmuted.ok());
    ASSERT_EQ(unmuted.changes.size(), 1u);
    EXPECT_FALSE(std::get<Updated>(unmuted.changes[0]).member.muted);
    EXPECT_TRUE(room.set_muted(kBea.id, false).changes.empty()) << "no change, no event";

    ASSERT_TRUE(room.move_to_audience(kAda.id, kBea.id).ok());
    EXPECT_TRUE(room.find(kBea.id)->muted) << "leaving the stage mutes";
    ASSERT_TRUE(room.invite_speaker(kAda.id, kBea.id).ok());
    EXPECT_TRUE(room.find(kBea.id)->muted) << "and coming back starts muted again";

    auto mute_self = room.set_muted(kAda.id, true);
    ASSERT_TRUE(mute_self.ok());
    EXPECT_TRUE(room.find(kAda.id)->muted);
}

TEST(Room, MakeModerator) {
    Room room = full_room();
    EXPECT_EQ(room.make_moderator(kAda.id, kBea.id).error, ErrorCode::not_on_stage)
        << "only speakers on stage become moderators";
    ASSERT_TRUE(room.invite_speaker(kAda.id, kBea.id).ok());
    EXPECT_EQ(room.make_moderator(kCarlo.id, kBea.id).error, ErrorCode::forbidden);
    EXPECT_EQ(room.make_moderator(kBea.id, kBea.id).error, ErrorCode::forbidden);
    EXPECT_EQ(room.make_moderator(kAda.id, 99).error, ErrorCode::member_not_found);
    auto out = room.make_moderator(kAda.id, kBea.id);
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(std::get<Updated>(out.changes[0]).member.role, Role::moderator);
    EXPECT_TRUE(room.make_moderator(kAda.id, kBea.id).changes.empty()) << "already moderator";

    ASSERT_TRUE(room.invite_speaker(kBea.id, kCarlo.id).ok()) << "new moderator can invite";
    auto summary = room.summary();
    ASSERT_EQ(summary.speakers.size(), 3u);
    EXPECT_EQ(summary.speakers[0].handle, "ada");
    EXPECT_EQ(summary.speakers[1].handle, "bea");
    EXPECT_EQ(summary.speakers[2].handle, "carlo") << "moderators are listed first";
}

TEST(Room, LeaveQuietly) {
    Room room = full_room();
    auto out = room.leave(kCarlo.id);
    ASSERT_TRUE(out.ok());
    ASSERT_EQ(out.changes.size(), 1u);
    EXPECT_EQ(std::get<Left>(out.changes[0]).user, kCarlo.id);
    EXPECT_FALSE(room.contains(kCarlo.id));
    EXPECT_EQ(room.leave(kCarlo.id).error, ErrorCode::not_in_room);
    EXPECT_FALSE(room.ended());
}

TEST(Room, LastModeratorLeavingHandsOverToTheStage) {
    Room room = full_room();
    ASSERT_TRUE(room.invite_speaker(kAda.id, kDasha.id).ok());
    auto out = room.leave(kAda.id);
    ASSERT_TRUE(out.ok());
    ASSERT_EQ(out.changes.size(), 2u);
    EXPECT_EQ(std::get<Left>(out.changes[0]).user, kAda.id);
    const auto& heir = std::get<Updated>(out.changes[1]).member;
    EXPECT_EQ(heir.id, kDasha.id) << "the person on stage, not the earlier listener";
    EXPECT_EQ(heir.role, Role::moderator);
}

TEST(Room, LastModeratorLeavingEmptyStageBringsUpLongestListener) {
    Room room = full_room();
    ASSERT_TRUE(room.raise_hand(kBea.id).ok());
    auto out = room.leave(kAda.id);
    ASSERT_TRUE(out.ok());
    ASSERT_EQ(out.changes.size(), 2u);
    const auto& heir = std::get<Updated>(out.changes[1]).member;
    EXPECT_EQ(heir.id, kBea.id);
    EXPECT_EQ(heir.role, Role::moderator);
    EXPECT_FALSE(heir.hand);
}

TEST(Room, OneOfTwoModeratorsLeavingHandsNothingOver) {
    Room room = full_room();
    ASSERT_TRUE(room.invite_speaker(kAda.id, kBea.id).ok());
    ASSERT_TRUE(room.make_moderator(kAda.id, kBea.id).ok());
    auto out = room.leave(kAda.id);
    ASSERT_EQ(out.changes.size(), 1u);
}

TEST(Room, EndsWhenLastMemberLeaves) {
    Room room("r1", "t", kAda);
    ASSERT_TRUE(room.join(kBea).ok());
    ASSERT_TRUE(room.leave(kBea.id).ok());
    auto out = room.leave(kAda.id);
    ASSERT_TRUE(out.ok());
    ASSERT_EQ(out.changes.size(), 2u);
    EXPECT_TRUE(std::holds_alternative<Left>(out.changes[0]));
    EXPECT_TRUE(std::holds_alternative<Ended>(out.changes[1]));
    EXPECT_TRUE(room.ended());
    EXPECT_EQ(room.join(kBea).error, ErrorCode::room_not_found) << "an ended room takes no one";
    EXPECT_EQ(room.leave(kBea.id).error, ErrorCode::room_not_found);
}

TEST(Room, ModeratorEndsRoom) {
    Room room = full_room();
    EXPECT_EQ(room.end(kBea.id).error, ErrorCode::forbidden);
    EXPECT_EQ(room.end(99).error, ErrorCode::not_in_room);
    ASSERT_TRUE(room.invite_speaker(kAda.id, kBea.id).ok());
    EXPECT_EQ(room.end(kBea.id).error, ErrorCode::forbidden) << "speakers cannot end it";
    auto out = room.end(kAda.id);
    ASSERT_TRUE(out.ok());
    ASSERT_EQ(out.changes.size(), 1u);
    EXPECT_TRUE(std::holds_alternative<Ended>(out.changes[0]));
    EXPECT_TRUE(room.ended());
}

TEST(Room, FailedOperationsChangeNothing) {
    Room room = full_room();
    ASSERT_TRUE(room.raise_hand(kBea.id).ok());
    const auto before = room.snapshot();
    EXPECT_FALSE(room.invite_speaker(kCarlo.id, kBea.id).ok());
    EXPECT_FALSE(room.make_moderator(kAda.id, kCarlo.id).ok());
    EXPECT_FALSE(room.move_to_audience(kAda.id, kAda.id).ok());
    EXPECT_FALSE(room.end(kDasha.id).ok());
    EXPECT_FALSE(room.raise_hand(kAda.id).ok());
    EXPECT_EQ(room.snapshot(), before);
}

// ---- rules about members, shared with the client -------------------------------------

// Ada (moderator), then Bea (audience, hand up), Carlo (speaker), Dasha (moderator),
// Emil (audience), in that order of arrival.
const Person kEmil{5, "emil", "Emil"};
Room mixed_room() {
    Room room = full_room();
    EXPECT_TRUE(room.join(kEmil).ok());
    EXPECT_TRUE(room.raise_hand(kBea.id).ok());
    EXPECT_TRUE(room.invite_speaker(kAda.id, kCarlo.id).ok());
    EXPECT_TRUE(room.invite_speaker(kAda.id, kDasha.id).ok());
    EXPECT_TRUE(room.make_moderator(kAda.id, kDasha.id).ok());
    return room;
}

std::vector<UserId> ids(const std::vector<const Member*>& members) {
    std::vector<UserId> out;
    for (const Member* m : members) out.push_back(m->id);
    return out;
}

TEST(RoomRules, OnStageAndModerator) {
    Room room = mixed_room();
    EXPECT_TRUE(on_stage(*room.find(kAda.id)));
    EXPECT_TRUE(on_stage(*room.find(kCarlo.id)));
    EXPECT_FALSE(on_stage(*room.find(kBea.id)));
    EXPECT_TRUE(is_moderator(*room.find(kDasha.id)));
    EXPECT_FALSE(is_moderator(*room.find(kCarlo.id)));
    EXPECT_FALSE(is_moderator(*room.find(kEmil.id)));
}

TEST(RoomRules, StageShowsModeratorsFirstThenSpeakersInArrivalOrder) {
    Room room = mixed_room();
    EXPECT_EQ(ids(stage_in_order(room.members())),
              (std::vector<UserId>{kAda.id, kDasha.id, kCarlo.id}));
    EXPECT_EQ(ids(audience_in_order(room.members())), (std::vector<UserId>{kBea.id, kEmil.id}));
    EXPECT_EQ(ids(raised_hands(room.members())), (std::vector<UserId>{kBea.id}));
    // The hallway's summary lists the stage in the same order.
    std::vector<UserId> summary;
    for (const auto& user : room.summary().speakers) summary.push_back(user.id);
    EXPECT_EQ(summary, ids(stage_in_order(room.members())));
}

TEST(RoomRules, RaisedHandsOnlyInTheAudience) {
    Room room = full_room();
    ASSERT_TRUE(room.raise_hand(kBea.id).ok());
    ASSERT_TRUE(room.raise_hand(kCarlo.id).ok());
    EXPECT_EQ(ids(raised_hands(room.members())), (std::vector<UserId>{kBea.id, kCarlo.id}));
    // Coming on stage lowers the hand.
    ASSERT_TRUE(room.invite_speaker(kAda.id, kBea.id).ok());
    EXPECT_EQ(ids(raised_hands(room.members())), (std::vector<UserId>{kCarlo.id}));
}

TEST(RoomRules, SoleModerator) {
    Room room = full_room();
    EXPECT_TRUE(is_sole_moderator(room.members(), kAda.id));
    EXPECT_FALSE(is_sole_moderator(room.members(), kBea.id));  // not a moderator at all
    ASSERT_TRUE(room.invite_speaker(kAda.id, kBea.id).ok());
    ASSERT_TRUE(room.make_moderator(kAda.id, kBea.id).ok());
    EXPECT_FALSE(is_sole_moderator(room.members(), kAda.id));
    EXPECT_FALSE(is_sole_moderator(room.members(), kBea.id));
    ASSERT_TRUE(room.move_to_audience(kBea.id, kAda.id).ok());
    EXPECT_TRUE(is_sole_moderator(room.members(), kBea.id));
    EXPECT_FALSE(is_sole_moderator({}, kBea.id));
}

// The permission rules say yes exactly where the room's operation would change
// something: for every actor and target of a room with every role in it.
TEST(RoomRules, PermissionsAgreeWithTheRoomsOperations) {
    const Room room = mixed_room();
    const auto changes = [](Outcome out) { return out.ok() && !out.changes.empty(); };
    for (const auto& actor : room.members()) {
        for (const auto& target : room.members()) {
            SCOPED_TRACE(actor.handle + " -> " + target.handle);
            Room copy = room;
            EXPECT_EQ(may_invite_speaker(actor, target),
                      changes(copy.invite_speaker(actor.id, target.id)));
            copy = room;
            EXPECT_EQ(may_make_moderator(actor, target),
                      changes(copy.make_moderator(actor.id, target.id)));
            copy = room;
            EXPECT_EQ(may_move_to_audience(room.members(), actor, target),
                      changes(copy.move_to_audience(actor.id, target.id)));
        }
    }
}

TEST(RoomRules, TheLastModeratorMayNotLeaveTheStage) {
    Room room = full_room();
    const Member& ada = *room.find(kAda.id);
    EXPECT_FALSE(may_move_to_audience(room.members(), ada, ada));
    EXPECT_EQ(room.move_to_audience(kAda.id, kAda.id).error, ErrorCode::last_moderator);
}

}  // namespace
}  // namespace salotto::room
