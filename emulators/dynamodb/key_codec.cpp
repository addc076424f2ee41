// Key values as bytes whose memcmp order is DynamoDB's sort order: strings compare by their
// UTF-8 bytes and binaries as unsigned bytes (so both are kept as they are), numbers by value.
#include "dynamodb/attribute_value.h"

#include "core/base64.h"
#include "dynamodb/number.h"

#include <stdexcept>

namespace streamstack::dynamodb {

std::string encode_key_value(const json& value) {
  std::string_view type = attribute_type(value);
  if (type != "S" && type != "N" && type != "B") {
    // Key types are checked against the schema before a key is encoded.
    throw std::logic_error("encode_key_value: not a key value: " + value.dump());
  }
  const json& v = value.begin().value();
  if (type == "S") return v.get<std::string>();
  if (type == "B") return core::base64_decode(v.get_ref<const std::string&>());
  return Number::parse(v.get_ref<const std::string&>()).encode_ordered();
}

}  // namespace streamstack::dynamodb
