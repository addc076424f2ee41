// The secondary index store: key parts that sort as DynamoDB sorts keys, part by part; the
// entries ItemStore::write keeps for each index; their range reads.
#include "dynamodb/index_store.h"
#include "dynamodb/secondary_index.h"
#include "item_test_fixture.h"

#include <algorithm>
#include <string>
#include <vector>

namespace streamstack::dynamodb::testing {
namespace {

json S(const std::string& s) { return {{"S", s}}; }
json N(const std::string& n) { return {{"N", n}}; }
json B(const std::string& base64) { return {{"B", base64}}; }

std::string part(const json& value) { return encode_key_part(value); }

TEST(KeyParts, StringsSortByTheirBytesWhateverFollowsThem) {
  // "a" < "a\0" < "a\x01" < "ab": a part ends below any byte a longer value goes on with.
  std::vector<std::string> ordered = {part(S("a")), part(S(std::string("a\0", 2))),
                                      part(S("a\x01")), part(S("ab")), part(S("b"))};
  EXPECT_TRUE(std::is_sorted(ordered.begin(), ordered.end()));
  // Tuples: the first part decides before the second is looked at.
  EXPECT_LT(part(S("a")) + part(S("z")), part(S("ab")) + part(S("a")));
  EXPECT_LT(part(S("a")) + part(N("9")), part(S("a")) + part(N("10")));
}

TEST(KeyParts, NumbersSortByValueAndEndThemselves) {
  std::vector<std::string> ordered;
  for (const char* n : {"-100", "-1.5", "-1", "-0.5", "0", "0.001", "1", "1.5", "10", "1E+2"}) {
    ordered.push_back(part(N(n)));
  }
  EXPECT_TRUE(std::is_sorted(ordered.begin(), ordered.end()));
  EXPECT_LT(part(N("1")) + part(S("z")), part(N("1.5")) + part(S("a")));
  EXPECT_LT(part(N("-1.5")) + part(S("z")), part(N("-1")) + part(S("a")));
}

TEST(KeyParts, BinaryIsEscapedLikeStrings) {
  // AA== is one zero byte, AAE= is 0x00 0x01, AQ== is 0x01.
  EXPECT_LT(part(B("AA==")), part(B("AAE=")));
  EXPECT_LT(part(B("AAE=")), part(B("AQ==")));
}

TEST(KeyParts, APrefixBeginsEveryValueThatBeginsWithIt) {
  std::string prefix = encode_key_prefix(S("ab"));
  for (const char* value : {"ab", "abc", "ab\xff"}) {
    EXPECT_EQ(part(S(value)).rfind(prefix, 0), 0u) << value;
  }
  EXPECT_NE(part(S("a")).rfind(prefix, 0), 0u);
  EXPECT_NE(part(S("b")).rfind(prefix, 0), 0u);
}

TEST(IndexKeys, AnItemLackingAKeyAttributeOrHoldingItEmptyIsNotInTheIndex) {
  std::vector<KeyElement> keys = {{"g", "S"}, {"n", "N"}};
  EXPECT_EQ(encode_index_key(keys, {{"g", S("x")}, {"n", N("1")}}), part(S("x")) + part(N("1")));
  EXPECT_FALSE(encode_index_key(keys, {{"g", S("x")}}));
  EXPECT_FALSE(encode_index_key(keys, {{"g", N("1")}, {"n", N("1")}}));
  EXPECT_FALSE(encode_index_key(keys, {{"g", S("")}, {"n", N("1")}}));
  EXPECT_EQ(encode_index_key({}, {{"g", S("x")}}), "");
}

TEST(IndexKeys, ProjectionsKeepTheKeysAndWhatTheyName) {
  SecondaryIndex index;
  index.hash = {{"g", "S"}};
  index.projection = ProjectionType::kInclude;
  index.non_key_attributes = {"x"};
  json item = {{"a", S("1")}, {"g", S("2")}, {"x", S("3")}, {"y", S("4")}};
  EXPECT_EQ(project_item(index, {"a"}, item), json({{"a", S("1")}, {"g", S("2")}, {"x", S("3")}}));
  index.projection = ProjectionType::kKeysOnly;
  EXPECT_EQ(project_item(index, {"a"}, item), json({{"a", S("1")}, {"g", S("2")}}));
  index.projection = ProjectionType::kAll;
  EXPECT_EQ(project_item(index, {"a"}, item), item);
}

// A table keyed by a (S) with a global index on g (S) and sort n (N), INCLUDE x.
class IndexStoreTest : public ItemTest {
 protected:
  IndexStoreTest() {
    table = create_table("indexed", {"a", "S"}, std::nullopt);
    table.description["AttributeDefinitions"].push_back(
        {{"AttributeName", "g"}, {"AttributeType", "S"}});
    table.description["AttributeDefinitions"].push_back(
        {{"AttributeName", "n"}, {"AttributeType", "N"}});
    table.description["GlobalSecondaryIndexes"] = json::parse(R"([{"IndexName": "byG",
        "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"},
                      {"AttributeName": "n", "KeyType": "RANGE"}],
        "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x"]}}])");
    db.write([&](store::Connection& c) {
      catalog.update(c, table);
      c.prepare("INSERT INTO dynamodb_indexes (table_id, name, backfilled) VALUES (?, 'byG', 1)")
          .bind(1, table.id)
          .run();
      table = *catalog.find_by_id(c, table.id);
    });
  }

  WriteEffects write(const json* old_item, const json* new_item) {
    WriteEffects effects;
    db.write([&](store::Connection& c) {
      ItemStore::write(c, table, old_item, new_item, nullptr, &effects);
    });
    return effects;
  }

  // The entries of partition g = `g`, as (n, a) pairs and their projected items.
  std::vector<json> entries(const std::string& g) {
    std::vector<json> out;
    IndexPartitionRange range;
    range.index_id = table.indexes.at(0).id;
    range.pk = part(S(g));
    db.read([&](store::Connection& c) {
      IndexStore::read_partition(c, range, [&](const IndexRow& row) {
        out.push_back(json::parse(row.item));
        return true;
      });
    });
    return out;
  }

  TableInfo table;
};

TEST_F(IndexStoreTest, EntriesFollowTheirItemsAndProjectTheirAttributes) {
  json one = {{"a", S("1")}, {"g", S("x")}, {"n", N("5")}, {"x", S("kept")}, {"y", S("no")}};
  json two = {{"a", S("2")}, {"g", S("x")}, {"n", N("-1")}};
  json sparse = {{"a", S("3")}, {"g", S("x")}};
  write(nullptr, &one);
  write(nullptr, &two);
  write(nullptr, &sparse);
  EXPECT_EQ(entries("x"),
            (std::vector<json>{{{"a", S("2")}, {"g", S("x")}, {"n", N("-1")}},
                               {{"a", S("1")}, {"g", S("x")}, {"n", N("5")}, {"x", S("kept")}}}));
  // Moving the index key takes the entry to its new partition; deleting takes it away.
  json moved = one;
  moved["g"] = S("y");
  write(&one, &moved);
  EXPECT_EQ(entries("x").size(), 1u);
  EXPECT_EQ(entries("y").size(), 1u);
  write(&moved, nullptr);
  EXPECT_TRUE(entries("y").empty());
}

TEST_F(IndexStoreTest, TiesFollowTheTableKey) {
  for (const char* a : {"c", "a", "b"}) {
    json item = {{"a", S(a)}, {"g", S("x")}, {"n", N("1")}};
    write(nullptr, &item);
  }
  std::vector<std::string> order;
  for (const json& e : entries("x")) order.push_back(e["a"]["S"]);
  EXPECT_EQ(order, (std::vector<std::string>{"a", "b", "c"}));
}

TEST_F(IndexStoreTest, AWriteIsChargedOnlyToTheIndexWhoseEntryChanged) {
  json item = {{"a", S("1")}, {"g", S("x")}, {"n", N("1")}, {"y", S("not projected")}};
  WriteEffects added = write(nullptr, &item);
  ASSERT_EQ(added.indexes.size(), 1u);
  EXPECT_EQ(added.indexes[0].index, "byG");
  EXPECT_EQ(added.indexes[0].units, 1);
  json unprojected = item;
  unprojected["y"] = S("changed, but the index does not hold it");
  EXPECT_TRUE(write(&item, &unprojected).indexes.empty());
  json moved = unprojected;
  moved["n"] = N("2");
  // A new index key: the old entry deleted, the new one put, each charged.
  EXPECT_EQ(write(&unprojected, &moved).indexes.at(0).units, 2);
  EXPECT_FALSE(write(&moved, nullptr).indexes.empty());
}

TEST_F(IndexStoreTest, CountsAndSizesAreTheEntries) {
  json item = {{"a", S("1")}, {"g", S("x")}, {"n", N("1")}, {"y", S("not projected")}};
  write(nullptr, &item);
  auto [count, size] = db.read([&](store::Connection& c) {
    return IndexStore::count_and_size(c, table.indexes.at(0).id);
  });
  EXPECT_EQ(count, 1);
  // a + "1", g + "x", n + 1 (2 bytes).
  EXPECT_EQ(size, 2 + 2 + 3);
}

}  // namespace
}  // namespace streamstack::dynamodb::testing
