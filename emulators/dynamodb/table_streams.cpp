#include "dynamodb/table_streams.h"

#include "streams/change_capture.h"
#include "streams/stream_catalog.h"

namespace streamstack::dynamodb::table_streams {
namespace {

// What the stream records need from DynamoDB's item model.
const streams::ItemModel kItemModel{&item_size, &items_equal};

bool stream_enabled(const json& description) {
  auto it = description.find("StreamSpecification");
  return it != description.end() && it->value("StreamEnabled", false);
}

const std::string* latest_stream_arn(const json& description) {
  auto it = description.find("LatestStreamArn");
  return it == description.end() ? nullptr : &it->get_ref<const std::string&>();
}

}  // namespace

bool open_if_enabled(store::Connection& c, TableInfo& table, std::int64_t now_ms) {
  json& d = table.description;
  if (!stream_enabled(d)) return false;
  auto opened = streams::open_stream(
      c, table.scope, table.name, table.id, d["KeySchema"],
      d["StreamSpecification"]["StreamViewType"].get<std::string>(), now_ms);
  d["LatestStreamArn"] = opened.arn;
  d["LatestStreamLabel"] = opened.label;
  return true;
}

void apply_change(store::Connection& c, const json& before, TableInfo& table,
                  std::int64_t now_ms) {
  bool was = stream_enabled(before);
  bool is = stream_enabled(table.description);
  if (was && !is) {
    if (const std::string* arn = latest_stream_arn(before)) streams::close_stream(c, *arn, now_ms);
  } else if (!was && is) {
    open_if_enabled(c, table, now_ms);
  }
}

void close_enabled(store::Connection& c, const TableInfo& table, std::int64_t now_ms) {
  if (!stream_enabled(table.description)) return;
  if (const std::string* arn = latest_stream_arn(table.description)) {
    streams::close_stream(c, *arn, now_ms);
  }
}

void capture(store::Connection& c, const TableInfo& table, const json* old_item,
             const json* new_item, const streams::UserIdentity* identity) {
  if (!stream_enabled(table.description)) return;
  const std::string* arn = latest_stream_arn(table.description);
  if (arn == nullptr) return;
  streams::ChangeContext change;
  change.stream_arn = *arn;
  change.old_item = old_item;
  change.new_item = new_item;
  change.model = kItemModel;
  change.user_identity = identity;
  streams::capture_change(c, change);
}

}  // namespace streamstack::dynamodb::table_streams
