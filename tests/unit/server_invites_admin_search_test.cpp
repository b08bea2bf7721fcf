// Invite management, admin and search through the service (docs/protocol.md,
// "Invite management", "Admin", "Search"): frames in as text, answers out through a
// recording Outbox decoded with the real codec, as clients see them.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "core/protocol/codec.hpp"
#include "server/auth/accounts.hpp"
#include "server/auth/admin.hpp"
#include "server/service/service.hpp"
#include "server/storage/account_store.hpp"
#include "server_service_fixture.hpp"

using namespace salotto;
using namespace salotto::protocol;
using service::ConnectionId;

namespace {

using test::types;

class SocialAccountsTest : public test::ServiceFixture {
  protected:
    service::Service& service_under_test() override { return service; }
    auth::Accounts& accounts_under_test() override { return accounts; }

    ConnectionId resume(const std::string& token) {
        const ConnectionId id = connect();
        send(id, Resume{token});
        return id;
    }
    std::string new_invite(ConnectionId id) {
        send(id, CreateInvite{});
        return take_one<Invite>(id).code;
    }
    Invites list(ConnectionId id) {
        send(id, ListInvites{});
        return take_one<Invites>(id);
    }
    void make_admin(ConnectionId id) {
        ASSERT_TRUE(auth::Admin(store).set_admin(users.at(id).handle, true));
    }

    std::int64_t now = 1'700'000'000;
    std::chrono::steady_clock::time_point steady{};
    storage::Store store{":memory:"};
    auth::Accounts accounts{store, auth::PasswordCost::minimum(), [this] { return now; }};
    service::Service service{accounts, store, outbox,
                             service::ServiceOptions{.steady_now = [this] { return steady; },
                                                     .unix_now = [this] { return now; },
                                                     .hallway_interval = {}}};
};

}  // namespace

// ---- invite management

TEST_F(SocialAccountsTest, InvitesListTheirStatesAndRevokedOnesGiveTheirSlotBack) {
    auto ada = signup("ada");
    const std::string used = new_invite(ada);
    const std::string revoked = new_invite(ada);
    const std::string expiring = new_invite(ada);
    signup("bruno", "", used);
    take_one<NotificationEvent>(ada);  // "Bruno used your invite"
    send(ada, CreateInvite{});
    expect_error(ada, ErrorCode::invite_quota, "create_invite");

    send(ada, RevokeInvite{revoked});
    auto after_revoke = take_one<Invites>(ada);
    EXPECT_EQ(after_revoke.remaining, 1) << "a revoked invite does not count against the quota";
    now += auth::kInviteLifetimeSeconds;  // `expiring` (and `revoked`) are past their time

    auto listed = list(ada);
    ASSERT_EQ(listed.items.size(), 3u);
    EXPECT_EQ(listed.items[0].code, used);
    EXPECT_EQ(listed.items[0].state, "used");
    ASSERT_TRUE(listed.items[0].used_by);
    EXPECT_EQ(listed.items[0].used_by->handle, "bruno");
    EXPECT_EQ(listed.items[1].state, "revoked");
    EXPECT_EQ(listed.items[2].code, expiring);
    EXPECT_EQ(listed.items[2].state, "expired");
    EXPECT_EQ(listed.remaining, 2);
}

TEST_F(SocialAccountsTest, RevokingIsForOwnUnusedLiveInvitesOnly) {
    auto ada = signup("ada");
    auto carla = signup("carla");
    const std::string code = new_invite(ada);
    const std::string used = new_invite(ada);
    signup("bruno", "", used);
    take_one<NotificationEvent>(ada);  // "Bruno used your invite"

    send(carla, RevokeInvite{code});
    expect_error(carla, ErrorCode::invite_invalid, "revoke_invite");
    send(ada, RevokeInvite{"not a code"});
    expect_error(ada, ErrorCode::invite_invalid, "revoke_invite");
    send(ada, RevokeInvite{used});
    expect_error(ada, ErrorCode::invite_used, "revoke_invite");

    // Codes are accepted as typed: any case, dashes or not.
    std::string typed = code;
    std::erase(typed, '-');
    for (auto& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    send(ada, RevokeInvite{typed});
    take_one<Invites>(ada);
    send(ada, RevokeInvite{code});
    expect_error(ada, ErrorCode::invite_revoked, "revoke_invite");

    const std::string late = new_invite(ada);
    now += auth::kInviteLifetimeSeconds + 1;
    send(ada, RevokeInvite{late});
    expect_error(ada, ErrorCode::invite_expired, "revoke_invite");
}

TEST_F(SocialAccountsTest, ARevokedInviteCannotSignAnyoneUp) {
    auto ada = signup("ada");
    const std::string code = new_invite(ada);
    send(ada, RevokeInvite{code});
    take_one<Invites>(ada);
    auto id = connect();
    send(id, Signup{code, "bruno", "Bruno", "password123"});
    expect_error(id, ErrorCode::invite_revoked, "signup");
    EXPECT_FALSE(store.user_by_handle("bruno"));
}

// ---- admin

TEST_F(SocialAccountsTest, AdminIntentsAreRefusedToNonAdminsWithAdminOnly) {
    auto ada = signup("ada");
    auto bruno = signup("bruno");
    send(ada, GrantInvites{uid(bruno), 3});
    expect_error(ada, ErrorCode::admin_only, "grant_invites");
    send(ada, SetAccountDisabled{uid(bruno), true});
    expect_error(ada, ErrorCode::admin_only, "set_account_disabled");
    send(ada, SetAccountDisabled{uid(ada), true});
    expect_error(ada, ErrorCode::admin_only, "set_account_disabled");
    // Nothing changed: bruno is still signed in and enabled.
    EXPECT_TRUE(take(bruno).empty());
    EXPECT_FALSE(storage::AccountStore(store.database()).flags(uid(bruno))->disabled);

    // A non-admin opening a profile gets the profile only.
    send(ada, GetProfile{"bruno"});
    take_one<Profile>(ada);
}

TEST_F(SocialAccountsTest, AdminErrorsAreSpecific) {
    auto ada = signup("ada");
    auto bruno = signup("bruno");
    make_admin(ada);
    for (int count : {0, -1, auth::kMaxGrant + 1}) {
        send(ada, GrantInvites{uid(bruno), count});
        expect_error(ada, ErrorCode::grant_invalid, "grant_invites");
    }
    send(ada, GrantInvites{999, 1});
    expect_error(ada, ErrorCode::user_not_found, "grant_invites");
    send(ada, SetAccountDisabled{999, true});
    expect_error(ada, ErrorCode::user_not_found, "set_account_disabled");
    send(ada, SetAccountDisabled{uid(ada), true});
    expect_error(ada, ErrorCode::cannot_disable_self, "set_account_disabled");
}

TEST_F(SocialAccountsTest, AGrantRaisesTheQuota) {
    auto ada = signup("ada");
    auto bruno = signup("bruno");
    make_admin(ada);
    send(ada, GetProfile{"bruno"});
    auto events = take(ada);
    EXPECT_EQ(types(events), "profile account_status ");
    auto before = std::get<AccountStatus>(events.at(1));
    EXPECT_EQ(before.invite_quota, auth::kInvitesPerUser);
    EXPECT_FALSE(before.admin);

    send(ada, GrantInvites{uid(bruno), 2});
    auto status = take_one<AccountStatus>(ada);
    EXPECT_EQ(status.user.handle, "bruno");
    EXPECT_EQ(status.invite_quota, auth::kInvitesPerUser + 2);
    EXPECT_EQ(status.invites_left, auth::kInvitesPerUser + 2);
    for (int i = 0; i < auth::kInvitesPerUser + 2; ++i) new_invite(bruno);
    send(bruno, CreateInvite{});
    expect_error(bruno, ErrorCode::invite_quota, "create_invite");
    EXPECT_EQ(list(bruno).remaining, 0);
}

TEST_F(SocialAccountsTest, DisablingSignsEveryConnectionOutAndTheUserLeavesTheRoom) {
    auto ada = signup("ada");
    auto bruno = signup("bruno");
    auto bruno_tab = resume(tokens.at(bruno));
    take(bruno_tab);
    make_admin(ada);

    send(ada, CreateRoom{"Chiacchiere"});
    const std::string room = std::get<RoomState>(take(ada).at(0)).room.id;
    take(bruno);
    take(bruno_tab);
    send(bruno, JoinRoom{room});
    take(bruno);
    take(bruno_tab);
    take(ada);

    send(ada, SetAccountDisabled{uid(bruno), true});
    auto ada_events = take(ada);
    ASSERT_FALSE(ada_events.empty());
    EXPECT_TRUE(std::get<AccountStatus>(ada_events.back()).disabled);
    bool saw_leave = false;
    for (const auto& e : ada_events)
        if (auto* changed = std::get_if<MembersChanged>(&e))
            saw_leave |= changed->left == std::vector<UserId>{uid(bruno)};
    EXPECT_TRUE(saw_leave) << types(ada_events);

    for (ConnectionId id : {bruno, bruno_tab}) {
        auto events = take(id);
        ASSERT_GE(events.size(), 2u) << types(events);
        EXPECT_TRUE(std::holds_alternative<LoggedOut>(events[events.size() - 2])) << types(events);
        const auto& error = std::get<Error>(events.back());
        EXPECT_EQ(error.code, ErrorCode::account_disabled);
        // Signed out: the connection may no longer act.
        send(id, CreateInvite{});
        expect_error(id, ErrorCode::not_signed_in, "create_invite");
    }

    auto again = connect();
    send(again, Login{"bruno", "password123"});
    expect_error(again, ErrorCode::account_disabled, "login");
    auto wrong = connect();
    send(wrong, Login{"bruno", "wrong-password"});
    expect_error(wrong, ErrorCode::login_failed, "login");
    auto resumed = resume(tokens.at(bruno));
    expect_error(resumed, ErrorCode::account_disabled, "resume");

    // Enabled again: old sessions are gone, the password works.
    send(ada, SetAccountDisabled{uid(bruno), false});
    EXPECT_FALSE(take_one<AccountStatus>(ada).disabled);
    auto stale = resume(tokens.at(bruno));
    expect_error(stale, ErrorCode::session_invalid, "resume");
    auto back = connect();
    send(back, Login{"bruno", "password123"});
    EXPECT_EQ(types(take(back)), "session hallway ");
}

TEST_F(SocialAccountsTest, AnAdminWhoIsDisabledIsNoLongerAnAdmin) {
    auto ada = signup("ada");
    auto carla = signup("carla");
    auto bruno = signup("bruno");
    make_admin(ada);
    make_admin(carla);
    send(ada, SetAccountDisabled{uid(carla), true});
    take(ada);
    take(carla);
    EXPECT_FALSE(auth::Admin(store).is_admin(uid(carla)));
    EXPECT_TRUE(auth::Admin(store).is_admin(uid(ada)));
    (void)bruno;
}

// ---- search

TEST_F(SocialAccountsTest, SearchFindsPeopleByPrefixWithoutAccentsOrDoubledLetters) {
    auto ada = signup("ada", "Ada Lovelace");
    signup("niccolo_r", "Niccolò Ruffini");
    signup("nata", "Наталья Петрова");
    signup("nicola", "Nicola Bianchi");

    auto find = [&](const std::string& query) {
        send(ada, Search{query});
        auto results = take_one<SearchResults>(ada);
        EXPECT_EQ(results.query, query);
        std::vector<std::string> handles;
        for (const auto& u : results.users) handles.push_back(u.handle);
        std::sort(handles.begin(), handles.end());
        return handles;
    };
    using H = std::vector<std::string>;
    EXPECT_EQ(find("nicolo"), (H{"niccolo_r"}));
    EXPECT_EQ(find("Niccolò"), (H{"niccolo_r"}));
    EXPECT_EQ(find("nic"), (H{"niccolo_r", "nicola"}));
    EXPECT_EQ(find("ruff"), (H{"niccolo_r"}));
    EXPECT_EQ(find("НАТ"), (H{"nata"}));
    EXPECT_EQ(find("пет нат"), (H{"nata"}));
    EXPECT_EQ(find("lovelace ada"), (H{"ada"}));
    EXPECT_EQ(find("niccolo_"), (H{"niccolo_r"}));
    EXPECT_EQ(find("zzz"), H{});
    EXPECT_EQ(find("  "), H{});
    EXPECT_EQ(find("\"*) OR ("), H{}) << "FTS5 syntax in a query is only text";
    // A character FTS5's tokenizer drops (an emoji) is no error, and finds nobody.
    EXPECT_EQ(find("\xE2\x98\x95"), H{});
}

TEST_F(SocialAccountsTest, SearchFollowsRenamesAndSkipsDisabledAccounts) {
    auto ada = signup("ada");
    auto bruno = signup("bruno", "Bruno");
    make_admin(ada);
    // A rename written by anything (another part of the server, a tool): the trigger
    // marks the user, the next search re-keys them.
    auto rename = store.database().prepare("UPDATE users SET name = 'Brunò Ferrò' WHERE id = ?1");
    rename.bind(1, uid(bruno));
    rename.run();
    send(ada, Search{"ferro"});
    auto found = take_one<SearchResults>(ada);
    ASSERT_EQ(found.users.size(), 1u);
    EXPECT_EQ(found.users[0].name, "Brunò Ferrò");

    send(ada, SetAccountDisabled{uid(bruno), true});
    take(ada);
    send(ada, Search{"ferro"});
    EXPECT_TRUE(take_one<SearchResults>(ada).users.empty());
}

TEST_F(SocialAccountsTest, SearchFindsLiveRoomsByTitle) {
    auto ada = signup("ada");
    auto bruno = signup("bruno");
    send(ada, CreateRoom{"Caffè e чай"});
    const std::string room = std::get<RoomState>(take(ada).at(0)).room.id;
    send(bruno, CreateRoom{"Tea time"});
    take(bruno);
    take(ada);

    send(bruno, Search{"caffe"});
    auto results = take_one<SearchResults>(bruno);
    ASSERT_EQ(results.rooms.size(), 1u);
    EXPECT_EQ(results.rooms[0].id, room);
    EXPECT_EQ(results.rooms[0].title, "Caffè e чай");
    send(bruno, Search{"ЧАЙ caf"});
    EXPECT_EQ(take_one<SearchResults>(bruno).rooms.size(), 1u);

    // Search finds what the hallway lists: a closed room only for those let in, a
    // social room only for people someone on its stage follows.
    for (auto type : {RoomType::closed, RoomType::social}) {
        send(ada, SetRoomType{type});
        take(ada);
        take(bruno);
        send(bruno, Search{"caffe"});
        EXPECT_TRUE(take_one<SearchResults>(bruno).rooms.empty()) << wire_name(type);
        send(ada, Search{"caffe"});
        EXPECT_EQ(take_one<SearchResults>(ada).rooms.size(), 1u) << "Ada is in it";
    }
    send(ada, Follow{uid(bruno)});
    take(ada);
    take(bruno);
    send(bruno, Search{"caffe"});
    EXPECT_EQ(take_one<SearchResults>(bruno).rooms.size(), 1u) << "Ada on stage follows Bruno";

    // An ended room is no longer found.
    send(ada, EndRoom{});
    take(ada);
    take(bruno);
    send(bruno, Search{"caffe"});
    EXPECT_TRUE(take_one<SearchResults>(bruno).rooms.empty());
}

TEST_F(SocialAccountsTest, SearchQueriesAreLimitedInLengthAndRate) {
    auto ada = signup("ada");
    send(ada, Search{std::string(service::kSearchQueryMaxCodePoints, 'a')});
    take_one<SearchResults>(ada);
    send(ada, Search{std::string(service::kSearchQueryMaxCodePoints + 1, 'a')});
    expect_error(ada, ErrorCode::search_query_invalid, "search");
    // Counted in code points, not bytes: 64 Cyrillic letters are fine.
    std::string cyrillic;
    for (std::size_t i = 0; i < service::kSearchQueryMaxCodePoints; ++i) cyrillic += "ж";
    send(ada, Search{cyrillic});
    take_one<SearchResults>(ada);

    steady += std::chrono::seconds(10);  // a full allowance
    int answered = 0;
    for (int i = 0; i < static_cast<int>(service::kSearchBurst) + 5; ++i) {
        send(ada, Search{"q" + std::to_string(i)});
        auto events = take(ada);
        ASSERT_EQ(events.size(), 1u);
        if (std::holds_alternative<SearchResults>(events[0])) {
            ++answered;
        } else {
            EXPECT_EQ(std::get<Error>(events[0]).code, ErrorCode::rate_limited);
            EXPECT_EQ(std::get<Error>(events[0]).in, "search");
        }
    }
    EXPECT_EQ(answered, static_cast<int>(service::kSearchBurst));
}
