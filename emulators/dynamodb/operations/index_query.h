#pragma once
// Query and Scan of a secondary index (IndexName), checked in DynamoDB's order (dynalite's
// actions/query.js and scan.js, written against AWS, and DynamoDB Local for what they lack):
// the index and whether it can be read, the key conditions over the index's key schema,
// ExclusiveStartKey (the table's and the index's key attributes), Select against the
// projection; then the stored range the read covers.
//
// Multi-attribute keys (a global index of up to four HASH and four RANGE attributes): every
// HASH attribute needs an equality condition; RANGE attributes are conditioned left to right
// without a gap, each with equality but the last, which may use any key operator.
#include "dynamodb/catalog.h"
#include "dynamodb/expressions/expressions.h"
#include "dynamodb/index_store.h"
#include "dynamodb/operations/query_keys.h"
#include "dynamodb/operations/read_page.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace streamstack::dynamodb::items {

using json = nlohmann::json;

// input["IndexName"]'s index of `table`, readable as the request asks: "The table does not have
// the specified index: x", "Consistent reads are not supported on global secondary indexes",
// "Cannot read from backfilling global secondary index: x".
const SecondaryIndex& require_index(const TableInfo& table, const json& input);

// Checks `predicates` and `start_key` (nullptr when absent) against the index's key schema and
// returns the entries they select.
IndexPartitionRange plan_index_query(const TableInfo& table, const SecondaryIndex& index,
                                     const std::vector<KeyPredicate>& predicates,
                                     const json* start_key, bool forward, std::int64_t limit);

// A Scan's ExclusiveStartKey on an index: the count of its attributes and the index's key
// attributes (before Select is checked), then the table's (check_table_start_key).
void check_index_start_key(const TableInfo& table, const SecondaryIndex& index,
                           const json& start_key);
void check_table_start_key(const TableInfo& table, const json& start_key);
// Where in the index an ExclusiveStartKey that passed the checks points.
IndexPosition index_position(const TableInfo& table, const SecondaryIndex& index,
                             const json& start_key);

// Select ALL_ATTRIBUTES of a global index that does not project them all: "One or more
// parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global
// secondary index x because its projection type is not ALL".
void check_select_all(const SecondaryIndex& index, const json& input);
// A ProjectionExpression or AttributesToGet naming attributes a global index does not project:
// "One or more parameter values were invalid: Global secondary index x does not project [a]".
void check_projected(const TableInfo& table, const SecondaryIndex& index, const json& input,
                     const expr::Projection* projection);
// A QueryFilter or ScanFilter on an attribute the index does not project: "One or more
// parameter values were invalid: Secondary index x does not project one or more filter
// attributes: [a]".
void check_filter_projected(const TableInfo& table, const SecondaryIndex& index,
                            const json& input, std::string_view legacy_filter);
// Whether the read must fetch each item from the table: a local index asked for attributes it
// does not project (Select ALL_ATTRIBUTES, or a projection naming one), as DynamoDB does.
bool fetches_from_table(const TableInfo& table, const SecondaryIndex& index, const json& input,
                        const expr::Projection* projection);

// The attributes of a LastEvaluatedKey read from an index: the table's keys, then the index's.
std::vector<std::string> page_key_names(const TableInfo& table, const SecondaryIndex& index);

// Reads one entry into `page` (an ItemVisitor's answer); with `fetch`, the table's item in its
// place, its size added to `table_bytes`. The page counts the entry's projected size.
bool take_entry(store::Connection& c, const TableInfo& table, bool fetch, const IndexRow& row,
                PageReader& page, std::int64_t& table_bytes);

}  // namespace streamstack::dynamodb::items
