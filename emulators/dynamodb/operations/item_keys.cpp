#include "dynamodb/operations/item_keys.h"

#include "core/base64.h"
#include "core/clock.h"
#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"

#include <algorithm>

namespace streamstack::dynamodb::items {
namespace {

constexpr const char* kKeyMismatch = "The provided key element does not match the schema";

// Secondary index key attributes and the types AttributeDefinitions give them.
struct IndexKey {
  std::string index;
  std::string attribute;
  std::string type;
};

std::string defined_type(const json& description, const std::string& attribute) {
  auto defs = description.find("AttributeDefinitions");
  if (defs == description.end()) return "";
  for (const json& def : *defs) {
    if (def.value("AttributeName", "") == attribute) return def.value("AttributeType", "");
  }
  return "";
}

// In the order DynamoDB checks them: global indexes last to first, every key attribute, then
// local indexes last to first, their range key only.
std::vector<IndexKey> index_keys(const TableInfo& table) {
  std::vector<IndexKey> keys;
  const json& d = table.description;
  for (const char* kind : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
    auto indexes = d.find(kind);
    if (indexes == d.end() || !indexes->is_array()) continue;
    bool local = std::string_view(kind) == "LocalSecondaryIndexes";
    for (auto it = indexes->rbegin(); it != indexes->rend(); ++it) {
      // An index being deleted (--table-delay-ms shows it DELETING) no longer takes writes.
      if (it->value("IndexStatus", "") == "DELETING") continue;
      const json& schema = it->value("KeySchema", json::array());
      for (std::size_t i = local ? 1 : 0; i < schema.size(); ++i) {
        std::string attribute = schema[i].value("AttributeName", "");
        keys.push_back({it->value("IndexName", ""), attribute, defined_type(d, attribute)});
      }
    }
  }
  return keys;
}

bool empty_value(const json& value) {
  std::string_view type = attribute_type(value);
  const json& v = value.begin().value();
  if (type == "S") return v.get_ref<const std::string&>().empty();
  if (type == "B") return core::base64_decode(v.get_ref<const std::string&>()).empty();
  return false;
}

void check_index_keys(const TableInfo& table, const json& item) {
  for (const IndexKey& key : index_keys(table)) {
    auto it = item.find(key.attribute);
    if (it == item.end()) continue;
    std::string_view actual = attribute_type(*it);
    if (actual != key.type) {
      throw invalid_parameter("Type mismatch for Index Key " + key.attribute +
                              " Expected: " + key.type + " Actual: " + std::string(actual) +
                              " IndexName: " + key.index);
    }
    if (empty_value(*it)) {
      throw validation_error(
          "One or more parameter values are not valid. A value specified for a secondary index "
          "key is not supported. The AttributeValue for a key attribute cannot contain an empty " +
          std::string(actual == "S" ? "string" : "binary") + " value. IndexName: " + key.index +
          ", IndexKey: " + key.attribute);
    }
  }
}

}  // namespace

TableRef require_table(Env& env, const core::RequestContext& context, const json& input) {
  TableRef table = env.catalog.find_shared(context, input.at("TableName").get_ref<const std::string&>());
  if (!table) throw resource_not_found();
  // Item operations do not see a table until it is ACTIVE, nor once it is being deleted.
  bool transient = table->status == "CREATING" || table->status == "DELETING";
  if (transient && core::Clock::now_millis() < table->status_until_ms) throw resource_not_found();
  return table;
}

void check_key_value(const std::string& name, const json& value, bool is_hash) {
  std::string_view type = attribute_type(value);
  if (type == "N") return;
  const auto& text = value.begin().value().get_ref<const std::string&>();
  std::size_t size = type == "B" ? core::base64_decode(text).size() : text.size();
  if (size == 0) {
    throw validation_error(
        "One or more parameter values are not valid. The AttributeValue for a key attribute "
        "cannot contain an empty " +
        std::string(type == "S" ? "string" : "binary") + " value. Key: " + name);
  }
  if (is_hash && size > 2048) {
    throw invalid_parameter("Size of hashkey has exceeded the maximum size limit of2048 bytes");
  }
  if (!is_hash && size > 1024) {
    throw invalid_parameter(
        "Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
  }
}

void validate_item_keys(const TableInfo& table, const json& item) {
  auto check = [&](const KeyElement& element, bool is_hash) {
    auto it = item.find(element.name);
    if (it == item.end()) {
      throw invalid_parameter("Missing the key " + element.name + " in the item");
    }
    std::string_view actual = attribute_type(*it);
    if (actual != element.type) {
      throw invalid_parameter("Type mismatch for key " + element.name +
                              " expected: " + element.type + " actual: " + std::string(actual));
    }
    check_key_value(element.name, *it, is_hash);
  };
  check(table.key.hash, true);
  if (table.key.range) check(*table.key.range, false);
  check_index_keys(table, item);
}

void validate_batch_item_keys(const TableInfo& table, const json& item) {
  auto check = [&](const KeyElement& element, bool is_hash) {
    auto it = item.find(element.name);
    if (it == item.end() || attribute_type(*it) != element.type) {
      throw validation_error(kKeyMismatch);
    }
    check_key_value(element.name, *it, is_hash);
  };
  check(table.key.hash, true);
  if (table.key.range) check(*table.key.range, false);
  check_index_keys(table, item);
}

void validate_key(const TableInfo& table, const json& key) {
  std::size_t expected = table.key.range ? 2 : 1;
  if (!key.is_object() || key.size() != expected) throw validation_error(kKeyMismatch);
  auto check = [&](const KeyElement& element, bool is_hash) {
    auto it = key.find(element.name);
    if (it == key.end() || attribute_type(*it) != element.type) {
      throw validation_error(kKeyMismatch);
    }
    check_key_value(element.name, *it, is_hash);
  };
  check(table.key.hash, true);
  if (table.key.range) check(*table.key.range, false);
}

json key_of(const KeySchema& schema, const json& item) {
  json key = json::object();
  key[schema.hash.name] = item.at(schema.hash.name);
  if (schema.range) key[schema.range->name] = item.at(schema.range->name);
  return key;
}

bool is_key_attribute(const KeySchema& schema, std::string_view name) {
  return schema.hash.name == name || (schema.range && schema.range->name == name);
}

std::vector<std::string> index_key_attributes(const TableInfo& table) {
  std::vector<std::string> names;
  for (const IndexKey& key : index_keys(table)) names.push_back(key.attribute);
  return names;
}

void check_key_paths(const TableInfo& table, const std::vector<expr::Path>& paths) {
  auto nested_through = [&](const std::string& name) {
    return std::any_of(paths.begin(), paths.end(), [&](const expr::Path& path) {
      return path.size() > 1 && path.front().name == name && !path.front().index;
    });
  };
  constexpr const char* kScalars =
      "Key attributes must be scalars; list random access '[]' and map lookup '.' are not "
      "allowed: ";
  if (nested_through(table.key.hash.name)) {
    throw validation_error(kScalars + std::string("Key: ") + table.key.hash.name);
  }
  if (table.key.range && nested_through(table.key.range->name)) {
    throw validation_error(kScalars + std::string("Key: ") + table.key.range->name);
  }
  for (const std::string& name : index_key_attributes(table)) {
    if (nested_through(name)) throw validation_error(kScalars + std::string("IndexKey: ") + name);
  }
}

}  // namespace streamstack::dynamodb::items
