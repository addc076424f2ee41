#pragma once
// One page of Query or Scan results. DynamoDB reads items in key order until Limit items or
// 1 MB have been read, then filters them (so Count <= ScannedCount) and projects them; when it
// stopped because of Limit or size it returns the key of the last item read as
// LastEvaluatedKey, even if no item follows.
#include "dynamodb/catalog.h"
#include "dynamodb/expressions/expressions.h"
#include "dynamodb/item_store.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamstack::dynamodb::items {

using json = nlohmann::json;

inline constexpr std::int64_t kPageBytes = 1024 * 1024;

// Select against ProjectionExpression, AttributesToGet and IndexName, as DynamoDB refuses the
// combinations. Query reports these inside "1 validation error detected: ", Scan bare.
void check_select(const json& input, bool is_query);

// What a page keeps of each item read.
struct PageShape {
  bool count_only = false;                       // Select COUNT
  const expr::Projection* projection = nullptr;  // ProjectionExpression
  const json* attributes_to_get = nullptr;       // AttributesToGet
  const expr::Condition* filter = nullptr;       // FilterExpression
  const json* input = nullptr;                   // the request, for a legacy filter
  std::string_view legacy_filter;                // "QueryFilter" or "ScanFilter"
};

// The shape a Query or Scan request asks for: Select, AttributesToGet and its legacy filter
// member (`legacy_filter`), with its parsed ProjectionExpression and FilterExpression.
PageShape page_shape(const json& input, const expr::Projection* projection,
                     const expr::Condition* filter, std::string_view legacy_filter);

class PageReader {
 public:
  PageReader(const KeySchema& key, std::optional<std::int64_t> limit, PageShape shape);
  // A page of an index: its LastEvaluatedKey holds `key_names` (the table's and the index's
  // keys).
  PageReader(std::vector<std::string> key_names, std::optional<std::int64_t> limit,
             PageShape shape);

  // An ItemVisitor: reads one stored row; false once the page is full.
  bool take(const ItemRow& row);

  // Items (unless COUNT), Count, ScannedCount and LastEvaluatedKey.
  json finish();
  std::int64_t scanned_bytes() const { return bytes_; }

 private:
  bool full() const;
  bool matches(const json& item) const;
  json shaped(json item) const;

  std::vector<std::string> key_names_;
  std::optional<std::int64_t> limit_;
  PageShape shape_;
  json items_ = json::array();
  std::int64_t count_ = 0;
  std::int64_t scanned_ = 0;
  std::int64_t bytes_ = 0;
  json last_key_;
};

// A Query's or Scan's answer once `page` is read: its items and counts, and the read's
// ConsumedCapacity as the request asks for it.
json page_answer(PageReader& page, const json& input, const TableInfo& table);
// The same for a read of `index`; `table_bytes`: what a local index fetched from the table.
json page_answer(PageReader& page, const json& input, const TableInfo& table,
                 const SecondaryIndex& index, std::int64_t table_bytes);

}  // namespace streamstack::dynamodb::items
