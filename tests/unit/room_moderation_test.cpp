// The room's moderation rules (docs/protocol.md, "Moderation"): a permission matrix of
// every role against every moderation intent in every room type, denied cells with
// their codes, and the flows around them: removal for the room's life, hands off,
// knocking on a closed room, link joins, and what survives a restart.
#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/room/room.hpp"

namespace salotto::room {
namespace {

const Person kAda{1, "ada", "Ada"};        // creator, moderator
const Person kMara{2, "mara", "Mara"};     // second moderator
const Person kSami{3, "sami", "Sami"};     // speaker, live: the target of stage actions
const Person kSpeaker{4, "spek", "Spek"};  // speaker acting
const Person kAude{5, "aude", "Aude"};     // audience, hand up: the target of removal
const Person kListener{6, "lis", "Lis"};   // audience acting
const Person kKnocker{7, "knock", "Kno"};  // outside, knocking where the room is closed
const Person kOutsider{8, "out", "Outi"};  // outside, acting

// Ada's room of `type` with everyone above in place: Mara moderator, Sami and Spek on
// stage (Sami unmuted), Aude and Lis in the audience (Aude's hand up), and, in a closed
// room, Kno knocking. Built open and then given its type, as a moderator would.
Room cast(RoomType type) {
    Room room("r1", "Moderata", kAda);
    for (const Person& p : {kMara, kSami, kSpeaker, kAude, kListener})
        EXPECT_TRUE(room.join(p).ok());
    for (const Person& p : {kMara, kSami, kSpeaker})
        EXPECT_TRUE(room.invite_speaker(kAda.id, p.id).ok());
    EXPECT_TRUE(room.make_moderator(kAda.id, kMara.id).ok());
    EXPECT_TRUE(room.set_muted(kSami.id, false).ok());
    EXPECT_TRUE(room.raise_hand(kAude.id).ok());
    EXPECT_TRUE(room.set_type(kAda.id, type).ok());
    if (type == RoomType::closed) {
        EXPECT_TRUE(room.knock(kKnocker).ok());
    }
    return room;
}

enum class Actor { audience, speaker, moderator, outsider };

UserId id_of(Actor actor) {
    switch (actor) {
        case Actor::audience:
            return kListener.id;
        case Actor::speaker:
            return kSpeaker.id;
        case Actor::moderator:
            return kAda.id;
        case Actor::outsider:
            return kOutsider.id;
    }
    return 0;
}

const char* name_of(Actor actor) {
    switch (actor) {
        case Actor::audience:
            return "audience";
        case Actor::speaker:
            return "speaker";
        case Actor::moderator:
            return "moderator";
        case Actor::outsider:
            return "non-member";
    }
    return "";
}

// One moderation intent: how to try it, and what it did when it was allowed.
struct Intent {
    const char* name;
    std::function<Outcome(Room&, UserId actor)> attempt;
    std::function<void(const Room&)> done;
    // The moderator's result per type (open, social, closed): nothing for success.
    std::array<std::optional<ErrorCode>, 3> moderator{};
    // What the room needs first, done by another moderator (Mara).
    std::function<void(Room&)> prepare = [](Room&) {};
};

std::vector<Intent> intents() {
    using E = ErrorCode;
    const std::optional<E> ok;
    return {
        {"mute another speaker",
         [](Room& r, UserId a) { return r.mute_speaker(a, kSami.id); },
         [](const Room& r) { EXPECT_TRUE(r.find(kSami.id)->muted); },
         {ok, ok, ok}},
        {"move a speaker to the audience",
         [](Room& r, UserId a) { return r.move_to_audience(a, kSami.id); },
         [](const Room& r) { EXPECT_EQ(r.find(kSami.id)->role, Role::audience); },
         {ok, ok, ok}},
        {"make a speaker moderator",
         [](Room& r, UserId a) { return r.make_moderator(a, kSami.id); },
         [](const Room& r) { EXPECT_EQ(r.find(kSami.id)->role, Role::moderator); },
         {ok, ok, ok}},
        {"unmake a moderator",
         [](Room& r, UserId a) { return r.unmake_moderator(a, kMara.id); },
         [](const Room& r) { EXPECT_EQ(r.find(kMara.id)->role, Role::speaker); },
         {ok, ok, ok}},
        {"remove a member",
         [](Room& r, UserId a) { return r.remove(a, kAude.id); },
         [](const Room& r) {
             EXPECT_FALSE(r.contains(kAude.id));
             EXPECT_TRUE(r.removed(kAude.id));
         },
         {ok, ok, ok}},
        {"turn hands off",
         [](Room& r, UserId a) { return r.set_hands_allowed(a, false); },
         [](const Room& r) {
             EXPECT_FALSE(r.hands_allowed());
             EXPECT_FALSE(r.find(kAude.id)->hand);
         },
         {ok, ok, ok}},
        {"turn hands on",
         [](Room& r, UserId a) { return r.set_hands_allowed(a, true); },
         [](const Room& r) { EXPECT_TRUE(r.hands_allowed()); },
         {ok, ok, ok},
         [](Room& r) { EXPECT_TRUE(r.set_hands_allowed(kMara.id, false).ok()); }},
        {"set the room type",
         [](Room& r, UserId a) {
             return r.set_type(a, r.type() == RoomType::closed ? RoomType::open : RoomType::closed);
         },
         [](const Room& r) { EXPECT_TRUE(r.type() == RoomType::open || r.admitted(kAude.id)); },
         {ok, ok, ok}},
        {"switch link joins",
         [](Room& r, UserId a) { return r.set_link_joins(a, true); },
         [](const Room& r) { EXPECT_TRUE(r.link_joins()); },
         {ok, ok, ok}},
        // Only a closed room has knocks; elsewhere there is nobody to let in.
        {"let a knocker in",
         [](Room& r, UserId a) { return r.let_in(a, kKnocker.id); },
         [](const Room& r) {
             EXPECT_TRUE(r.admitted(kKnocker.id));
             EXPECT_TRUE(r.knocks().empty());
         },
         {E::knock_not_found, E::knock_not_found, ok}},
        {"decline a knocker",
         [](Room& r, UserId a) { return r.decline(a, kKnocker.id); },
         [](const Room& r) {
             EXPECT_FALSE(r.admitted(kKnocker.id));
             EXPECT_TRUE(r.knocks().empty());
         },
         {E::knock_not_found, E::knock_not_found, ok}},
        {"end the room",
         [](Room& r, UserId a) { return r.end(a); },
         [](const Room& r) { EXPECT_TRUE(r.ended()); },
         {ok, ok, ok}},
    };
}

TEST(RoomModeration, PermissionMatrix) {
    int cells = 0;
    for (RoomType type : {RoomType::open, RoomType::social, RoomType::closed}) {
        for (const Intent& intent : intents()) {
            for (Actor actor :
                 {Actor::audience, Actor::speaker, Actor::moderator, Actor::outsider}) {
                SCOPED_TRACE(std::string(name_of(actor)) + " tries to " + intent.name + " in a " +
                             std::string(protocol::wire_name(type)) + " room");
                Room room = cast(type);
                intent.prepare(room);
                const auto before = room.snapshot();
                const auto access_before = room.access();
                const auto knocks_before = room.knocks();
                const Outcome out = intent.attempt(room, id_of(actor));
                ++cells;

                std::optional<ErrorCode> expected;
                switch (actor) {
                    case Actor::audience:
                    case Actor::speaker:
                        expected = ErrorCode::forbidden;
                        break;
                    case Actor::outsider:
                        expected = ErrorCode::not_in_room;
                        break;
                    case Actor::moderator:
                        expected = intent.moderator[static_cast<std::size_t>(type)];
                        break;
                }
                if (expected) {
                    ASSERT_FALSE(out.ok());
                    EXPECT_EQ(wire_name(*out.error), wire_name(*expected));
                    EXPECT_TRUE(out.changes.empty());
                    // A refusal changes nothing.
                    EXPECT_EQ(room.snapshot(), before);
                    EXPECT_EQ(room.access(), access_before);
                    EXPECT_EQ(room.knocks(), knocks_before);
                } else {
                    ASSERT_TRUE(out.ok()) << wire_name(*out.error);
                    EXPECT_FALSE(out.changes.empty()) << "an allowed action changes the room";
                    intent.done(room);
                }
            }
        }
    }
    EXPECT_EQ(cells, 3 * 12 * 4);
}

// The rules the client asks what to offer agree with what the room allows.
TEST(RoomModeration, OfferRulesMatchTheRoom) {
    Room room = cast(RoomType::open);
    const auto& m = room.members();
    const Member& ada = *room.find(kAda.id);
    const Member& mara = *room.find(kMara.id);
    const Member& sami = *room.find(kSami.id);
    const Member& spek = *room.find(kSpeaker.id);
    const Member& aude = *room.find(kAude.id);
    EXPECT_TRUE(may_mute(ada, sami));
    EXPECT_FALSE(may_mute(ada, spek)) << "already muted: nothing to offer";
    EXPECT_FALSE(may_mute(ada, aude)) << "the audience has no microphone";
    EXPECT_FALSE(may_mute(ada, ada)) << "one's own microphone has its own button";
    EXPECT_FALSE(may_mute(spek, sami));
    EXPECT_TRUE(may_unmake_moderator(m, ada, mara));
    EXPECT_TRUE(may_unmake_moderator(m, ada, ada)) << "one of two may step back";
    EXPECT_FALSE(may_unmake_moderator(m, ada, sami));
    EXPECT_FALSE(may_unmake_moderator(m, spek, mara));
    EXPECT_TRUE(may_remove(ada, aude));
    EXPECT_TRUE(may_remove(ada, mara));
    EXPECT_FALSE(may_remove(ada, ada));
    EXPECT_FALSE(may_remove(spek, aude));
    EXPECT_TRUE(may_raise_hand(aude, true));
    EXPECT_FALSE(may_raise_hand(aude, false));
    EXPECT_FALSE(may_raise_hand(sami, true));
}

TEST(RoomModeration, MutedSpeakerUnmutesThemselves) {
    Room room = cast(RoomType::open);
    auto out = room.mute_speaker(kAda.id, kSami.id);
    ASSERT_TRUE(out.ok());
    ASSERT_EQ(out.changes.size(), 2u);
    EXPECT_TRUE(std::get<Updated>(out.changes[0]).member.muted);
    EXPECT_EQ(std::get<Muted>(out.changes[1]), (Muted{kSami.id, kAda.id}));
    EXPECT_TRUE(room.mute_speaker(kAda.id, kSami.id).changes.empty()) << "muted already";
    ASSERT_TRUE(room.set_muted(kSami.id, false).ok());
    EXPECT_FALSE(room.find(kSami.id)->muted);
    EXPECT_EQ(room.mute_speaker(kAda.id, kAude.id).error, ErrorCode::not_on_stage);
    EXPECT_EQ(room.mute_speaker(kAda.id, kOutsider.id).error, ErrorCode::member_not_found);
}

TEST(RoomModeration, TheLastModeratorStays) {
    Room room = cast(RoomType::open);
    EXPECT_TRUE(room.unmake_moderator(kAda.id, kSami.id).changes.empty()) << "a speaker already";
    EXPECT_EQ(room.unmake_moderator(kAda.id, kAude.id).error, ErrorCode::not_on_stage);
    EXPECT_EQ(room.unmake_moderator(kAda.id, kOutsider.id).error, ErrorCode::member_not_found);
    ASSERT_TRUE(room.unmake_moderator(kMara.id, kMara.id).ok()) << "stepping back oneself";
    EXPECT_EQ(room.unmake_moderator(kAda.id, kAda.id).error, ErrorCode::last_moderator);
    EXPECT_EQ(room.find(kAda.id)->role, Role::moderator);
}

TEST(RoomModeration, RemovedMemberCannotRejoinWhileTheRoomRuns) {
    for (RoomType type : {RoomType::open, RoomType::social, RoomType::closed}) {
        SCOPED_TRACE(std::string(protocol::wire_name(type)));
        Room room = cast(type);
        auto out = room.remove(kAda.id, kSami.id);
        ASSERT_TRUE(out.ok());
        ASSERT_EQ(out.changes.size(), 2u);
        EXPECT_EQ(std::get<Removed>(out.changes[0]).user, kSami.id);
        EXPECT_EQ(std::get<Left>(out.changes[1]).user, kSami.id);

        EXPECT_EQ(room.admission(kSami.id), ErrorCode::removed_from_room);
        EXPECT_EQ(room.join(kSami).error, ErrorCode::removed_from_room);
        EXPECT_EQ(room.knock(kSami).error, ErrorCode::removed_from_room);
        ASSERT_TRUE(room.set_link_joins(kAda.id, true).ok());
        EXPECT_EQ(room.join(kSami).error, ErrorCode::removed_from_room) << "not by the link either";
        EXPECT_FALSE(room.contains(kSami.id));
    }
}

TEST(RoomModeration, RemovalRules) {
    Room room = cast(RoomType::open);
    EXPECT_EQ(room.remove(kAda.id, kAda.id).error, ErrorCode::cannot_remove_self);
    EXPECT_EQ(room.remove(kAda.id, kOutsider.id).error, ErrorCode::member_not_found);
    ASSERT_TRUE(room.remove(kAda.id, kMara.id).ok()) << "a moderator may remove another";
    EXPECT_TRUE(is_sole_moderator(room.members(), kAda.id));
}

TEST(RoomModeration, HandsOffLowersHandsAndRefusesNewOnes) {
    Room room = cast(RoomType::open);
    ASSERT_TRUE(room.raise_hand(kListener.id).ok());
    auto off = room.set_hands_allowed(kAda.id, false);
    ASSERT_TRUE(off.ok());
    ASSERT_EQ(off.changes.size(), 3u) << "the setting, then each lowered hand";
    EXPECT_TRUE(std::holds_alternative<SettingsChanged>(off.changes[0]));
    EXPECT_EQ(std::get<Updated>(off.changes[1]).member.id, kAude.id);
    EXPECT_EQ(std::get<Updated>(off.changes[2]).member.id, kListener.id);
    EXPECT_TRUE(raised_hands(room.members()).empty());
    EXPECT_FALSE(room.snapshot().hands_allowed);

    EXPECT_EQ(room.raise_hand(kAude.id).error, ErrorCode::hands_off);
    EXPECT_TRUE(room.lower_hand(kAude.id).ok()) << "lowering is always fine";
    EXPECT_TRUE(room.set_hands_allowed(kAda.id, false).changes.empty()) << "off already";

    ASSERT_TRUE(room.set_hands_allowed(kAda.id, true).ok());
    EXPECT_TRUE(room.raise_hand(kAude.id).ok());
}

TEST(RoomModeration, KnockLetInJoin) {
    Room room = cast(RoomType::closed);
    const Person newcomer{20, "nuova", "Nuova"};
    EXPECT_EQ(room.admission(newcomer.id), ErrorCode::room_closed);
    EXPECT_EQ(room.join(newcomer).error, ErrorCode::room_closed);

    auto knocked = room.knock(newcomer);
    ASSERT_TRUE(knocked.ok());
    ASSERT_EQ(knocked.changes.size(), 1u);
    EXPECT_TRUE(std::holds_alternative<KnocksChanged>(knocked.changes[0]));
    ASSERT_EQ(room.knocks().size(), 2u);
    EXPECT_EQ(room.knocks()[1].handle, "nuova");
    EXPECT_TRUE(room.knock(newcomer).changes.empty()) << "knocking again changes nothing";
    EXPECT_EQ(room.join(newcomer).error, ErrorCode::knock_pending);

    // Only moderators see who knocks.
    EXPECT_EQ(room.snapshot_for(kAda.id).knocks.size(), 2u);
    EXPECT_TRUE(room.snapshot_for(kSami.id).knocks.empty());
    EXPECT_TRUE(room.snapshot_for(newcomer.id).knocks.empty());

    auto let_in = room.let_in(kMara.id, newcomer.id);
    ASSERT_TRUE(let_in.ok());
    ASSERT_EQ(let_in.changes.size(), 2u);
    EXPECT_TRUE(std::holds_alternative<KnocksChanged>(let_in.changes[0]));
    EXPECT_EQ(std::get<KnockAnswered>(let_in.changes[1]), (KnockAnswered{newcomer.id, true}));
    EXPECT_EQ(room.let_in(kMara.id, newcomer.id).error, ErrorCode::knock_not_found);

    ASSERT_TRUE(room.join(newcomer).ok());
    EXPECT_EQ(room.find(newcomer.id)->role, Role::audience);
    // Once let in, for the room's life: stepping out and back needs no knock.
    ASSERT_TRUE(room.leave(newcomer.id).ok());
    EXPECT_TRUE(room.join(newcomer).ok());
}

TEST(RoomModeration, DeclinedKnockerMayKnockAgain) {
    Room room = cast(RoomType::closed);
    auto out = room.decline(kAda.id, kKnocker.id);
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(std::get<KnockAnswered>(out.changes[1]), (KnockAnswered{kKnocker.id, false}));
    EXPECT_EQ(room.join(kKnocker).error, ErrorCode::room_closed);
    EXPECT_TRUE(room.knock(kKnocker).ok());
}

TEST(RoomModeration, KnockingOnlyWhereItIsNeeded) {
    Room open = cast(RoomType::open);
    EXPECT_EQ(open.knock(kOutsider).error, ErrorCode::knock_not_needed);
    EXPECT_EQ(open.knock(kSami).error, ErrorCode::knock_not_needed) << "already in";
    Room closed = cast(RoomType::closed);
    ASSERT_TRUE(closed.leave(kAude.id).ok());
    EXPECT_EQ(closed.knock(kAude).error, ErrorCode::knock_not_needed)
        << "in the room when it closed: admitted";
    ASSERT_TRUE(closed.end(kAda.id).ok());
    EXPECT_EQ(closed.knock(kOutsider).error, ErrorCode::room_not_found);
}

TEST(RoomModeration, KnocksAreCapped) {
    Room room("r1", "t", kAda, RoomType::closed);
    for (std::size_t i = 0; i < kMaxKnocks; ++i) {
        const UserId id = 100 + static_cast<UserId>(i);
        ASSERT_TRUE(room.knock({id, "k" + std::to_string(id), "K"}).ok());
    }
    EXPECT_EQ(room.knock({99, "late", "Late"}).error, ErrorCode::knocks_full);
    ASSERT_TRUE(room.decline(kAda.id, 100).ok());
    EXPECT_TRUE(room.knock({99, "late", "Late"}).ok());
}

TEST(RoomModeration, LinkJoinsLetAnyoneInWithoutKnocking) {
    Room room = cast(RoomType::closed);
    EXPECT_EQ(room.join(kOutsider).error, ErrorCode::room_closed);
    ASSERT_TRUE(room.set_link_joins(kAda.id, true).ok());
    EXPECT_TRUE(room.snapshot().link_joins);
    EXPECT_EQ(room.admission(kOutsider.id), std::nullopt);
    auto joined = room.join(kKnocker);
    ASSERT_TRUE(joined.ok());
    ASSERT_EQ(joined.changes.size(), 2u) << "the joiner's knock goes from the list";
    EXPECT_TRUE(std::holds_alternative<KnocksChanged>(joined.changes[1]));
    EXPECT_TRUE(room.knocks().empty());
    ASSERT_TRUE(room.set_link_joins(kAda.id, false).ok());
    EXPECT_EQ(room.join(kOutsider).error, ErrorCode::room_closed);
}

TEST(RoomModeration, ClosingAdmitsWhoIsInAndOpeningLetsKnockersIn) {
    Room room = cast(RoomType::open);
    ASSERT_TRUE(room.set_type(kAda.id, RoomType::closed).changes.size() == 1u);
    ASSERT_TRUE(room.leave(kListener.id).ok());
    EXPECT_TRUE(room.join(kListener).ok()) << "was in when it closed";
    EXPECT_EQ(room.join(kOutsider).error, ErrorCode::room_closed);
    ASSERT_TRUE(room.knock(kKnocker).ok());

    auto opened = room.set_type(kMara.id, RoomType::social);
    ASSERT_TRUE(opened.ok());
    ASSERT_EQ(opened.changes.size(), 3u);
    EXPECT_TRUE(std::holds_alternative<SettingsChanged>(opened.changes[0]));
    EXPECT_EQ(std::get<KnockAnswered>(opened.changes[1]), (KnockAnswered{kKnocker.id, true}));
    EXPECT_TRUE(std::holds_alternative<KnocksChanged>(opened.changes[2]));
    EXPECT_TRUE(room.knocks().empty());
    EXPECT_EQ(room.summary().type, RoomType::social);
    EXPECT_EQ(room.settings().type, RoomType::social);
    EXPECT_TRUE(room.set_type(kAda.id, RoomType::social).changes.empty()) << "same type";
}

TEST(RoomModeration, NewModeratorsAreToldAboutKnocks) {
    Room room = cast(RoomType::closed);
    auto made = room.make_moderator(kAda.id, kSami.id);
    ASSERT_EQ(made.changes.size(), 2u);
    EXPECT_TRUE(std::holds_alternative<KnocksChanged>(made.changes[1]));

    // The last moderator leaving hands the room, and the knocks, on.
    Room small("r2", "t", kAda, RoomType::closed);
    EXPECT_EQ(small.join(kAude).error, ErrorCode::room_closed);
    ASSERT_TRUE(small.knock(kAude).ok());
    ASSERT_TRUE(small.set_link_joins(kAda.id, true).ok());
    ASSERT_TRUE(small.join(kListener).ok());
    auto left = small.leave(kAda.id);
    ASSERT_EQ(left.changes.size(), 3u);
    EXPECT_EQ(std::get<Updated>(left.changes[1]).member.role, Role::moderator);
    EXPECT_TRUE(std::holds_alternative<KnocksChanged>(left.changes[2]));
}

TEST(RoomModeration, AccessIsKeptAcrossARestart) {
    Room room = cast(RoomType::closed);
    ASSERT_TRUE(room.remove(kAda.id, kAude.id).ok());
    ASSERT_TRUE(room.let_in(kAda.id, kKnocker.id).ok());
    ASSERT_TRUE(room.set_hands_allowed(kAda.id, false).ok());
    ASSERT_TRUE(room.set_link_joins(kAda.id, true).ok());
    const Access kept = room.access();
    EXPECT_FALSE(kept.hands_allowed);
    EXPECT_TRUE(kept.link_joins);
    EXPECT_EQ(kept.removed, std::vector<UserId>{kAude.id});
    EXPECT_NE(std::find(kept.admitted.begin(), kept.admitted.end(), kKnocker.id),
              kept.admitted.end());

    Room again("r1", "Moderata", kAda, RoomType::closed);
    again.restore_access(kept);
    EXPECT_EQ(again.access(), kept);
    EXPECT_EQ(again.join(kAude).error, ErrorCode::removed_from_room);
    EXPECT_FALSE(again.hands_allowed());
    ASSERT_TRUE(again.set_link_joins(kAda.id, false).ok());
    EXPECT_TRUE(again.join(kKnocker).ok()) << "let in before the restart";
    EXPECT_EQ(again.join(kOutsider).error, ErrorCode::room_closed);
}

}  // namespace
}  // namespace salotto::room
