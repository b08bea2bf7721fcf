// The live region's news (client/announcer.hpp): joins, departures, raised hands and
// new speakers found by comparing states, in the user's language, with speakers
// debounced; errors and notices once each.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "client/announcer.hpp"
#include "client/audio_report.hpp"

namespace salotto::client {
namespace {

namespace p = protocol;
using Lines = std::vector<std::string>;

const p::User kAda{1, "ada", "Ada"};

p::Member member(p::UserId id, std::string name, p::Role role = p::Role::audience,
                 bool hand = false, bool muted = true) {
    return {id, name, std::move(name), role, hand, muted, 0};
}

AppState in_room(std::vector<p::Member> others, Lang lang = Lang::en) {
    AppState s;
    s.lang = lang;
    s.screen = Screen::room;
    s.user = kAda;
    p::RoomSnapshot room;
    room.id = "k3v9x2mq7b";
    room.title = "Tea time";
    room.members = {member(1, "Ada", p::Role::moderator, false, false)};
    for (auto& m : others) room.members.push_back(std::move(m));
    s.room = room;
    return s;
}

// `id` heard by this client's playback at `level` (0-127).
void hear(AppState& s, p::UserId id, int level) {
    s.audio.speakers.clear();
    SpeakerAudio a;
    a.id = id;
    a.level = level;
    a.playing = level > 0;
    s.audio.speakers.push_back(a);
}

TEST(ClientAnnouncer, FirstLookSaysNothing) {
    Announcer a;
    EXPECT_EQ(a.update(in_room({member(2, "Nic")}), 0), Lines{});
    EXPECT_EQ(a.update(in_room({member(2, "Nic")}), 1), Lines{});
}

TEST(ClientAnnouncer, EnteringARoomNamesItNotItsPeople) {
    Announcer a;
    AppState hallway = in_room({});
    hallway.room.reset();
    hallway.screen = Screen::hallway;
    a.update(hallway, 0);
    EXPECT_EQ(a.update(in_room({member(2, "Nic"), member(3, "Bea")}), 1),
              Lines{"You are in “Tea time”."});
}

TEST(ClientAnnouncer, JoinsLeavesAndHands) {
    Announcer a;
    a.update(in_room({member(2, "Nic")}), 0);
    EXPECT_EQ(a.update(in_room({member(2, "Nic"), member(3, "Bea")}), 1),
              Lines{"Bea joined the room."});
    EXPECT_EQ(a.update(in_room({member(2, "Nic", p::Role::audience, true), member(3, "Bea")}), 2),
              Lines{"Nic raised their hand."});
    // A hand still up is not news again; lowering it is not announced.
    EXPECT_EQ(a.update(in_room({member(2, "Nic", p::Role::audience, true), member(3, "Bea")}), 3),
              Lines{});
    EXPECT_EQ(a.update(in_room({member(2, "Nic")}), 4), Lines{"Bea left the room."});
}

TEST(ClientAnnouncer, ACrowdArrivingIsCounted) {
    Announcer a;
    a.update(in_room({}), 0);
    EXPECT_EQ(a.update(in_room({member(2, "B"), member(3, "C"), member(4, "D")}), 1),
              (Lines{"B joined the room.", "C joined the room.", "D joined the room."}));
    EXPECT_EQ(a.update(in_room({member(2, "B"), member(3, "C"), member(4, "D"), member(5, "E"),
                                member(6, "F"), member(7, "G"), member(8, "H")}),
                       2),
              Lines{"4 people joined the room."});
    EXPECT_EQ(a.update(in_room({}, Lang::it), 3), Lines{"7 persone hanno lasciato la stanza."});
}

TEST(ClientAnnouncer, OwnChangesAreNotNews) {
    Announcer a;
    a.update(in_room({}), 0);
    AppState s = in_room({});
    s.room->members[0].hand = true;
    EXPECT_EQ(a.update(s, 1), Lines{});
}

TEST(ClientAnnouncer, ItalianSentences) {
    Announcer a;
    a.update(in_room({}, Lang::it), 0);
    EXPECT_EQ(a.update(in_room({member(3, "Bea", p::Role::audience, true)}, Lang::it), 1),
              (Lines{"Nella stanza ora c’è anche Bea.", "Bea ha alzato la mano."}));
}

TEST(ClientAnnouncer, SpeakingIsDebounced) {
    Announcer a;
    auto speaker = [] { return member(2, "Nic", p::Role::speaker, false, false); };
    AppState s = in_room({speaker()});
    a.update(s, 0);
    hear(s, 2, 110);
    // Not yet: one loud moment is not someone speaking.
    EXPECT_EQ(a.update(s, 10.0), Lines{});
    EXPECT_EQ(a.update(s, 10.7), Lines{"Nic is speaking."});
    EXPECT_EQ(a.update(s, 11.0), Lines{});
    // A pause and more speech soon after: not repeated.
    hear(s, 2, 0);
    a.update(s, 12.0);
    hear(s, 2, 110);
    a.update(s, 13.0);
    EXPECT_EQ(a.update(s, 14.0), Lines{});
    // Long after the last announcement it is news again.
    hear(s, 2, 0);
    a.update(s, 40.0);
    hear(s, 2, 110);
    a.update(s, 41.0);
    EXPECT_EQ(a.update(s, 41.7), Lines{"Nic is speaking."});
}

TEST(ClientAnnouncer, QuietOrMutedSpeakersAreNotSpeaking) {
    Announcer a;
    AppState s = in_room({member(2, "Nic", p::Role::speaker, false, true)});
    a.update(s, 0);
    hear(s, 2, 110);  // muted: whatever arrives is not announced
    a.update(s, 1);
    EXPECT_EQ(a.update(s, 5), Lines{});
    s.room->members[1].muted = false;
    hear(s, 2, kSpeakingFloorLevel);  // room noise
    a.update(s, 6);
    EXPECT_EQ(a.update(s, 9), Lines{});
}

TEST(ClientAnnouncer, ErrorsAndNoticesOnce) {
    Announcer a;
    AppState s = in_room({});
    a.update(s, 0);
    s.error = ShownError{"room_full", "The room is full."};
    const Lines first = a.update(s, 1);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0], error_text(Lang::en, "room_full", "The room is full."));
    EXPECT_EQ(a.update(s, 2), Lines{});
    s.error.reset();
    s.notice = "The room has ended.";
    EXPECT_EQ(a.update(s, 3), Lines{"The room has ended."});
    EXPECT_EQ(a.update(s, 4), Lines{});
}

}  // namespace
}  // namespace salotto::client
