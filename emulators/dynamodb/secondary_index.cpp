#include "dynamodb/secondary_index.h"

#include "core/base64.h"
#include "dynamodb/attribute_value.h"
#include "dynamodb/number.h"

#include <algorithm>
#include <stdexcept>

namespace streamstack::dynamodb {
namespace {

std::string defined_type(const json& description, const std::string& attribute) {
  for (const json& def : description.value("AttributeDefinitions", json::array())) {
    if (def.value("AttributeName", "") == attribute) return def.value("AttributeType", "");
  }
  return "";
}

ProjectionType projection_type(const json& projection) {
  std::string type = projection.value("ProjectionType", "ALL");
  if (type == "KEYS_ONLY") return ProjectionType::kKeysOnly;
  if (type == "INCLUDE") return ProjectionType::kInclude;
  return ProjectionType::kAll;
}

SecondaryIndex index_of(const json& description, const json& definition, bool global) {
  SecondaryIndex index;
  index.name = definition.value("IndexName", "");
  index.global = global;
  // The description keeps a deleted index only while --table-delay-ms shows it DELETING.
  index.deleting = definition.value("IndexStatus", "") == "DELETING";
  for (const json& element : definition.value("KeySchema", json::array())) {
    KeyElement key{element.value("AttributeName", ""), ""};
    key.type = defined_type(description, key.name);
    (element.value("KeyType", "") == "HASH" ? index.hash : index.range).push_back(std::move(key));
  }
  const json& projection = definition.value("Projection", json::object());
  index.projection = projection_type(projection);
  for (const json& name : projection.value("NonKeyAttributes", json::array())) {
    index.non_key_attributes.push_back(name.get<std::string>());
  }
  return index;
}

// S and B bytes, 0x00 escaped so that the part's end (0x00 0x00) sorts before any byte.
void append_escaped(std::string& out, std::string_view bytes) {
  for (char c : bytes) {
    out += c;
    if (c == '\0') out += '\xFF';
  }
}

std::string raw_bytes(const json& value, std::string_view type) {
  const auto& text = value.begin().value().get_ref<const std::string&>();
  return type == "B" ? core::base64_decode(text) : text;
}

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

bool SecondaryIndex::is_key_attribute(std::string_view attribute) const {
  auto named = [&](const KeyElement& e) { return e.name == attribute; };
  return std::any_of(hash.begin(), hash.end(), named) ||
         std::any_of(range.begin(), range.end(), named);
}

bool SecondaryIndex::projects(std::string_view attribute,
                              const std::vector<std::string>& table_keys) const {
  if (projection == ProjectionType::kAll || is_key_attribute(attribute)) return true;
  if (contains(table_keys, attribute)) return true;
  return projection == ProjectionType::kInclude && contains(non_key_attributes, attribute);
}

std::vector<SecondaryIndex> indexes_of(const json& description) {
  std::vector<SecondaryIndex> indexes;
  for (const json& d : description.value("GlobalSecondaryIndexes", json::array())) {
    indexes.push_back(index_of(description, d, true));
  }
  for (const json& d : description.value("LocalSecondaryIndexes", json::array())) {
    indexes.push_back(index_of(description, d, false));
  }
  return indexes;
}

std::string encode_key_part(const json& value) {
  std::string_view type = attribute_type(value);
  if (type == "N") {
    return Number::parse(value.begin().value().get_ref<const std::string&>()).encode_ordered();
  }
  if (type != "S" && type != "B") {
    throw std::logic_error("encode_key_part: not a key value: " + value.dump());
  }
  std::string out;
  append_escaped(out, raw_bytes(value, type));
  out += std::string("\0\0", 2);
  return out;
}

std::string encode_key_prefix(const json& value) {
  std::string_view type = attribute_type(value);
  if (type != "S" && type != "B") {
    throw std::logic_error("encode_key_prefix: not a string or binary: " + value.dump());
  }
  std::string out;
  append_escaped(out, raw_bytes(value, type));
  return out;
}

std::optional<std::string> encode_index_key(const std::vector<KeyElement>& elements,
                                            const json& item) {
  std::string key;
  for (const KeyElement& element : elements) {
    auto it = item.find(element.name);
    if (it == item.end() || attribute_type(*it) != element.type) return std::nullopt;
    // Writes refuse empty index key values; an item that held one before the index existed is
    // left out of it, as DynamoDB leaves out index key violations.
    if (element.type != "N" && it->begin().value().get_ref<const std::string&>().empty()) {
      return std::nullopt;
    }
    key += encode_key_part(*it);
  }
  return key;
}

json project_item(const SecondaryIndex& index, const std::vector<std::string>& table_keys,
                  const json& item) {
  if (index.projection == ProjectionType::kAll) return item;
  json projected = json::object();
  for (auto it = item.begin(); it != item.end(); ++it) {
    if (index.projects(it.key(), table_keys)) projected[it.key()] = it.value();
  }
  return projected;
}

}  // namespace streamstack::dynamodb
