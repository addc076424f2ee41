#include "store/database.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>

using streamstack::store::Connection;
using streamstack::store::Database;

namespace {

std::int64_t count(Database& db) {
  return db.read([](Connection& c) {
    auto& st = c.prepare("SELECT COUNT(*) FROM t");
    st.step();
    return st.column_int(0);
  });
}

Database& migrated(Database& db) {
  db.add_migrations({{1, "t", "CREATE TABLE t (k TEXT PRIMARY KEY, v BLOB)"}});
  db.migrate();
  return db;
}

}  // namespace

TEST(Database, MigrationsApplyOnceAndInOrder) {
  Database db(":memory:");
  db.add_migrations({{2, "add column", "ALTER TABLE t ADD COLUMN extra INTEGER"},
                     {1, "create", "CREATE TABLE t (k TEXT PRIMARY KEY)"}});
  db.migrate();
  db.migrate();  // nothing left to apply
  db.write([](Connection& c) { c.prepare("INSERT INTO t (k, extra) VALUES ('a', 1)").run(); });
  EXPECT_EQ(count(db), 1);
}

TEST(Database, AThrowingWriteLeavesNothing) {
  Database db(":memory:");
  migrated(db);
  EXPECT_THROW(db.write([](Connection& c) {
    c.prepare("INSERT INTO t (k) VALUES ('a')").run();
    throw std::runtime_error("fault");
  }), std::runtime_error);
  EXPECT_EQ(count(db), 0);
}

TEST(Database, NestedWritesJoinTheOuterTransaction) {
  Database db(":memory:");
  migrated(db);
  int commits = 0;
  db.on_commit([&] { ++commits; });
  db.write([&](Connection& c) {
    c.prepare("INSERT INTO t (k) VALUES ('a')").run();
    db.write([](Connection& inner) { inner.prepare("INSERT INTO t (k) VALUES ('b')").run(); });
  });
  EXPECT_EQ(count(db), 2);
  EXPECT_EQ(commits, 1);
}

TEST(Database, EmptyBlobsStayBlobsNotNull) {
  Database db(":memory:");
  migrated(db);
  db.write([](Connection& c) { c.prepare("INSERT INTO t (k, v) VALUES ('a', ?)").bind_blob(1, "").run(); });
  bool is_null = db.read([](Connection& c) {
    auto& st = c.prepare("SELECT v FROM t");
    st.step();
    return st.column_is_null(0);
  });
  EXPECT_FALSE(is_null);
}

TEST(Database, AFileSurvivesReopeningAndReadersSeeCommittedRows) {
  auto dir = std::filesystem::temp_directory_path() / ("streamstack-db-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto path = (dir / "sub" / "data.db").string();
  {
    Database db(path);
    migrated(db);
    db.write([](Connection& c) { c.prepare("INSERT INTO t (k) VALUES ('a')").run(); });
    EXPECT_EQ(count(db), 1);  // through a separate WAL reader connection
  }
  {
    Database db(path);
    migrated(db);
    EXPECT_EQ(count(db), 1);
  }
  std::filesystem::remove_all(dir);
}
