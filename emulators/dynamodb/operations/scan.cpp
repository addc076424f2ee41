// Scan: every item of a table, one page at a time, optionally one segment of a parallel scan.
#include "dynamodb/errors.h"
#include "dynamodb/index_store.h"
#include "dynamodb/item_store.h"
#include "dynamodb/operations/consumed_capacity.h"
#include "dynamodb/operations/expression_params.h"
#include "dynamodb/operations/index_query.h"
#include "dynamodb/operations/item_keys.h"
#include "dynamodb/operations/legacy_conditions.h"
#include "dynamodb/operations/read_page.h"
#include "dynamodb/operations/start_key.h"
#include "dynamodb/service.h"
#include "dynamodb/validation.h"

namespace streamstack::dynamodb {
namespace {

void check_segments(const json& input) {
  bool segment = input.contains("Segment");
  bool total = input.contains("TotalSegments");
  if (segment && !total) {
    throw validation_error(
        "The TotalSegments parameter is required but was not present in the request when Segment "
        "parameter is present");
  }
  if (!total) return;
  if (!segment) {
    throw validation_error(
        "The Segment parameter is required but was not present in the request when parameter "
        "TotalSegments is present");
  }
  auto s = input["Segment"].get<std::int64_t>();
  auto t = input["TotalSegments"].get<std::int64_t>();
  if (s >= t) {
    throw validation_error(
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: "
        "Segment: " +
        std::to_string(s) + " is not less than TotalSegments: " + std::to_string(t));
  }
}

// The segment of a parallel scan a partition belongs to: its partition key's hash, split into
// `total` equal ranges, as DynamoDB splits its hash space.
std::int64_t segment_of(std::string_view pk, std::int64_t total) {
  // FNV-1a, then MurmurHash3's finalizer: FNV alone leaves the top bits of similar keys alike.
  std::uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : pk) hash = (hash ^ c) * 1099511628211ULL;
  hash ^= hash >> 33;
  hash *= 0xff51afd7ed558ccdULL;
  hash ^= hash >> 33;
  hash *= 0xc4ceb9fe1a85ec53ULL;
  hash ^= hash >> 33;
  // 32 bits of hash times at most 2^20 segments fits in 64 bits.
  return static_cast<std::int64_t>(((hash >> 32) * static_cast<std::uint64_t>(total)) >> 32);
}

// A Scan of a secondary index, after the checks every Scan makes: its entries in stored order.
json scan_index(Env& env, const json& input, const TableInfo& table,
                const expr::Projection* projection, const expr::Condition* filter) {
  const SecondaryIndex& index = items::require_index(table, input);
  const json* start_key =
      input.contains("ExclusiveStartKey") ? &input["ExclusiveStartKey"] : nullptr;
  if (start_key != nullptr) items::check_index_start_key(table, index, *start_key);
  items::check_select_all(index, input);
  std::int64_t total = input.value("TotalSegments", std::int64_t{1});
  std::int64_t segment = input.value("Segment", std::int64_t{0});
  IndexScanRange range{index.id, std::nullopt, -1};
  if (start_key != nullptr) {
    items::check_table_start_key(table, *start_key);
    range.exclusive_start = items::index_position(table, index, *start_key);
    if (total > 1 && segment_of(range.exclusive_start->pk, total) != segment) {
      throw validation_error(
          "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use "
          "ExclusiveStartKey with correct Segment. TotalSegments: " +
          std::to_string(total) + " Segment: " + std::to_string(segment));
    }
  }
  if (projection) items::check_key_paths(table, projection->paths());
  items::check_filter_projected(table, index, input, "ScanFilter");
  items::check_projected(table, index, input, projection);
  bool fetch = items::fetches_from_table(table, index, input, projection);
  std::optional<std::int64_t> limit;
  if (input.contains("Limit")) limit = input["Limit"].get<std::int64_t>();
  if (total == 1) range.limit = limit.value_or(-1);
  items::PageReader page(items::page_key_names(table, index), limit,
                         items::page_shape(input, projection, filter, "ScanFilter"));
  std::int64_t table_bytes = 0;
  env.db.read([&](store::Connection& c) {
    IndexStore::read_index(c, range, [&](const IndexRow& row) {
      if (total > 1 && segment_of(row.pk, total) != segment) return true;
      return items::take_entry(c, table, fetch, row, page, table_bytes);
    });
  });
  return items::page_answer(page, input, table, index, table_bytes);
}

}  // namespace

json scan(Env& env, const core::RequestContext& context, json& input) {
  validate_request("Scan", input, TableNameRule::kItem);

  items::check_expression_params(input, {"ProjectionExpression", "FilterExpression"},
                                 {"AttributesToGet", "ScanFilter", "ConditionalOperator"});
  items::check_attributes_to_get(input);
  items::validate_conditions(input, "ScanFilter");
  items::validate_start_key_values(input);
  check_segments(input);
  items::check_select(input, false);
  expr::Substitutions subs = items::make_substitutions(input);
  auto filter = items::parse_condition_member(input, "FilterExpression", subs);
  auto projection = items::parse_projection_member(input, subs);
  subs.check_all_used();

  TableRef table_ref = items::require_table(env, context, input);
  const TableInfo& table = *table_ref;
  const json* start_key =
      input.contains("ExclusiveStartKey") ? &input["ExclusiveStartKey"] : nullptr;
  if (input.contains("IndexName")) {
    return scan_index(env, input, table, projection.get(), filter.get());
  }
  std::int64_t total = input.value("TotalSegments", std::int64_t{1});
  std::int64_t segment = input.value("Segment", std::int64_t{0});
  TableRange range{table.id, std::nullopt, -1};
  if (start_key != nullptr) {
    items::check_scan_start_key(table, *start_key);
    range.exclusive_start = ItemStore::encode_key(table.key, *start_key);
    if (total > 1 && segment_of(range.exclusive_start->pk, total) != segment) {
      throw validation_error(
          "The provided starting key is invalid: Invalid ExclusiveStartKey. Please use "
          "ExclusiveStartKey with correct Segment. TotalSegments: " +
          std::to_string(total) + " Segment: " + std::to_string(segment));
    }
  }
  if (projection) items::check_key_paths(table, projection->paths());

  std::optional<std::int64_t> limit;
  if (input.contains("Limit")) limit = input["Limit"].get<std::int64_t>();
  // Rows of other segments are skipped, so only an unsegmented scan can stop in SQL.
  if (total == 1) range.limit = limit.value_or(-1);
  items::PageReader page(table.key, limit,
                         items::page_shape(input, projection.get(), filter.get(), "ScanFilter"));
  env.db.read([&](store::Connection& c) {
    ItemStore::read_table(c, range, [&](const ItemRow& row) {
      if (total > 1 && segment_of(row.pk, total) != segment) return true;
      return page.take(row);
    });
  });

  return items::page_answer(page, input, table);
}

}  // namespace streamstack::dynamodb
