#include "dynamodb/operations/key_schema_rules.h"

#include "dynamodb/errors.h"

#include <algorithm>
#include <vector>

namespace streamstack::dynamodb::tables {
namespace {

constexpr std::size_t kMaxKeyAttributes = 4;

std::vector<std::string> attribute_names(const json& elements) {
  std::vector<std::string> names;
  for (const auto& e : elements) names.push_back(e.value("AttributeName", ""));
  return names;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) text += (i > 0 ? ", " : "") + names[i];
  return text;
}

core::ApiError undefined_keys(const std::vector<std::string>& keys,
                              const std::vector<std::string>& definitions) {
  return invalid_parameter(
      "Some index key attributes are not defined in AttributeDefinitions. Keys: [" + joined(keys) +
      "], AttributeDefinitions: [" + joined(definitions) + "]");
}

// The HASH-then-RANGE shape every key schema must have.
void check_key_order(const json& key_schema) {
  if (key_schema.size() == 2 &&
      key_schema[0].value("AttributeName", "") == key_schema[1].value("AttributeName", "")) {
    throw validation_error(
        "Both the Hash Key and the Range Key element in the KeySchema have the same name");
  }
  if (key_schema[0].value("KeyType", "") != "HASH") {
    throw validation_error("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
  }
  if (key_schema.size() == 2 && key_schema[1].value("KeyType", "") != "RANGE") {
    throw validation_error(
        "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
  }
}

void check_projection(const json& projection) {
  auto type = projection.find("ProjectionType");
  if (type == projection.end()) throw invalid_parameter("Unknown ProjectionType: null");
  const std::string& name = type->get_ref<const std::string&>();
  auto non_key = projection.find("NonKeyAttributes");
  if (non_key != projection.end() && name != "INCLUDE") {
    throw invalid_parameter("ProjectionType is " + name + ", but NonKeyAttributes is specified");
  }
  if (non_key == projection.end() && name == "INCLUDE") {
    throw invalid_parameter("ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
  }
  if (non_key != projection.end()) {
    std::set<std::string> seen;
    for (const auto& attribute : *non_key) {
      if (!seen.insert(attribute.get<std::string>()).second) {
        throw invalid_parameter("Duplicate element in NonKeyAttributes: " +
                                attribute.get<std::string>());
      }
    }
  }
}

// A global index's key schema of more than one attribute may name up to four HASH and four
// RANGE attributes (multi-attribute keys, November 2025); the first is a HASH. Wording beyond
// the two-element rules is not recorded from AWS.
void check_global_key_order(const json& key_schema, const std::string& index_name) {
  if (key_schema[0].value("KeyType", "") != "HASH") check_key_order(key_schema);
  std::size_t hash = 0;
  std::set<std::string> seen;
  for (const auto& element : key_schema) {
    hash += element.value("KeyType", "") == "HASH";
    std::string name = element.value("AttributeName", "");
    if (!seen.insert(name).second) {
      if (key_schema.size() == 2) check_key_order(key_schema);
      throw invalid_parameter("Duplicate KeySchema attribute name: " + name +
                              " for index: " + index_name);
    }
  }
  if (hash > kMaxKeyAttributes || key_schema.size() - hash > kMaxKeyAttributes) {
    throw invalid_parameter(
        "KeySchema of a global secondary index has at most 4 HASH and 4 RANGE attributes for "
        "index: " + index_name);
  }
}

// The checks a local and a global index share, up to its projection.
void check_index(const json& index, const std::vector<std::string>& definitions, bool global) {
  const json& key_schema = index["KeySchema"];
  auto keys = attribute_names(key_schema);
  if (std::any_of(keys.begin(), keys.end(),
                  [&](const std::string& k) { return !contains(definitions, k); })) {
    throw undefined_keys(keys, definitions);
  }
  if (global) {
    check_global_key_order(key_schema, index["IndexName"].get<std::string>());
  } else {
    check_key_order(key_schema);
  }
}

void claim_name(const json& index, std::set<std::string>& names) {
  const std::string& name = index["IndexName"].get_ref<const std::string&>();
  if (!names.insert(name).second) throw invalid_parameter("Duplicate index name: " + name);
}

}  // namespace

void check_attribute_definitions(const json& definitions) {
  std::set<std::string> seen;
  for (const auto& name : attribute_names(definitions)) {
    if (!seen.insert(name).second) {
      throw validation_error("Attribute Name is duplicated: " + name);
    }
  }
}

void check_table_key_schema(const json& key_schema, const json& definitions) {
  auto keys = attribute_names(key_schema);
  auto defined = attribute_names(definitions);
  bool undefined = std::any_of(keys.begin(), keys.end(),
                               [&](const std::string& k) { return !contains(defined, k); });
  // With two keys AWS answers in other words, also when both keys name the one definition.
  if (keys.size() == 2 && (undefined || (keys[0] == keys[1] && defined.size() == 1))) {
    throw validation_error("Invalid KeySchema: Some index key attribute have no definition");
  }
  if (keys.size() == 1 && undefined) throw undefined_keys(keys, defined);
  check_key_order(key_schema);
}

void check_index_lists_not_empty(const json& input) {
  for (const char* list : {"LocalSecondaryIndexes", "GlobalSecondaryIndexes"}) {
    auto it = input.find(list);
    if (it != input.end() && it->empty()) {
      throw invalid_parameter(std::string("List of ") + list + " is empty");
    }
  }
}

void check_local_secondary_indexes(const json& indexes, const json& table_key_schema,
                                   const json& definitions, std::set<std::string>& names) {
  if (table_key_schema.size() != 2) {
    throw invalid_parameter(
        "Table KeySchema does not have a range key, which is required when specifying a "
        "LocalSecondaryIndex");
  }
  auto defined = attribute_names(definitions);
  std::string table_hash = table_key_schema[0].value("AttributeName", "");
  for (const auto& index : indexes) {
    check_index(index, defined, false);
    const std::string& name = index["IndexName"].get_ref<const std::string&>();
    const json& key_schema = index["KeySchema"];
    if (key_schema.size() != 2) {
      throw invalid_parameter("Index KeySchema does not have a range key for index: " + name);
    }
    std::string index_hash = key_schema[0].value("AttributeName", "");
    if (index_hash != table_hash) {
      throw invalid_parameter(
          "Index KeySchema does not have the same leading hash key as table KeySchema for "
          "index: " +
          name + ". index hash key: " + index_hash + ", table hash key: " + table_hash);
    }
    check_projection(index["Projection"]);
    claim_name(index, names);
  }
  if (indexes.size() > 5) {
    throw invalid_parameter("Number of LocalSecondaryIndexes exceeds per-table limit of 5");
  }
}

void check_global_secondary_indexes(const json& indexes, const json& definitions,
                                    std::string_view billing_mode, std::set<std::string>& names) {
  auto defined = attribute_names(definitions);
  for (const auto& index : indexes) {
    check_index(index, defined, true);
    check_projection(index["Projection"]);
    const std::string& name = index["IndexName"].get_ref<const std::string&>();
    bool has_throughput = index.contains("ProvisionedThroughput");
    if (billing_mode == "PAY_PER_REQUEST" && has_throughput) {
      throw invalid_parameter("ProvisionedThroughput should not be specified for index: " + name +
                              " when BillingMode is PAY_PER_REQUEST");
    }
    if (billing_mode != "PAY_PER_REQUEST" && !has_throughput) {
      throw invalid_parameter("ProvisionedThroughput is not specified for index: " + name);
    }
    claim_name(index, names);
  }
  if (indexes.size() > 20) {
    throw invalid_parameter("GlobalSecondaryIndex count exceeds the per-table limit of 20");
  }
}

void check_definitions_used(const json& input) {
  const json& definitions = input["AttributeDefinitions"];
  std::vector<std::string> used;
  auto use = [&](const json& key_schema) {
    for (const auto& name : attribute_names(key_schema)) {
      if (!contains(used, name)) used.push_back(name);
    }
  };
  use(input["KeySchema"]);
  bool has_indexes = false;
  for (const char* list : {"LocalSecondaryIndexes", "GlobalSecondaryIndexes"}) {
    if (!input.contains(list)) continue;
    has_indexes = true;
    for (const auto& index : input[list]) use(index["KeySchema"]);
  }
  auto defined = attribute_names(definitions);
  if (!has_indexes) {
    if (defined.size() != used.size()) {
      throw invalid_parameter(
          "Number of attributes in KeySchema does not exactly match number of attributes "
          "defined in AttributeDefinitions");
    }
    return;
  }
  for (const auto& name : defined) {
    if (!contains(used, name)) {
      throw invalid_parameter("Some AttributeDefinitions are not used. AttributeDefinitions: [" +
                              joined(defined) + "], keys used: [" + joined(used) + "]");
    }
  }
}

}  // namespace streamstack::dynamodb::tables
