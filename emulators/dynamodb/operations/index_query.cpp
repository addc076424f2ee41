#include "dynamodb/operations/index_query.h"

#include "core/clock.h"
#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/item_store.h"
#include "dynamodb/operations/item_keys.h"
#include "dynamodb/operations/legacy_conditions.h"

#include <algorithm>

namespace streamstack::dynamodb::items {
namespace {

constexpr const char* kInvalidStartKey = "The provided starting key is invalid";

core::ApiError missed(const std::string& attribute) {
  return validation_error("Query condition missed key schema element: " + attribute);
}

// moto's text for a RANGE attribute skipped before a conditioned one (its tests of
// multi-attribute keys ran against AWS and check that the skipped attribute is named); the same
// words here for one conditioned otherwise than with equality.
core::ApiError needs_equality(const std::string& attribute, const std::string& later) {
  return validation_error("RANGE key attributes " + attribute +
                          " must have equality conditions specified in the query because a "
                          "condition is present on key attribute " +
                          later);
}

bool named(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string listed(const std::vector<std::string>& names) {
  std::string text = "[";
  for (std::size_t i = 0; i < names.size(); ++i) text += (i > 0 ? ", " : "") + names[i];
  return text + "]";
}

// The top-level attributes a read asks for: its ProjectionExpression's, or AttributesToGet.
std::vector<std::string> requested_attributes(const json& input,
                                              const expr::Projection* projection) {
  std::vector<std::string> names;
  auto add = [&](const std::string& name) {
    if (!named(names, name)) names.push_back(name);
  };
  if (projection != nullptr) {
    for (const expr::Path& path : projection->paths()) add(path.front().name);
  } else if (input.contains("AttributesToGet")) {
    for (const json& name : input["AttributesToGet"]) add(name.get<std::string>());
  }
  return names;
}

std::vector<std::string> not_projected(const TableInfo& table, const SecondaryIndex& index,
                                       const std::vector<std::string>& names) {
  std::vector<std::string> missing;
  std::vector<std::string> keys = table.key_names();
  for (const std::string& name : names) {
    if (!index.projects(name, keys)) missing.push_back(name);
  }
  return missing;
}

// The range conditions in key order; the last one may be any key operator.
std::vector<const KeyPredicate*> range_predicates(const SecondaryIndex& index,
                                                  const std::vector<KeyPredicate>& predicates) {
  std::vector<const KeyPredicate*> out;
  for (const KeyElement& element : index.range) {
    const KeyPredicate* p = find_predicate(predicates, element.name);
    if (p == nullptr) break;
    out.push_back(p);
  }
  return out;
}

// The hash conditions, then the range conditions left to right, as dynalite's traverseKey
// checks one key attribute after the other (the start key's value, then its condition).
void check_conditions(const SecondaryIndex& index, const std::vector<KeyPredicate>& predicates,
                      const json* start_key) {
  std::size_t unknown = std::count_if(predicates.begin(), predicates.end(),
                                      [&](const KeyPredicate& p) {
                                        return !index.is_key_attribute(p.attribute);
                                      });
  for (const KeyElement& element : index.hash) {
    if (start_key != nullptr) check_start_key_piece(*start_key, element, true);
    if (index.range.empty() && predicates.size() > index.hash.size()) {
      throw validation_error("Query key condition not supported");
    }
    const KeyPredicate* p = find_predicate(predicates, element.name);
    if (p == nullptr) throw missed(element.name);
    check_predicate(*p, element, true);
  }
  bool ended = false;
  for (std::size_t i = 0; i < index.range.size(); ++i) {
    const KeyElement& element = index.range[i];
    if (start_key != nullptr) check_start_key_piece(*start_key, element, false);
    if (ended) continue;
    const KeyPredicate* p = find_predicate(predicates, element.name);
    auto later = [&]() -> const KeyElement* {
      for (std::size_t j = i + 1; j < index.range.size(); ++j) {
        if (find_predicate(predicates, index.range[j].name)) return &index.range[j];
      }
      return nullptr;
    };
    if (p == nullptr) {
      if (unknown > 0) throw missed(element.name);
      if (const KeyElement* next = later()) throw needs_equality(element.name, next->name);
      ended = true;
      continue;
    }
    check_predicate(*p, element, false);
    if (p->op != "EQ") {
      if (const KeyElement* next = later()) throw needs_equality(element.name, next->name);
    }
  }
  if (unknown > 0) throw validation_error("Query key condition not supported");
}

// The start key against the conditions (dynalite's actions/query.js).
void check_start_key_bounds(const SecondaryIndex& index,
                            const std::vector<KeyPredicate>& predicates, const json& start_key) {
  bool same_partition = true;
  for (const KeyElement& element : index.hash) {
    same_partition &= attribute_values_equal(start_key.at(element.name),
                                             find_predicate(predicates, element.name)->values[0]);
  }
  std::vector<const KeyPredicate*> ranges = range_predicates(index, predicates);
  if (ranges.empty()) {
    if (!same_partition) {
      throw validation_error(
          "The provided starting key is outside query boundaries based on provided conditions");
    }
    return;
  }
  for (const KeyPredicate* p : ranges) {
    if (!compare(p->op, &start_key.at(p->attribute), p->values)) {
      throw validation_error("The provided starting key does not match the range key predicate");
    }
  }
  if (!same_partition) {
    throw validation_error("The query can return at most one row and cannot be restarted");
  }
}

// The index sort key range the range conditions select: equal leading parts, then the last
// condition's bounds on the next part (every part is self-delimiting, so "starts with the
// parts" is a byte range).
void set_sort_key_bounds(IndexPartitionRange& range, const std::vector<const KeyPredicate*>& ps) {
  if (ps.empty()) return;
  std::string prefix;
  for (std::size_t i = 0; i + 1 < ps.size(); ++i) prefix += encode_key_part(ps[i]->values.at(0));
  const KeyPredicate& last = *ps.back();
  auto at_least = [&](std::string sk) { range.lower = SortKeyBound{std::move(sk), true}; };
  auto below = [&](std::string sk) {
    if (!sk.empty()) range.upper = SortKeyBound{std::move(sk), false};
  };
  if (last.op == "BEGINS_WITH") {
    std::string start = prefix + encode_key_prefix(last.values.at(0));
    below(successor(start));
    at_least(std::move(start));
    return;
  }
  std::string value = prefix + encode_key_part(last.values.at(0));
  const std::string& op = last.op;
  if (op == "EQ") {
    at_least(value);
    below(successor(value));
  } else if (op == "LT" || op == "LE") {
    if (!prefix.empty()) at_least(prefix);
    below(op == "LT" ? value : successor(value));
  } else if (op == "GT" || op == "GE") {
    if (!prefix.empty()) below(successor(prefix));
    at_least(op == "GE" ? value : successor(value));
  } else if (op == "BETWEEN") {
    at_least(value);
    below(successor(prefix + encode_key_part(last.values.at(1))));
  }
}

}  // namespace

const SecondaryIndex& require_index(const TableInfo& table, const json& input) {
  const std::string& name = input["IndexName"].get_ref<const std::string&>();
  const SecondaryIndex* index = table.index(name);
  if (index == nullptr || index->deleting) {
    throw validation_error("The table does not have the specified index: " + name);
  }
  if (index->global && input.value("ConsistentRead", false)) {
    throw validation_error("Consistent reads are not supported on global secondary indexes");
  }
  if (index->global && !index->active(core::Clock::now_millis())) {
    throw validation_error("Cannot read from backfilling global secondary index: " + name);
  }
  return *index;
}

IndexPartitionRange plan_index_query(const TableInfo& table, const SecondaryIndex& index,
                                     const std::vector<KeyPredicate>& predicates,
                                     const json* start_key, bool forward, std::int64_t limit) {
  if (start_key != nullptr && start_key->size() != page_key_names(table, index).size()) {
    throw validation_error(kInvalidStartKey);
  }
  check_conditions(index, predicates, start_key);
  if (start_key != nullptr) {
    check_table_start_key(table, *start_key);
    check_start_key_bounds(index, predicates, *start_key);
  }
  IndexPartitionRange range;
  range.index_id = index.id;
  for (const KeyElement& element : index.hash) {
    range.pk += encode_key_part(find_predicate(predicates, element.name)->values.at(0));
  }
  set_sort_key_bounds(range, range_predicates(index, predicates));
  range.forward = forward;
  range.limit = limit;
  if (start_key != nullptr) range.exclusive_start = index_position(table, index, *start_key);
  return range;
}

void check_index_start_key(const TableInfo& table, const SecondaryIndex& index,
                           const json& start_key) {
  if (start_key.size() != page_key_names(table, index).size()) {
    throw validation_error(kInvalidStartKey);
  }
  for (const KeyElement& element : index.hash) check_start_key_piece(start_key, element, true);
  for (const KeyElement& element : index.range) check_start_key_piece(start_key, element, false);
}

void check_table_start_key(const TableInfo& table, const json& start_key) {
  json key = json::object();
  for (const std::string& name : table.key_names()) {
    if (start_key.contains(name)) key[name] = start_key[name];
  }
  try {
    validate_key(table, key);
  } catch (const core::ApiError& e) {
    if (e.code() != "ValidationException") throw;
    throw validation_error(std::string(kInvalidStartKey) + ": " + e.message());
  }
}

IndexPosition index_position(const TableInfo& table, const SecondaryIndex& index,
                             const json& start_key) {
  EncodedKey base = ItemStore::encode_key(table.key, start_key);
  return {encode_index_key(index.hash, start_key).value_or(""),
          encode_index_key(index.range, start_key).value_or(""), std::move(base.pk),
          std::move(base.sk)};
}

void check_select_all(const SecondaryIndex& index, const json& input) {
  if (!index.global || index.projection == ProjectionType::kAll) return;
  if (input.value("Select", "") != "ALL_ATTRIBUTES") return;
  throw invalid_parameter("Select type ALL_ATTRIBUTES is not supported for global secondary "
                          "index " +
                          index.name + " because its projection type is not ALL");
}

void check_projected(const TableInfo& table, const SecondaryIndex& index, const json& input,
                     const expr::Projection* projection) {
  if (!index.global || input.value("Select", "") == "COUNT") return;
  std::vector<std::string> missing =
      not_projected(table, index, requested_attributes(input, projection));
  if (missing.empty()) return;
  throw invalid_parameter("Global secondary index " + index.name + " does not project " +
                          listed(missing));
}

void check_filter_projected(const TableInfo& table, const SecondaryIndex& index,
                            const json& input, std::string_view legacy_filter) {
  auto filter = input.find(legacy_filter);
  if (filter == input.end()) return;
  std::vector<std::string> names;
  for (const auto& [name, condition] : filter->items()) names.push_back(name);
  std::vector<std::string> missing = not_projected(table, index, names);
  if (missing.empty()) return;
  std::sort(missing.begin(), missing.end());
  throw invalid_parameter("Secondary index " + index.name +
                          " does not project one or more filter attributes: " + listed(missing));
}

bool fetches_from_table(const TableInfo& table, const SecondaryIndex& index, const json& input,
                        const expr::Projection* projection) {
  if (index.global || index.projection == ProjectionType::kAll) return false;
  std::string select = input.value("Select", "");
  if (select == "COUNT") return false;
  if (select == "ALL_ATTRIBUTES") return true;
  return !not_projected(table, index, requested_attributes(input, projection)).empty();
}

std::vector<std::string> page_key_names(const TableInfo& table, const SecondaryIndex& index) {
  std::vector<std::string> names = table.key_names();
  for (const auto* part : {&index.hash, &index.range}) {
    for (const KeyElement& element : *part) {
      if (!named(names, element.name)) names.push_back(element.name);
    }
  }
  return names;
}

bool take_entry(store::Connection& c, const TableInfo& table, bool fetch, const IndexRow& row,
                PageReader& page, std::int64_t& table_bytes) {
  if (!fetch) return page.take(ItemRow{row.base_pk, row.base_sk, row.item, row.size});
  auto stored = ItemStore::get_stored(
      c, table.id, EncodedKey{std::string(row.base_pk), std::string(row.base_sk)});
  if (!stored) return true;
  table_bytes += stored->size;
  return page.take(ItemRow{row.base_pk, row.base_sk, stored->item, row.size});
}

}  // namespace streamstack::dynamodb::items
