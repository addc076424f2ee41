#include "dynamodb/operations/read_page.h"

#include "dynamodb/errors.h"
#include "dynamodb/operations/consumed_capacity.h"
#include "dynamodb/operations/item_keys.h"
#include "dynamodb/operations/legacy_conditions.h"

#include <string>

namespace streamstack::dynamodb::items {
namespace {

bool has(const json& input, std::string_view member) {
  auto it = input.find(member);
  return it != input.end() && !it->is_null();
}

}  // namespace

PageShape page_shape(const json& input, const expr::Projection* projection,
                     const expr::Condition* filter, std::string_view legacy_filter) {
  PageShape shape;
  shape.count_only = input.value("Select", "") == "COUNT";
  shape.projection = projection;
  shape.attributes_to_get = input.contains("AttributesToGet") ? &input["AttributesToGet"] : nullptr;
  shape.filter = filter;
  shape.input = &input;
  shape.legacy_filter = legacy_filter;
  return shape;
}

json page_answer(PageReader& page, const json& input, const TableInfo& table) {
  json output = page.finish();
  bool consistent = input.value("ConsistentRead", false);
  add_consumed_capacity(output, capacity_mode(input), table.name,
                        read_units(page.scanned_bytes(), consistent));
  return output;
}

json page_answer(PageReader& page, const json& input, const TableInfo& table,
                 const SecondaryIndex& index, std::int64_t table_bytes) {
  json output = page.finish();
  bool consistent = input.value("ConsistentRead", false);
  CapacityMode mode = capacity_mode(input);
  if (mode == CapacityMode::kNone) return output;
  double table_units = table_bytes > 0 ? read_units(table_bytes, consistent) : 0;
  output["ConsumedCapacity"] =
      index_read_capacity(mode, table.name, index.name, index.global,
                          read_units(page.scanned_bytes(), consistent), table_units);
  return output;
}

void check_select(const json& input, bool is_query) {
  std::string select = input.value("Select", "");
  bool projection = has(input, "ProjectionExpression");
  bool attributes = has(input, "AttributesToGet");
  if (!select.empty() && select != "SPECIFIC_ATTRIBUTES" && (projection || attributes)) {
    std::string what = select == "COUNT" ? "only the Count" : select;
    std::string message = std::string("Cannot specify the ") +
                          (projection ? "ProjectionExpression" : "AttributesToGet") +
                          " when choosing to get " + what;
    // Captured against AWS: Query wraps this one in the constraint envelope, Scan does not.
    throw validation_error(is_query ? "1 validation error detected: " + message : message);
  }
  if (select == "ALL_PROJECTED_ATTRIBUTES" && !has(input, "IndexName")) {
    // AWS says "Querying" on a Scan as well.
    throw validation_error(
        "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
  }
  if (select == "SPECIFIC_ATTRIBUTES" && !projection && !attributes) {
    throw validation_error(
        "Must specify the AttributesToGet or ProjectionExpression when choosing to get "
        "SPECIFIC_ATTRIBUTES");
  }
}

PageReader::PageReader(const KeySchema& key, std::optional<std::int64_t> limit, PageShape shape)
    : limit_(limit), shape_(shape) {
  key_names_.push_back(key.hash.name);
  if (key.range) key_names_.push_back(key.range->name);
}

PageReader::PageReader(std::vector<std::string> key_names, std::optional<std::int64_t> limit,
                       PageShape shape)
    : key_names_(std::move(key_names)), limit_(limit), shape_(shape) {}

bool PageReader::full() const { return (limit_ && scanned_ >= *limit_) || bytes_ >= kPageBytes; }

bool PageReader::matches(const json& item) const {
  if (shape_.filter != nullptr) return shape_.filter->evaluate(item);
  if (shape_.input != nullptr && !shape_.legacy_filter.empty()) {
    return matches_conditions(*shape_.input, shape_.legacy_filter, item);
  }
  return true;
}

json PageReader::shaped(json item) const {
  if (shape_.projection != nullptr) return shape_.projection->apply(item);
  if (shape_.attributes_to_get != nullptr) return pick_attributes(item, *shape_.attributes_to_get);
  return item;
}

bool PageReader::take(const ItemRow& row) {
  if (full()) return false;
  json item = json::parse(row.item);
  ++scanned_;
  bytes_ += row.size;
  last_key_ = json::object();
  for (const std::string& name : key_names_) last_key_[name] = item.at(name);
  if (matches(item)) {
    ++count_;
    if (!shape_.count_only) items_.push_back(shaped(std::move(item)));
  }
  return !full();
}

json PageReader::finish() {
  json output = json::object();
  if (!shape_.count_only) output["Items"] = std::move(items_);
  output["Count"] = count_;
  output["ScannedCount"] = scanned_;
  if (full() && scanned_ > 0) output["LastEvaluatedKey"] = last_key_;
  return output;
}

}  // namespace streamstack::dynamodb::items
