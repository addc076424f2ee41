// The item store: what a write reports (the hook for change capture) and the counts it keeps.
#include "item_test_fixture.h"

namespace streamstack::dynamodb::testing {
namespace {

using ItemStoreTest = ItemTest;

ItemChange write(ItemTest& t, const TableInfo& table, const std::optional<json>& old_item,
                 const std::optional<json>& new_item) {
  return t.db.write([&](store::Connection& c) {
    return ItemStore::write(c, table, old_item ? &*old_item : nullptr,
                            new_item ? &*new_item : nullptr);
  });
}

TEST_F(ItemStoreTest, EachWriteReportsWhatChanged) {
  json first = json::parse(R"({"a":{"S":"x"},"s":{"SS":["p","q"]}})");
  json same = json::parse(R"({"a":{"S":"x"},"s":{"SS":["q","p"]}})");
  json other = json::parse(R"({"a":{"S":"x"},"n":{"N":"1"}})");
  EXPECT_EQ(write(*this, hash, std::nullopt, first), ItemChange::kInsert);
  // Sets compare as sets: rewriting the same item changes nothing.
  EXPECT_EQ(write(*this, hash, first, same), ItemChange::kNone);
  EXPECT_EQ(*stored(hash, {{"a", {{"S", "x"}}}}), first);
  EXPECT_EQ(write(*this, hash, first, other), ItemChange::kModify);
  EXPECT_EQ(write(*this, hash, other, std::nullopt), ItemChange::kRemove);
  EXPECT_EQ(write(*this, hash, std::nullopt, std::nullopt), ItemChange::kNone);
  EXPECT_FALSE(stored(hash, {{"a", {{"S", "x"}}}}).has_value());
}

TEST_F(ItemStoreTest, PutAndEraseReadTheStoredItemFirst) {
  json item = json::parse(R"({"a":{"S":"x"}})");
  EXPECT_EQ(db.write([&](store::Connection& c) { return ItemStore::put(c, hash, item); }),
            ItemChange::kInsert);
  EXPECT_EQ(db.write([&](store::Connection& c) { return ItemStore::put(c, hash, item); }),
            ItemChange::kNone);
  EXPECT_EQ(db.write([&](store::Connection& c) { return ItemStore::erase(c, hash, item); }),
            ItemChange::kRemove);
  EXPECT_EQ(db.write([&](store::Connection& c) { return ItemStore::erase(c, hash, item); }),
            ItemChange::kNone);
}

TEST_F(ItemStoreTest, CountsFollowEveryWrite) {
  put(hash, json::parse(R"({"a":{"S":"x"},"b":{"S":"12345"}})"));  // 2 + 6 bytes
  put(hash, json::parse(R"({"a":{"S":"y"}})"));                    // 2 bytes
  EXPECT_EQ(counts(hash), std::make_pair(std::int64_t{2}, std::int64_t{10}));
  put(hash, json::parse(R"({"a":{"S":"x"}})"));
  EXPECT_EQ(counts(hash), std::make_pair(std::int64_t{2}, std::int64_t{4}));
  EXPECT_EQ(counts(range), std::make_pair(std::int64_t{0}, std::int64_t{0}));
  db.write([&](store::Connection& c) { ItemStore::delete_all(c, hash.id); });
  EXPECT_EQ(counts(hash), std::make_pair(std::int64_t{0}, std::int64_t{0}));
  EXPECT_FALSE(stored(hash, {{"a", {{"S", "y"}}}}).has_value());
}

TEST_F(ItemStoreTest, ARolledBackWriteLeavesNoTrace) {
  EXPECT_THROW(db.write([&](store::Connection& c) {
    ItemStore::put(c, hash, json::parse(R"({"a":{"S":"x"}})"));
    throw std::runtime_error("abandoned");
  }),
               std::runtime_error);
  EXPECT_EQ(counts(hash), std::make_pair(std::int64_t{0}, std::int64_t{0}));
  EXPECT_FALSE(stored(hash, {{"a", {{"S", "x"}}}}).has_value());
}

}  // namespace
}  // namespace streamstack::dynamodb::testing
