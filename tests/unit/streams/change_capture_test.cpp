#include "fixture.h"

#include "streams/ids.h"

#include <regex>

namespace streamstack::streams::testing {
namespace {

// The AWS developer guide's sample item (Streams.Lambda.Tutorial): Keys {Id: 101} is 5 bytes,
// {Message: "New item!", Id: 101} 21, {Message: "This item has changed", Id: 101} 33.
const json kInserted = {{"Id", {{"N", "101"}}}, {"Message", {{"S", "New item!"}}}};
const json kModified = {{"Id", {{"N", "101"}}}, {"Message", {{"S", "This item has changed"}}}};
const json kKeys = {{"Id", {{"N", "101"}}}};
const json kKeySchema = json::array({{{"AttributeName", "Id"}, {"KeyType", "HASH"}}});

ChangeContext change_of(const json* old_item, const json* new_item) {
  ChangeContext change;
  change.old_item = old_item;
  change.new_item = new_item;
  change.model = kTestModel;
  change.now_ms = 1767225600999;
  return change;
}

json expected_record(const std::string& event, const std::string& view, std::size_t size,
                     const json* new_image, const json* old_image) {
  json body = {{"ApproximateCreationDateTime", 1767225600.0},
               {"Keys", kKeys},
               {"SequenceNumber", "100000000000000000007"},
               {"SizeBytes", size},
               {"StreamViewType", view}};
  if (new_image != nullptr) body["NewImage"] = *new_image;
  if (old_image != nullptr) body["OldImage"] = *old_image;
  return {{"eventID", "c4ca4238a0b923820dcc509a6f75849b"},
          {"eventName", event},
          {"eventVersion", "1.1"},
          {"eventSource", "aws:dynamodb"},
          {"awsRegion", "us-east-1"},
          {"dynamodb", body}};
}

struct Case {
  std::string view;
  std::string event;
  std::size_t size;
  bool new_image;
  bool old_image;
};

// The record as the store keeps it, parsed.
std::optional<json> record_json(const ChangeContext& change, const RecordStamp& stamp) {
  auto text = build_record(change, stamp);
  if (!text) return std::nullopt;
  return json::parse(*text);
}

class RecordShape : public ::testing::TestWithParam<Case> {};

// AWS's table of images per StreamViewType and eventName; absent images are absent keys.
TEST_P(RecordShape, KeepsExactlyTheImagesOfItsViewType) {
  const Case& c = GetParam();
  const json* old_item = c.event == "INSERT" ? nullptr : c.event == "MODIFY" ? &kInserted : &kModified;
  const json* new_item = c.event == "INSERT" ? &kInserted : c.event == "MODIFY" ? &kModified : nullptr;
  RecordStamp stamp{c.view, &kKeySchema, "us-east-1", "100000000000000000007",
                    "c4ca4238a0b923820dcc509a6f75849b"};
  auto record = record_json(change_of(old_item, new_item), stamp);
  ASSERT_TRUE(record);
  EXPECT_EQ(*record, expected_record(c.event, c.view, c.size, c.new_image ? new_item : nullptr,
                                     c.old_image ? old_item : nullptr));
}

INSTANTIATE_TEST_SUITE_P(
    AllViewTypes, RecordShape,
    ::testing::Values(Case{"KEYS_ONLY", "INSERT", 5, false, false},
                      Case{"KEYS_ONLY", "MODIFY", 5, false, false},
                      Case{"KEYS_ONLY", "REMOVE", 5, false, false},
                      Case{"NEW_IMAGE", "INSERT", 26, true, false},
                      Case{"NEW_IMAGE", "MODIFY", 38, true, false},
                      Case{"NEW_IMAGE", "REMOVE", 5, false, false},
                      Case{"OLD_IMAGE", "INSERT", 5, false, false},
                      Case{"OLD_IMAGE", "MODIFY", 26, false, true},
                      Case{"OLD_IMAGE", "REMOVE", 38, false, true},
                      Case{"NEW_AND_OLD_IMAGES", "INSERT", 26, true, false},
                      Case{"NEW_AND_OLD_IMAGES", "MODIFY", 59, true, true},
                      Case{"NEW_AND_OLD_IMAGES", "REMOVE", 38, false, true}),
    [](const auto& info) { return info.param.view + "_" + info.param.event; });

TEST(RecordShapeSize, MatchesTheAwsSamples) {
  RecordStamp stamp{"NEW_IMAGE", &kKeySchema, "us-east-1", "100000000000000000001", "x"};
  auto insert = record_json(change_of(nullptr, &kInserted), stamp);
  EXPECT_EQ((*insert)["dynamodb"]["SizeBytes"], 26);
  stamp.view_type = "NEW_AND_OLD_IMAGES";
  auto modify = record_json(change_of(&kInserted, &kModified), stamp);
  EXPECT_EQ((*modify)["dynamodb"]["SizeBytes"], 59);
}

// The text is what dump() writes of the same record: compact, members in name order.
TEST(RecordShapeText, IsCompactWithMembersInNameOrder) {
  RecordStamp stamp{"NEW_AND_OLD_IMAGES", &kKeySchema, "us-east-1", "100000000000000000001", "x\"y"};
  ChangeContext change = change_of(&kInserted, &kModified);
  change.user_identity = &kTimeToLiveIdentity;
  auto text = build_record(change, stamp);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, json::parse(*text).dump());
  EXPECT_TRUE(text->starts_with(
      R"({"awsRegion":"us-east-1","dynamodb":{"ApproximateCreationDateTime":1767225600.0,"Keys":)"))
      << *text;
}

TEST(RecordShapeNoOp, WriteThatChangesNothingHasNoRecord) {
  RecordStamp stamp{"NEW_AND_OLD_IMAGES", &kKeySchema, "us-east-1", "100000000000000000001", "x"};
  EXPECT_FALSE(record_json(change_of(&kInserted, &kInserted), stamp));
  EXPECT_FALSE(record_json(change_of(nullptr, nullptr), stamp));
}

TEST(RecordShapeIdentity, TimeToLiveDeleteCarriesLowercaseUserIdentity) {
  RecordStamp stamp{"NEW_AND_OLD_IMAGES", &kKeySchema, "us-east-1", "100000000000000000001", "x"};
  ChangeContext change = change_of(&kModified, nullptr);
  change.user_identity = &kTimeToLiveIdentity;
  auto record = record_json(change, stamp);
  EXPECT_EQ((*record)["userIdentity"],
            json({{"type", "Service"}, {"principalId", "dynamodb.amazonaws.com"}}));
  EXPECT_FALSE(record_json(change_of(&kModified, nullptr), stamp)->contains("userIdentity"));
}

TEST(RecordShapeKeys, CompositeKeysCarryBothKeyAttributes) {
  json schema = json::array({{{"AttributeName", "p"}, {"KeyType", "HASH"}},
                             {{"AttributeName", "c"}, {"KeyType", "RANGE"}}});
  json item = {{"p", {{"S", "a"}}}, {"c", {{"S", "b"}}}, {"x", {{"N", "1"}}}};
  RecordStamp stamp{"KEYS_ONLY", &schema, "us-east-1", "100000000000000000001", "x"};
  auto record = record_json(change_of(nullptr, &item), stamp);
  EXPECT_EQ((*record)["dynamodb"]["Keys"], json({{"p", {{"S", "a"}}}, {"c", {{"S", "b"}}}}));
  EXPECT_EQ((*record)["dynamodb"]["SizeBytes"], 4);
}

TEST_F(StreamsTest, CaptureAssignsStrictlyIncreasingSequenceNumbers) {
  auto stream = open("Music", "NEW_AND_OLD_IMAGES");
  std::vector<std::string> numbers;
  json item = kInserted;
  for (int i = 0; i < 5; ++i) {
    json next = item;
    next["Count"] = {{"N", std::to_string(i)}};
    numbers.push_back(*capture(stream.arn, i == 0 ? nullptr : &item, &next));
    item = next;
  }
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    EXPECT_TRUE(std::regex_match(numbers[i], std::regex("[0-9]{21,40}"))) << numbers[i];
    if (i > 0) {
      EXPECT_LT(numbers[i - 1], numbers[i]);
    }
  }
}

TEST_F(StreamsTest, CaptureRefusesAWriteThatChangesNothing) {
  auto stream = open("Music", "KEYS_ONLY");
  EXPECT_EQ(capture(stream.arn, &kInserted, &kInserted), std::nullopt);
  EXPECT_EQ(capture(stream.arn, nullptr, nullptr), std::nullopt);
  json records = call("GetRecords", {{"ShardIterator", iterator(stream.arn, "TRIM_HORIZON")}});
  EXPECT_EQ(records["Records"], json::array());
}

TEST_F(StreamsTest, DisabledStreamTakesNoMoreRecords) {
  auto stream = open("Music", "KEYS_ONLY");
  close(stream.arn);
  EXPECT_EQ(capture(stream.arn, nullptr, &kInserted), std::nullopt);
  json records = call("GetRecords", {{"ShardIterator", iterator(stream.arn, "TRIM_HORIZON")}});
  EXPECT_EQ(records, json({{"Records", json::array()}}));
}

// A writer that read the table before its stream was disabled and enabled again writes into the
// stream enabled when it commits, with that stream's view type.
TEST_F(StreamsTest, WriteAfterTheStreamWasReplacedGoesToTheNewStream) {
  auto first = open("Music", "KEYS_ONLY");
  close(first.arn);
  core::Clock::advance_for_tests(std::chrono::milliseconds(5));
  auto second = open("Music", "NEW_IMAGE");
  ASSERT_TRUE(capture(first.arn, nullptr, &kInserted));
  EXPECT_EQ(call("GetRecords", {{"ShardIterator", iterator(first.arn, "TRIM_HORIZON")}})["Records"],
            json::array());
  json records = call("GetRecords", {{"ShardIterator", iterator(second.arn, "TRIM_HORIZON")}});
  ASSERT_EQ(records["Records"].size(), 1u);
  EXPECT_EQ(records["Records"][0]["dynamodb"]["StreamViewType"], "NEW_IMAGE");
  EXPECT_EQ(records["Records"][0]["dynamodb"]["NewImage"], kInserted);
}

// Another table that reuses the name (deleted and created again) is not the writer's table.
TEST_F(StreamsTest, WriteAfterTheTableWasReplacedIsNotCaptured) {
  auto first = open("Music", "KEYS_ONLY", 1);
  close(first.arn);
  core::Clock::advance_for_tests(std::chrono::milliseconds(5));
  auto second = open("Music", "KEYS_ONLY", 2);
  EXPECT_EQ(capture(first.arn, nullptr, &kInserted), std::nullopt);
  EXPECT_EQ(call("GetRecords", {{"ShardIterator", iterator(second.arn, "TRIM_HORIZON")}})["Records"],
            json::array());
}

TEST_F(StreamsTest, CaptureForAnUnknownStreamIsABug) {
  EXPECT_THROW(capture("arn:aws:dynamodb:us-east-1:123456789012:table/No/stream/2026-01-01T00:00:00.000",
                       nullptr, &kInserted),
               std::logic_error);
}

TEST_F(StreamsTest, CapturedRecordIsServedAsWritten) {
  auto stream = open("Music", "NEW_AND_OLD_IMAGES");
  std::int64_t before = core::Clock::now_millis();
  std::string seq = *capture(stream.arn, &kInserted, &kModified);
  json records = call("GetRecords", {{"ShardIterator", iterator(stream.arn, "TRIM_HORIZON")}});
  ASSERT_EQ(records["Records"].size(), 1u);
  json record = records["Records"][0];
  EXPECT_TRUE(std::regex_match(record["eventID"].get<std::string>(), std::regex("[0-9a-f]{32}")));
  ASSERT_TRUE(record["dynamodb"]["ApproximateCreationDateTime"].is_number_float());
  double created = record["dynamodb"]["ApproximateCreationDateTime"];
  EXPECT_GE(created, static_cast<double>(before / 1000));
  EXPECT_EQ(created, static_cast<double>(static_cast<std::int64_t>(created)));
  record.erase("eventID");
  record["dynamodb"].erase("ApproximateCreationDateTime");
  json expected = expected_record("MODIFY", "NEW_AND_OLD_IMAGES", 59, &kModified, &kInserted);
  expected.erase("eventID");
  expected["dynamodb"].erase("ApproximateCreationDateTime");
  expected["dynamodb"]["SequenceNumber"] = seq;
  EXPECT_EQ(record, expected);
  EXPECT_FALSE(record.contains("eventSourceARN"));
}

}  // namespace
}  // namespace streamstack::streams::testing
