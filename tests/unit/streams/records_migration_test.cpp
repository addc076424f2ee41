// A data file written before migration 202 (records keyed by ARN and shard id, numbered by
// AUTOINCREMENT) keeps its records, their order and their numbering after it.
#include "store/database.h"
#include "streams/shard_records.h"
#include "streams/stream_catalog.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace streamstack::streams {
namespace {

std::vector<store::Migration> migrations_before(int version) {
  auto all = migrations();
  std::erase_if(all, [&](const store::Migration& m) { return m.version >= version; });
  return all;
}

const nlohmann::json kKeySchema = nlohmann::json::array({{{"AttributeName", "Id"}, {"KeyType", "HASH"}}});

TEST(RecordsMigration, KeepsRecordsOrderAndNumbering) {
  store::Database db(":memory:");
  db.add_migrations(migrations_before(202));
  db.migrate();
  // Rows as the schema before 202 held them, written by hand: today's code writes the new one.
  const std::string first = "arn:aws:dynamodb:us-east-1:1:table/a/stream/2026-01-01T00:00:00.000";
  const std::string second = "arn:aws:dynamodb:us-east-1:1:table/b/stream/2026-01-01T00:00:00.000";
  db.write([&](store::Connection& c) {
    for (const auto& arn : {first, second}) {
      c.prepare(
           "INSERT INTO dynamodb_streams (stream_arn, scope, table_name, table_id, label, view_type,"
           " key_schema, status, created_ms, shard_id, starting_seq)"
           " VALUES (?, '1/us-east-1', 't', 1, 'l', 'KEYS_ONLY', ?, 'ENABLED', 1000,"
           " 'shardId-00000001000000000000-00000000', 1)")
          .bind_text(1, arn)
          .bind_text(2, kKeySchema.dump())
          .run();
    }
    auto add = [&](const std::string& arn, int n) {
      c.prepare(
           "INSERT INTO dynamodb_stream_records (stream_arn, shard_id, created_ms, record)"
           " SELECT stream_arn, shard_id, 1000, ? FROM dynamodb_streams WHERE stream_arn = ?")
          .bind_text(1, "{\"n\":" + std::to_string(n) + "}")
          .bind_text(2, arn)
          .run();
    };
    add(first, 1);
    add(second, 2);
    add(first, 3);
    add(second, 4);
    // The newest row goes, as retention would take it: its number must not come back.
    c.exec("DELETE FROM dynamodb_stream_records WHERE seq = 4");
  });

  db.add_migrations(migrations());
  db.migrate();

  db.write([&](store::Connection& c) {
    auto a = load_stream(c, first);
    auto b = load_stream(c, second);
    ASSERT_TRUE(a && b);
    EXPECT_NE(a->key, b->key);
    auto page = read_records(c, *a, 0, 10, 1 << 20);
    EXPECT_EQ(page.records, nlohmann::json::parse(R"([{"n":1},{"n":3}])"));
    EXPECT_EQ(page.next_position, 4);
    auto other = read_records(c, *b, 0, 10, 1 << 20);
    EXPECT_EQ(other.records, nlohmann::json::parse(R"([{"n":2}])"));
    EXPECT_EQ(next_record_seq(c), 5);
  });
}

TEST(RecordsMigration, NumbersAreNotReusedAfterTheNewestRecordsAreTrimmed) {
  store::Database db(":memory:");
  db.add_migrations(migrations());
  db.migrate();
  db.write([&](store::Connection& c) {
    auto opened = open_stream(c, "1/us-east-1", "a", 1, kKeySchema, "KEYS_ONLY", 1000);
    auto stream = load_stream(c, opened.arn);
    for (int i = 0; i < 3; ++i) {
      append_record(c, *stream, next_record_seq(c), 1000, "{}");
    }
    EXPECT_EQ(next_record_seq(c), 4);
    // A day later every record has expired, the newest too.
    trim_shard(c, *stream, 1000 + kRetentionMs + 1);
    EXPECT_EQ(newest_seq(c, *stream), std::nullopt);
    EXPECT_EQ(next_record_seq(c), 4);
  });
}

}  // namespace
}  // namespace streamstack::streams
