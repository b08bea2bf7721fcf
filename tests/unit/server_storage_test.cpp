// Storage: migrations on fresh and existing files, connection settings, rooms.
#include <gtest/gtest.h>

#include "server/auth/accounts.hpp"
#include "server/storage/checkpointer.hpp"
#include "server/storage/schema.hpp"
#include "server/storage/store.hpp"
#include "server_test_support.hpp"

using namespace salotto::storage;

namespace {

std::string pragma_text(Database& db, const char* pragma) {
    auto s = db.prepare(std::string("PRAGMA ") + pragma);
    EXPECT_TRUE(s.step());
    return s.text(0);
}

bool table_exists(Database& db, const char* name) {
    auto s = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
    s.bind(1, std::string_view(name));
    return s.step();
}

}  // namespace

TEST(ServerStorage, FreshDatabaseMigratesToLatest) {
    Store store(":memory:");
    auto& db = store.database();
    EXPECT_GE(latest_schema_version(), 1);
    EXPECT_EQ(schema_version(db), latest_schema_version());
    for (const char* table : {"users", "invites", "sessions", "rooms"})
        EXPECT_TRUE(table_exists(db, table)) << table;
    EXPECT_EQ(pragma_text(db, "foreign_keys"), "1");
}

TEST(ServerStorage, FileUsesWalAndKeepsDataAcrossReopen) {
    salotto::test::TempDbFile file;
    {
        Store store(file.path());
        EXPECT_EQ(pragma_text(store.database(), "journal_mode"), "wal");
        EXPECT_EQ(pragma_text(store.database(), "synchronous"), "1");  // NORMAL
        ASSERT_TRUE(store.insert_invite("AAAA-BBBB-CCCC", std::nullopt, 100, 200));
    }
    Store again(file.path());  // migrate() must be a no-op now
    EXPECT_EQ(schema_version(again.database()), latest_schema_version());
    EXPECT_TRUE(again.invite("AAAA-BBBB-CCCC").has_value());
}

TEST(ServerStorage, RefusesNewerSchema) {
    salotto::test::TempDbFile file;
    {
        Database db(file.path());
        db.exec("PRAGMA user_version = 999");
    }
    EXPECT_THROW(Store store(file.path()), Error);
}

TEST(ServerStorage, ForeignKeysAreEnforced) {
    Store store(":memory:");
    // No user 42: the session must be refused.
    EXPECT_THROW(store.insert_session(TokenHash(32, 1), 42, 0, salotto::auth::kSessionsPerUser),
                 Error);
}

TEST(ServerStorage, RoomsLeftOpenAreEndedOnStart) {
    Store store(":memory:");
    ASSERT_TRUE(store.insert_invite("AAAA-BBBB-CCCC", std::nullopt, 0, 1000));
    auto user = store.create_user_with_invite({"ada", "Ada", "hash"}, "AAAA-BBBB-CCCC", 10);
    ASSERT_TRUE(std::holds_alternative<UserId>(user));
    const UserId ada = std::get<UserId>(user);
    ASSERT_TRUE(store.insert_room("room000001", "One", salotto::protocol::RoomType::open, ada, 20));
    ASSERT_TRUE(store.insert_room("room000002", "Two", salotto::protocol::RoomType::open, ada, 20));
    EXPECT_FALSE(
        store.insert_room("room000001", "Clash", salotto::protocol::RoomType::open, ada, 20));
    store.end_room("room000001", 30);
    EXPECT_EQ(store.end_open_rooms(40), 1);
    EXPECT_EQ(store.end_open_rooms(50), 0);
    auto s = store.database().prepare("SELECT ended_at FROM rooms ORDER BY id");
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.int64(0), 30);
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.int64(0), 40);
}

TEST(Checkpointer, TakesCheckpointsOffTheLoopConnection) {
    salotto::test::TempDbFile file;
    Store store(file.path());
    const auto autocheckpoint = [&] {
        auto s = store.database().prepare("PRAGMA wal_autocheckpoint");
        EXPECT_TRUE(s.step());
        return s.int64(0);
    };
    {
        // A long interval: only the explicit checkpoint() below runs.
        Checkpointer checkpointer(store.database(), file.path(), std::chrono::hours(1));
        EXPECT_EQ(autocheckpoint(), 0);
        for (int i = 0; i < 50; ++i)
            store.insert_invite("CODE" + std::to_string(i), std::nullopt, 0, 1);
        const auto result = checkpointer.checkpoint();
        EXPECT_GT(result.wal_frames, 0);
        EXPECT_EQ(result.checkpointed, result.wal_frames);
    }
    EXPECT_EQ(autocheckpoint(), 1000);
}
