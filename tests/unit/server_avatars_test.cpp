// Profile pictures through the service: an upload reaches the user's tabs and their
// live room, is served afterwards and survives a restart; refusals are precise and
// change nothing. (What the picture becomes is server_avatar_image_test.cpp's.)
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

class AvatarsTest : public test::ServiceFixture {
  protected:
    service::Service& service_under_test() override { return service; }
    auth::Accounts& accounts_under_test() override { return accounts; }

    AvatarResult upload(ConnectionId id, std::string file) {
        std::optional<AvatarResult> result;
        int replies = 0;
        service.upload_avatar(tokens[id], std::move(file), [&](const AvatarResult& r) {
            result = r;
            ++replies;
        });
        EXPECT_EQ(replies, 1) << "one reply per upload";
        return result.value_or(AvatarResult{ErrorCode::internal, "no reply", 0});
    }

    std::chrono::steady_clock::time_point steady{};
    std::int64_t now = 1'800'000'000;
    storage::Store store{":memory:"};
    auth::Accounts accounts{store, auth::PasswordCost::minimum(), [this] { return now; }};
    service::Service service{accounts, store, outbox,
                             service::ServiceOptions{.steady_now = [this] { return steady; },
                                                     .unix_now = [this] { return now; },
                                                     .hallway_interval = {}}};
};

TEST_F(AvatarsTest, AnUploadReachesTheUsersTabsAndTheirRoom) {
    auto ada = signup("ada");
    auto bob = signup("bob");
    service.text(ada, encode(CreateRoom{.title = "Ritratti"}));
    const auto room = std::get<RoomState>(take(ada).at(0)).room.id;
    service.text(bob, encode(JoinRoom{room}));
    take(ada);
    take(bob);

    const auto result = upload(bob, jpeg(300, 200));
    ASSERT_FALSE(result.error) << result.message;
    EXPECT_EQ(result.avatar, 1);

    auto bob_events = take(bob);
    ASSERT_FALSE(bob_events.empty());
    const auto* updated = std::get_if<UserUpdated>(&bob_events.front());
    ASSERT_NE(updated, nullptr) << "the uploader's tab hears of it first";
    EXPECT_EQ(updated->user.avatar, 1);
    bool member_seen = false;
    for (const auto& event : take(ada))
        if (const auto* member = std::get_if<MemberUpdated>(&event))
            member_seen = member->member.id == users[bob].id && member->member.avatar == 1;
    EXPECT_TRUE(member_seen) << "the room sees the new picture";

    const auto stored = service.avatar_image(users[bob].id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->version, 1);
    EXPECT_GT(stored->jpeg.size(), 100u);
    EXPECT_EQ(store.user_by_id(users[bob].id)->user.avatar, 1);

    // A second upload is a new version: the old URL never names the new picture.
    EXPECT_EQ(upload(bob, jpeg(64, 64)).avatar, 2);
}

TEST_F(AvatarsTest, RefusalsArePreciseAndChangeNothing) {
    auto ada = signup("ada");
    ASSERT_EQ(upload(ada, jpeg(32, 32)).avatar, 1);
    take(ada);

    auto broken = jpeg(32, 32);
    broken.resize(broken.size() / 2);
    EXPECT_EQ(upload(ada, broken).error, ErrorCode::image_invalid);
    EXPECT_EQ(upload(ada, "GIF89a....").error, ErrorCode::image_invalid);
    EXPECT_EQ(upload(ada, std::string(300 * 1024, 'x')).error, ErrorCode::image_too_large);
    tokens[ada] = "not-a-token";
    EXPECT_EQ(upload(ada, jpeg(32, 32)).error, ErrorCode::session_invalid);
    EXPECT_TRUE(take(ada).empty()) << "nobody hears of a refused upload";
    EXPECT_EQ(service.avatar_image(users[ada].id)->version, 1);
}

TEST_F(AvatarsTest, UploadsAreRateLimitedPerUser) {
    auto ada = signup("ada");
    for (int i = 0; i < static_cast<int>(service::kAvatarUploadBurst); ++i)
        EXPECT_FALSE(upload(ada, jpeg(16, 16)).error) << "upload " << i;
    EXPECT_EQ(upload(ada, jpeg(16, 16)).error, ErrorCode::rate_limited);
    steady += std::chrono::seconds(13);
    EXPECT_FALSE(upload(ada, jpeg(16, 16)).error) << "one more after the refill";
}

TEST_F(AvatarsTest, ARemovedPictureIsGoneAndAPictureSurvivesARestart) {
    auto ada = signup("ada");
    auto bob = signup("bob");
    ASSERT_EQ(upload(ada, jpeg(48, 48)).avatar, 1);
    ASSERT_EQ(upload(bob, jpeg(48, 48)).avatar, 1);
    const auto removed = service.remove_avatar(tokens[bob]);
    EXPECT_FALSE(removed.error);
    EXPECT_EQ(removed.avatar, 0);
    EXPECT_FALSE(service.avatar_image(users[bob].id));
    EXPECT_EQ(store.user_by_id(users[bob].id)->user.avatar, 0);

    // The server after a restart: a new service over the same database.
    test::RecordingOutbox restarted_outbox;
    service::Service restarted{accounts, store, restarted_outbox};
    ASSERT_TRUE(restarted.avatar_image(users[ada].id));
    EXPECT_EQ(restarted.avatar_image(users[ada].id)->version, 1);
    restarted.open(1, "peer-1");
    restarted.text(1, encode(Hello{kVersion, "t"}));
    restarted.text(1, encode(Resume{tokens[ada]}));
    const auto& session = std::get<Session>(restarted_outbox.inbox[1].at(1));
    EXPECT_EQ(session.user.avatar, 1) << "the session carries the picture's version";
    // Bob's next picture is version 2, not 1 again: a browser may hold version 1.
    std::optional<AvatarResult> again;
    restarted.upload_avatar(tokens[bob], jpeg(20, 20), [&](const AvatarResult& r) { again = r; });
    ASSERT_TRUE(again);
    EXPECT_EQ(again->avatar, 2);
}

}  // namespace
}  // namespace salotto
