// Club pictures through the service (docs/protocol.md, "Clubs"): a club's admin uploads
// and removes its picture, which then shows in the club's summary on its page and in
// its people's `clubs`; everyone else is refused with a precise code; a bad file is
// refused as a profile picture would be; versions never repeat; all of it is read back
// from the database file after a restart.
#include <gtest/gtest.h>
#include <turbojpeg.h>

#include <optional>
#include <string>

#include "core/protocol/codec.hpp"
#include "server/auth/accounts.hpp"
#include "server/service/service.hpp"
#include "server/storage/store.hpp"
#include "server_service_fixture.hpp"
#include "server_test_support.hpp"

namespace salotto {
namespace {

using namespace protocol;
using service::AvatarResult;
using service::ConnectionId;
using test::only;
using test::types;

// A plain grey JPEG of width x height, as a browser would upload it.
std::string jpeg(int width, int height) {
    std::vector<unsigned char> rgb(static_cast<std::size_t>(width * height * 3), 128);
    tjhandle tj = tjInitCompress();
    unsigned char* raw = nullptr;
    unsigned long size = 0;
    EXPECT_EQ(
        tjCompress2(tj, rgb.data(), width, 0, height, TJPF_RGB, &raw, &size, TJSAMP_420, 90, 0), 0);
    std::string out(reinterpret_cast<const char*>(raw), size);
    tjFree(raw);
    tjDestroy(tj);
    return out;
}

class ClubPicturesTest : public test::ServiceFixture {
  protected:
    service::Service& service_under_test() override { return service; }
    auth::Accounts& accounts_under_test() override { return accounts; }

    // Ada creates "Poeti"; Bob becomes a leader, Cat a follower.
    void SetUp() override {
        send(ada, CreateClub{"Poeti", "Versi", "members"});
        club = only<ClubPage>(take(ada)).at(0).club.id;
        send(ada, InviteToClub{club, users.at(bob).id});
        send(bob, AnswerClubInvite{club, true});
        send(ada, SetClubRole{club, users.at(bob).id, "leader"});
        send(cat, FollowClub{club, true});
        for (auto& [id, events] : outbox.inbox) events.clear();
    }
    AvatarResult upload(ConnectionId id, std::int64_t in_club, std::string file) {
        std::optional<AvatarResult> result;
        int replies = 0;
        service.upload_club_avatar(tokens[id], in_club, std::move(file),
                                   [&](const AvatarResult& r) {
                                       result = r;
                                       ++replies;
                                   });
        EXPECT_EQ(replies, 1) << "one reply per upload";
        return result.value_or(AvatarResult{ErrorCode::internal, "no reply", 0});
    }
    // The version `id`'s latest `clubs` gives the club.
    std::int64_t listed_version(ConnectionId id) {
        const auto events = take(id);
        const auto lists = only<MyClubs>(events);
        EXPECT_FALSE(lists.empty()) << types(events);
        if (lists.empty()) return -1;
        for (const auto& mine : lists.back().clubs)
            if (mine.club.id == club) return mine.club.avatar;
        return -1;
    }

    test::TempDbFile file;
    std::chrono::steady_clock::time_point steady{};
    std::int64_t now = 1'800'000'000;
    storage::Store store{file.path()};
    auth::Accounts accounts{store, auth::PasswordCost::minimum(), [this] { return now; }};
    service::ServiceOptions options{.steady_now = [this] { return steady; },
                                    .unix_now = [this] { return now; },
                                    .hallway_interval = {}};
    service::Service service{accounts, store, outbox, options};
    ConnectionId ada = signup("ada"), bob = signup("bob"), cat = signup("cat"), dan = signup("dan");
    std::int64_t club = 0;
};

TEST_F(ClubPicturesTest, AnAdminsUploadReachesThePageAndThePeoplesLists) {
    const auto result = upload(ada, club, jpeg(300, 200));
    ASSERT_FALSE(result.error) << result.message;
    EXPECT_EQ(result.avatar, 1);

    auto events = take(ada);
    const auto pages = only<ClubPage>(events);
    ASSERT_EQ(pages.size(), 1u) << types(events);
    EXPECT_EQ(pages[0].club.avatar, 1);
    EXPECT_EQ(only<MyClubs>(events).size(), 1u);
    EXPECT_EQ(listed_version(bob), 1) << "a leader";
    EXPECT_EQ(listed_version(cat), 1) << "a follower";
    EXPECT_TRUE(take(dan).empty()) << "nobody else is told";

    const auto image = service.club_avatar_image(club);
    ASSERT_TRUE(image);
    EXPECT_EQ(image->version, 1);
    EXPECT_EQ(image->jpeg.at(0), 0xFF);  // a JPEG, made anew by the server
    EXPECT_EQ(image->jpeg.at(1), 0xD8);
    send(dan, GetClub{club});
    EXPECT_EQ(only<ClubPage>(take(dan)).at(0).club.avatar, 1) << "anyone's page shows it";
}

TEST_F(ClubPicturesTest, RefusalsArePreciseAndChangeNothing) {
    ASSERT_EQ(upload(ada, club, jpeg(32, 32)).avatar, 1);
    take(ada);
    take(bob);
    take(cat);

    EXPECT_EQ(upload(bob, club, jpeg(32, 32)).error, ErrorCode::club_admin_only) << "a leader";
    EXPECT_EQ(upload(cat, club, jpeg(32, 32)).error, ErrorCode::club_admin_only) << "a follower";
    EXPECT_EQ(upload(dan, club, jpeg(32, 32)).error, ErrorCode::club_admin_only) << "nobody";
    EXPECT_EQ(service.remove_club_avatar(tokens[bob], club).error, ErrorCode::club_admin_only);
    // Ada's attempts, each after her upload allowance refilled.
    auto later = [&] { steady += std::chrono::minutes(1); };
    later();
    EXPECT_EQ(upload(ada, club + 100, jpeg(32, 32)).error, ErrorCode::club_not_found);
    later();
    EXPECT_EQ(service.remove_club_avatar(tokens[ada], club + 100).error, ErrorCode::club_not_found);
    auto broken = jpeg(32, 32);
    broken.resize(broken.size() / 2);
    later();
    EXPECT_EQ(upload(ada, club, broken).error, ErrorCode::image_invalid);
    later();
    EXPECT_EQ(upload(ada, club, std::string(300 * 1024, 'x')).error, ErrorCode::image_too_large);
    later();
    EXPECT_EQ(upload(ada, club, jpeg(5000, 10)).error, ErrorCode::image_dimensions);
    EXPECT_EQ(service.remove_club_avatar("not-a-token", club).error, ErrorCode::session_invalid);
    for (ConnectionId id : {ada, bob, cat, dan})
        EXPECT_TRUE(take(id).empty()) << "nobody hears of a refusal: " << id;
    EXPECT_EQ(service.club_avatar_image(club)->version, 1);
}

TEST_F(ClubPicturesTest, ARemovedPictureIsGoneAndTheNextVersionIsNewAfterARestart) {
    ASSERT_EQ(upload(ada, club, jpeg(48, 48)).avatar, 1);
    const auto removed = service.remove_club_avatar(tokens[ada], club);
    EXPECT_FALSE(removed.error);
    EXPECT_EQ(removed.avatar, 0);
    EXPECT_FALSE(service.club_avatar_image(club));
    EXPECT_EQ(listed_version(cat), 0);

    ASSERT_EQ(upload(ada, club, jpeg(48, 48)).avatar, 2) << "never version 1 again";

    // A second server on the same file, with its own connection to it.
    storage::Store reopened(file.path());
    auth::Accounts accounts_after{reopened, auth::PasswordCost::minimum(), [this] { return now; }};
    test::RecordingOutbox after;
    service::Service restarted{accounts_after, reopened, after, options};
    ASSERT_TRUE(restarted.club_avatar_image(club));
    EXPECT_EQ(restarted.club_avatar_image(club)->version, 2);
    restarted.open(1, "peer-1");
    restarted.text(1, encode(Hello{kVersion, "t"}));
    restarted.text(1, encode(Resume{tokens[cat]}));
    restarted.text(1, encode(GetClub{club}));
    const auto pages = only<ClubPage>(after.inbox[1]);
    ASSERT_EQ(pages.size(), 1u) << types(after.inbox[1]);
    EXPECT_EQ(pages[0].club.avatar, 2) << "the summary carries the stored version";

    EXPECT_FALSE(restarted.remove_club_avatar(tokens[ada], club).error);
    std::optional<AvatarResult> again;
    restarted.upload_club_avatar(tokens[ada], club, jpeg(20, 20),
                                 [&](const AvatarResult& r) { again = r; });
    ASSERT_TRUE(again);
    EXPECT_EQ(again->avatar, 3);
}

}  // namespace
}  // namespace salotto
