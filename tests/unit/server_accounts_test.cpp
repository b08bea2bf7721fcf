// Accounts: invites (valid, used, expired, quota, who invited whom), passwords,
// sessions (resume, logout), bootstrap invites, and the atomic sign-up.
#include <gtest/gtest.h>

#include <cctype>
#include <set>

#include "server/auth/accounts.hpp"
#include "server/auth/password.hpp"
#include "server/auth/secrets.hpp"
#include "server_test_support.hpp"

using namespace salotto;
using namespace salotto::auth;

namespace {

class AccountsTest : public ::testing::Test {
  protected:
    void SetUp() override { test::init_sodium(); }

    template <class T>
    static T value(Result<T> result) {
        if (auto* error = std::get_if<ErrorCode>(&result))
            ADD_FAILURE() << "unexpected error " << wire_name(*error);
        return std::get<T>(std::move(result));
    }
    template <class T>
    static ErrorCode error(const Result<T>& result) {
        EXPECT_TRUE(std::holds_alternative<ErrorCode>(result));
        return std::holds_alternative<ErrorCode>(result) ? std::get<ErrorCode>(result)
                                                         : ErrorCode::internal;
    }

    SignedIn signup(const std::string& invite, const std::string& handle,
                    const std::string& name = "Some One") {
        return value(accounts.signup({invite, handle, name, "correct horse"}));
    }

    std::int64_t now = 1'700'000'000;
    storage::Store store{":memory:"};
    Accounts accounts{store, PasswordCost::minimum(), [this] { return now; }};
};

}  // namespace

TEST_F(AccountsTest, PasswordHashVerifies) {
    auto hash = hash_password("correct horse", PasswordCost::minimum());
    ASSERT_TRUE(hash);
    EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
    EXPECT_TRUE(verify_password("correct horse", *hash));
    EXPECT_FALSE(verify_password("correct horsE", *hash));
    EXPECT_NE(*hash, *hash_password("correct horse", PasswordCost::minimum()));  // salted
}

TEST_F(AccountsTest, TokensAreRandomBase64UrlAndStoredHashed) {
    std::set<std::string> seen;
    for (int i = 0; i < 50; ++i) {
        auto t = new_session_token();
        EXPECT_EQ(t.token.size(), 43u);  // 32 bytes, unpadded base64
        EXPECT_EQ(t.token.find_first_not_of(
                      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                  std::string::npos);
        EXPECT_EQ(t.hash, hash_token(t.token));
        EXPECT_EQ(t.hash.size(), 32u);
        seen.insert(t.token);
    }
    EXPECT_EQ(seen.size(), 50u);
}

TEST_F(AccountsTest, InviteCodesAreHumanFriendly) {
    auto code = new_invite_code();
    ASSERT_EQ(code.size(), 14u);
    EXPECT_EQ(code[4], '-');
    EXPECT_EQ(code[9], '-');
    EXPECT_EQ(code.find_first_of("01OIL"), std::string::npos);
    EXPECT_EQ(normalize_invite_code("abcd efgh-jkmn"), "ABCD-EFGH-JKMN");
    EXPECT_EQ(normalize_invite_code("ABCDEFGHJKMN"), "ABCD-EFGH-JKMN");
    EXPECT_EQ(normalize_invite_code("ABCD-EFGH-JKM"), std::nullopt);
    EXPECT_EQ(normalize_invite_code("ABCD-EFGH-JKM0"), std::nullopt);
    auto room = new_room_id();
    EXPECT_EQ(room.size(), 10u);
    EXPECT_EQ(room.find_first_not_of("abcdefghijkmnpqrstuvwxyz23456789"), std::string::npos);
}

TEST_F(AccountsTest, SignupWithValidInviteStartsASession) {
    auto invite = accounts.create_bootstrap_invite();
    auto ada = signup(invite.code, "ada", "Ada Lovelace");
    EXPECT_EQ(ada.user.handle, "ada");
    EXPECT_EQ(ada.user.name, "Ada Lovelace");
    ASSERT_TRUE(ada.token);
    EXPECT_EQ(value(accounts.resume(*ada.token)).user, ada.user);
}

TEST_F(AccountsTest, InviteCodeIsForgivingAboutCaseAndDashes) {
    auto invite = accounts.create_bootstrap_invite();
    std::string typed;
    for (char c : invite.code)
        if (c != '-') typed += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(signup(typed, "ada").user.handle, "ada");
}

TEST_F(AccountsTest, InviteInvalidUsedExpired) {
    EXPECT_EQ(error(accounts.signup({"ZZZZ-ZZZZ-ZZZZ", "ada", "Ada", "correct horse"})),
              ErrorCode::invite_invalid);
    EXPECT_EQ(error(accounts.signup({"not a code", "ada", "Ada", "correct horse"})),
              ErrorCode::invite_invalid);

    auto used = accounts.create_bootstrap_invite();
    signup(used.code, "ada");
    EXPECT_EQ(error(accounts.signup({used.code, "bob", "Bob", "correct horse"})),
              ErrorCode::invite_used);

    auto expiring = accounts.create_bootstrap_invite();
    EXPECT_EQ(expiring.expires, now + kInviteLifetimeSeconds);
    now += kInviteLifetimeSeconds;
    EXPECT_EQ(error(accounts.signup({expiring.code, "bob", "Bob", "correct horse"})),
              ErrorCode::invite_expired);
    EXPECT_EQ(store.user_count(), 1);
}

TEST_F(AccountsTest, SignupValidatesFields) {
    auto invite = accounts.create_bootstrap_invite();
    EXPECT_EQ(error(accounts.signup({invite.code, "Ada!", "Ada", "correct horse"})),
              ErrorCode::handle_invalid);
    EXPECT_EQ(error(accounts.signup({invite.code, "ada", "A\nda", "correct horse"})),
              ErrorCode::name_invalid);
    EXPECT_EQ(error(accounts.signup({invite.code, "ada", "Ada", "short"})),
              ErrorCode::password_invalid);
    // None of that consumed the invite.
    EXPECT_EQ(signup(invite.code, "ada", "Ада").user.name, "Ада");
}

TEST_F(AccountsTest, HandleTakenLeavesTheInviteUnused) {
    auto first = accounts.create_bootstrap_invite();
    auto ada = signup(first.code, "ada");
    auto second = value(accounts.create_invite(ada.user.id));
    EXPECT_EQ(error(accounts.signup({second.code, "ada", "Other Ada", "correct horse"})),
              ErrorCode::handle_taken);
    auto invite = store.invite(second.code);
    ASSERT_TRUE(invite);
    EXPECT_FALSE(invite->used_by);
    EXPECT_EQ(store.user_count(), 1);
    signup(second.code, "ada2");
}

TEST_F(AccountsTest, InviteQuotaAndExpiredInvitesFreeASlot) {
    auto ada = signup(accounts.create_bootstrap_invite().code, "ada");
    for (int i = 0; i < kInvitesPerUser; ++i) value(accounts.create_invite(ada.user.id));
    EXPECT_EQ(error(accounts.create_invite(ada.user.id)), ErrorCode::invite_quota);
    auto listed = accounts.list_invites(ada.user.id);
    EXPECT_EQ(listed.items.size(), 3u);
    EXPECT_EQ(listed.remaining, 0);

    now += kInviteLifetimeSeconds + 1;  // all three expire unused
    EXPECT_EQ(accounts.list_invites(ada.user.id).remaining, 3);
    value(accounts.create_invite(ada.user.id));
    EXPECT_EQ(accounts.list_invites(ada.user.id).items.size(), 4u);
    EXPECT_EQ(accounts.list_invites(ada.user.id).remaining, 2);
}

TEST_F(AccountsTest, RemembersWhoInvitedWhom) {
    auto ada = signup(accounts.create_bootstrap_invite().code, "ada", "Ada");
    auto code = value(accounts.create_invite(ada.user.id)).code;
    auto bob = signup(code, "bob", "Bob");

    auto bob_profile = value(accounts.profile("bob"));
    EXPECT_EQ(bob_profile.user, bob.user);
    EXPECT_EQ(bob_profile.joined, now);
    ASSERT_TRUE(bob_profile.invited_by);
    EXPECT_EQ(*bob_profile.invited_by, ada.user);
    EXPECT_FALSE(value(accounts.profile("ada")).invited_by);  // bootstrap: nominated by nobody
    EXPECT_EQ(error(accounts.profile("nobody")), ErrorCode::user_not_found);

    auto listed = accounts.list_invites(ada.user.id);
    ASSERT_EQ(listed.items.size(), 1u);
    EXPECT_EQ(listed.items[0].code, code);
    ASSERT_TRUE(listed.items[0].used_by);
    EXPECT_EQ(*listed.items[0].used_by, bob.user);
    EXPECT_EQ(listed.remaining, 2);  // a used invite still counts
}

TEST_F(AccountsTest, LoginChecksThePassword) {
    auto ada = signup(accounts.create_bootstrap_invite().code, "ada");
    auto again = value(accounts.login({"ada", "correct horse"}));
    EXPECT_EQ(again.user, ada.user);
    ASSERT_TRUE(again.token);
    EXPECT_NE(*again.token, *ada.token);
    EXPECT_EQ(error(accounts.login({"ada", "wrong horse"})), ErrorCode::login_failed);
    EXPECT_EQ(error(accounts.login({"nobody", "correct horse"})), ErrorCode::login_failed);
}

TEST_F(AccountsTest, ResumeAndLogout) {
    auto ada = signup(accounts.create_bootstrap_invite().code, "ada");
    auto resumed = value(accounts.resume(*ada.token));
    EXPECT_EQ(resumed.user, ada.user);
    EXPECT_FALSE(resumed.token);  // resume does not mint a new token
    EXPECT_EQ(error(accounts.resume("bogus")), ErrorCode::session_invalid);

    accounts.logout(ada.token_hash);
    EXPECT_EQ(error(accounts.resume(*ada.token)), ErrorCode::session_invalid);
    // Only that session: a login's own token still works.
    auto other = value(accounts.login({"ada", "correct horse"}));
    EXPECT_EQ(value(accounts.resume(*other.token)).user, ada.user);
}

TEST_F(AccountsTest, SessionsExpireWhenIdleAndAfterTheirLifetime) {
    auto ada = signup(accounts.create_bootstrap_invite().code, "ada");
    const std::string token = *ada.token;
    // Used every 20 days it stays alive, until its lifetime is over.
    constexpr std::int64_t kDay = 24 * 60 * 60;
    std::int64_t used = 0;
    while (used + 20 * kDay < kSessionLifetimeSeconds) {
        now += 20 * kDay;
        used += 20 * kDay;
        ASSERT_TRUE(std::holds_alternative<SignedIn>(accounts.resume(token))) << used / kDay;
    }
    now += 21 * kDay;  // past the lifetime, used 21 days ago
    EXPECT_EQ(error(accounts.resume(token)), ErrorCode::session_invalid);

    // Idle for longer than kSessionIdleSeconds: gone too.
    auto fresh = value(accounts.login({"ada", "correct horse"}));
    now += kSessionIdleSeconds + 1;
    EXPECT_EQ(error(accounts.resume(*fresh.token)), ErrorCode::session_invalid);
}

TEST_F(AccountsTest, AUserKeepsTheirMostRecentSessionsOnly) {
    auto first = signup(accounts.create_bootstrap_invite().code, "ada");
    std::vector<std::string> tokens{*first.token};
    for (int i = 1; i <= kSessionsPerUser; ++i) {
        now += 1;
        tokens.push_back(*value(accounts.login({"ada", "correct horse"})).token);
    }
    EXPECT_EQ(error(accounts.resume(tokens.front())), ErrorCode::session_invalid);
    for (std::size_t i = 1; i < tokens.size(); ++i)
        EXPECT_TRUE(std::holds_alternative<SignedIn>(accounts.resume(tokens[i]))) << i;
}

// Sessions remember seconds. With 21 sign-ins in one second (a script; found while
// writing tests/e2e/hostile-limits.test.js), the sessions tie: the first one must
// go, never the one just handed out.
TEST_F(AccountsTest, SessionsOfOneSecondGoOldestFirst) {
    auto first = signup(accounts.create_bootstrap_invite().code, "ada");
    std::vector<std::string> tokens{*first.token};
    for (int i = 1; i <= kSessionsPerUser; ++i)
        tokens.push_back(*value(accounts.login({"ada", "correct horse"})).token);
    EXPECT_EQ(error(accounts.resume(tokens.front())), ErrorCode::session_invalid);
    for (std::size_t i = 1; i < tokens.size(); ++i)
        EXPECT_TRUE(std::holds_alternative<SignedIn>(accounts.resume(tokens[i]))) << i;
}

TEST_F(AccountsTest, PruneDeletesExpiredSessionsAndLongEndedRooms) {
    auto ada = signup(accounts.create_bootstrap_invite().code, "ada");
    ASSERT_TRUE(store.insert_room("oldroom", "Old", protocol::RoomType::open, ada.user.id, now));
    store.end_room("oldroom", now);
    ASSERT_TRUE(store.insert_room("liveroom", "Live", protocol::RoomType::open, ada.user.id, now));
    EXPECT_EQ(accounts.prune(), 0);
    now += std::max(kSessionIdleSeconds, kEndedRoomRetentionSeconds) + 1;
    EXPECT_EQ(accounts.prune(), 2);  // the session and the ended room; the live room stays
    auto count = store.database().prepare("SELECT count(*) FROM rooms WHERE id = 'liveroom'");
    ASSERT_TRUE(count.step());
    EXPECT_EQ(count.int64(0), 1);
}

TEST_F(AccountsTest, TokensAreNotStoredInTheClear) {
    auto ada = signup(accounts.create_bootstrap_invite().code, "ada");
    auto s = store.database().prepare("SELECT count(*) FROM sessions WHERE token_hash = ?1");
    s.bind(1, std::string_view(*ada.token));
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.int64(0), 0);
}

TEST_F(AccountsTest, FirstInviteIsReusedUntilSomeoneSignsUp) {
    auto first = accounts.first_invite_if_no_users();
    ASSERT_TRUE(first);
    auto again = accounts.first_invite_if_no_users();
    ASSERT_TRUE(again);
    EXPECT_EQ(first->code, again->code);
    signup(first->code, "ada");
    EXPECT_FALSE(accounts.first_invite_if_no_users());
}

TEST(ServerAccountsAtomic, SecondConnectionCannotReuseAnInvite) {
    test::init_sodium();
    test::TempDbFile file;
    storage::Store a(file.path());
    storage::Store b(file.path());  // another process, as far as SQLite is concerned
    ASSERT_TRUE(a.insert_invite("AAAA-BBBB-CCCC", std::nullopt, 0, 1000));
    auto first = a.create_user_with_invite({"ada", "Ada", "h"}, "AAAA-BBBB-CCCC", 10);
    auto second = b.create_user_with_invite({"bob", "Bob", "h"}, "AAAA-BBBB-CCCC", 10);
    EXPECT_TRUE(std::holds_alternative<protocol::UserId>(first));
    ASSERT_TRUE(std::holds_alternative<ErrorCode>(second));
    EXPECT_EQ(std::get<ErrorCode>(second), ErrorCode::invite_used);
    EXPECT_EQ(b.user_count(), 1);
    EXPECT_FALSE(b.user_by_handle("bob"));
}
