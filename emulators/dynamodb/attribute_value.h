#pragma once
// AttributeValues are kept in their wire form, a JSON object with one member naming the type
// ({"S":"x"}, {"N":"1.5"}, {"B":"<base64>"}, {"SS":[..]}, {"M":{..}}, {"L":[..]}, {"NULL":true},
// {"BOOL":false}, ...). An item is a JSON object from attribute name to AttributeValue. Numbers
// are canonicalized (Number::to_string) when a request is validated, so equal numbers are equal
// strings everywhere after the edge.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace streamstack::dynamodb {

using json = nlohmann::json;

// Validates one AttributeValue of a request and canonicalizes its numbers in place. Throws
// ApiError with DynamoDB's words, e.g. ValidationException "One or more parameter values were
// invalid: An string set  may not be empty", "Supplied AttributeValue is empty, must contain
// exactly one of the supported datatypes", "Input collection [a, a] contains duplicates.", or
// SerializationException for wrong JSON types.
void validate_attribute_value(json& value);
// Validates every attribute of an item map (as above).
void validate_item(json& item);

// The wire-type pass of the two functions above on its own (SerializationException for a member
// of the wrong JSON type, bad base64; unknown and null members dropped). AWS parses the whole
// request before it validates any of it, so an operation that validates several parameters can
// run this over all of them first; validate_* run it themselves.
void check_attribute_value_types(json& value);
void check_item_types(json& item);

// The type name of a valid AttributeValue: "S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL".
std::string_view attribute_type(const json& value);

// DynamoDB equality: sets compare as sets, numbers by value, maps member-wise, lists in order.
bool attribute_values_equal(const json& a, const json& b);
bool items_equal(const json& a, const json& b);

// The item's size as DynamoDB computes it for the 400 KB limit: per attribute, the UTF-8 length
// of its name plus the size of its value (strings: UTF-8 bytes; binary: raw bytes; numbers:
// about 1 byte per two significant digits + 1; BOOL/NULL 1; M/L 3 + members (+1 per element)).
std::size_t item_size(const json& item);
inline constexpr std::size_t kMaxItemSize = 400 * 1024;

// An order-preserving byte encoding of a key value (S, N or B): memcmp order of two encodings of
// the same type is DynamoDB's key order (strings and binary bytewise as UTF-8/raw, numbers by value).
std::string encode_key_value(const json& value);

}  // namespace streamstack::dynamodb
