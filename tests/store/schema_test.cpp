#include <gtest/gtest.h>

#include "store/alert_store.h"
#include "store/schema.h"
#include "store_test_util.h"

using namespace vigie::store;
using namespace vigie::store::test;

TEST(Schema, MigratesOnceInWalMode) {
    const std::string path = fresh_db("schema");
    int64_t applied[2] = {0, 0};
    for (int i = 0; i < 2; ++i) {
        {
            auto s = AlertStore::open(path);
            ASSERT_TRUE(s) << s.error();
        }
        auto db = Db::open(path, false);
        auto q = (*db)->prepare("SELECT COUNT(*), MAX(version) FROM schema_migrations");
        ASSERT_TRUE(q);
        ASSERT_TRUE(*q->step());
        applied[i] = q->int64(0);
        EXPECT_EQ(q->int64(1), kSchemaVersion);
    }
    EXPECT_GE(applied[0], 2);  // alerts (1) and indicators (3), at least
    EXPECT_EQ(applied[1], applied[0]);  // the second open applies nothing
    auto db = Db::open(path, false);
    ASSERT_TRUE(db);
    auto q = (*db)->prepare("SELECT COUNT(*), MAX(version) FROM schema_migrations");
    ASSERT_TRUE(q);
    ASSERT_TRUE(*q->step());
    EXPECT_EQ(q->int64(0), kSchemaVersion);  // one row per migration (1, 2, 3, 4), each applied once
    EXPECT_EQ(q->int64(1), kSchemaVersion);
    auto j = (*db)->prepare("PRAGMA journal_mode");
    ASSERT_TRUE(*j->step());
    EXPECT_EQ(j->text(0), "wal");
}

TEST(Schema, NewerDatabaseRefused) {
    const std::string path = fresh_db("newer");
    ASSERT_TRUE(AlertStore::open(path));
    {
        auto db = Db::open(path, false);
        ASSERT_TRUE((*db)->exec("INSERT INTO schema_migrations VALUES (99, 'future', 'now')"));
    }
    auto s = AlertStore::open(path);
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().find("schema version 99 is newer"), std::string::npos) << s.error();
}

TEST(Schema, TimeParsing) {
    EXPECT_EQ(parse_time_bound("1970-01-02"), 86400LL * 1000000);
    EXPECT_EQ(parse_time_bound("86400"), 86400LL * 1000000);
    EXPECT_EQ(parse_time_bound("2000"), parse_time_bound("2000-01-01T00:00:00Z"));
    EXPECT_EQ(parse_time_bound("2000-03"), parse_time_bound("2000-03-01"));
    EXPECT_EQ(*parse_time_bound("2000-03-01T01:00:00+0100"), *parse_time_bound("2000-03-01"));
    EXPECT_FALSE(parse_time_bound("yesterday"));
}
