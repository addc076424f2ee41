// Step 1 of validation: the Java JSON/CBOR parser's view of the request. Its messages are
// kinesalite's (validations/index.js, checked against AWS), including AWS's grammar
// ("converted to an String").
#include "core/base64.h"
#include "kinesis/errors.h"
#include "kinesis/validation.h"

#include <climits>
#include <cmath>

namespace streamstack::kinesis {
namespace {

using nlohmann::json;
using model::Kind;
using Protocol = core::RequestContext::Protocol;

constexpr const char* kNumberClass = "class com.amazon.coral.value.json.numbers.TruncatingBigNumber";
constexpr const char* kStartOfList = "Start of list found where not expected";
constexpr const char* kStartOfMap = "Start of structure or map found where not expected.";

// A JSON number of seconds that is really milliseconds: SDK v1 with CBOR disabled sent
// GetShardIterator's Timestamp that way (aws-sdk-java#2588). 10^11 s is the year 5138.
constexpr double kMillisecondsThreshold = 1e11;

[[noreturn]] void fail(std::string message) { throw serialization_error(std::move(message)); }

[[noreturn]] void fail_container(const json& value) {
  fail(value.is_array() ? kStartOfList : kStartOfMap);
}

bool is_container(const json& value) { return value.is_array() || value.is_object(); }

void check_boolean(json& value) {
  if (value.is_boolean()) return;
  if (is_container(value)) fail_container(value);
  if (value.is_number()) fail(std::string(kNumberClass) + " can not be converted to an Boolean");
  std::string text = value.is_string() ? value.get<std::string>() : std::string();
  for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  // The parser reads these spellings as booleans and refuses any other text.
  if (text == "TRUE" || text == "YES" || text == "1") {
    value = true;
  } else if (text == "FALSE" || text == "NO" || text == "0") {
    value = false;
  } else {
    fail("'" + text + "' can not be converted to an Boolean");
  }
}

void check_integer(json& value, Kind kind) {
  const char* name = kind == Kind::kLong ? "Long" : "Integer";
  if (value.is_boolean()) fail(std::string("class java.lang.Boolean can not be converted to an ") + name);
  if (value.is_string() || value.is_binary()) {
    fail(std::string("class java.lang.String can not be converted to an ") + name);
  }
  if (is_container(value)) fail_container(value);
  // Fractions are truncated, and an Integer larger than 2^31-1 is clamped before the
  // constraints see it (AWS reports '2147483647'; kinesalite test/createStream.js).
  double number = value.get<double>();
  std::int64_t n = value.is_number_float()
                       ? static_cast<std::int64_t>(std::floor(std::clamp(number, -9.2e18, 9.2e18)))
                       : value.is_number_unsigned()
                             ? static_cast<std::int64_t>(std::min<std::uint64_t>(
                                   value.get<std::uint64_t>(), INT64_MAX))
                             : value.get<std::int64_t>();
  if (kind == Kind::kInteger) n = std::min<std::int64_t>(n, INT_MAX);
  value = n;
}

void check_string(const json& value) {
  if (value.is_string()) return;
  if (value.is_boolean()) fail("class java.lang.Boolean can not be converted to an String");
  if (value.is_number()) fail(std::string(kNumberClass) + " can not be converted to an String");
  if (value.is_binary()) fail("class [B can not be converted to an String");
  fail_container(value);
}

// Blobs end up as json binary whichever the protocol: CBOR sends a byte string, JSON base64.
void check_blob(json& value) {
  if (value.is_binary()) return;
  if (value.is_boolean()) fail("class java.lang.Boolean can not be converted to a Blob");
  if (value.is_number()) fail(std::string(kNumberClass) + " can not be converted to a Blob");
  if (is_container(value)) fail_container(value);
  const auto& text = value.get_ref<const std::string&>();
  auto problem = core::base64_problem(text, core::PaddingInData::kInvalidCharacter);
  if (!problem.empty()) {
    fail("'" + text + "' can not be converted to a Blob: " + problem);
  }
  std::string bytes = core::base64_decode(text);
  value = json::binary(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
}

// Timestamps end up as integer epoch milliseconds: CBOR sends them so (tag 1), JSON as seconds.
void check_timestamp(json& value, Protocol protocol) {
  if (value.is_boolean()) {
    fail("class java.lang.Boolean can not be converted to milliseconds since epoch");
  }
  if (value.is_string() || value.is_binary()) {
    fail("class java.lang.String can not be converted to milliseconds since epoch");
  }
  if (is_container(value)) fail_container(value);
  double number = value.get<double>();
  bool millis = protocol == Protocol::kCbor || number >= kMillisecondsThreshold;
  value = static_cast<std::int64_t>(std::llround(millis ? number : number * 1000.0));
}

void check_structure(const model::Shape& shape, json& value, Protocol protocol) {
  if (value.is_array()) fail(kStartOfList);
  if (!value.is_object()) fail("Expected null");
  // Members the model does not know, and members sent as null, are dropped by the parser.
  for (auto it = value.begin(); it != value.end();) {
    bool known = false;
    for (const auto& member : shape.members) known = known || member.name == it.key();
    it = known && !it->is_null() ? std::next(it) : value.erase(it);
  }
  for (const auto& member : shape.members) {
    auto it = value.find(member.name);
    if (it != value.end()) check_types(model::shape(member.shape), *it, protocol);
  }
}

}  // namespace

void check_types(const model::Shape& shape, json& value, Protocol protocol) {
  switch (shape.kind) {
    case Kind::kStructure:
      check_structure(shape, value, protocol);
      break;
    case Kind::kList:
      if (value.is_object()) fail(kStartOfMap);
      if (!value.is_array()) fail("Expected list or null");
      for (auto& element : value) {
        if (!element.is_null()) check_types(model::shape(shape.element), element, protocol);
      }
      break;
    case Kind::kMap:
      if (value.is_array()) fail(kStartOfList);
      if (!value.is_object()) fail("Expected map or null");
      for (auto& [key, element] : value.items()) {
        if (!element.is_null()) check_types(model::shape(shape.element), element, protocol);
      }
      break;
    case Kind::kString:
      check_string(value);
      break;
    case Kind::kBoolean:
      check_boolean(value);
      break;
    case Kind::kInteger:
    case Kind::kLong:
      check_integer(value, shape.kind);
      break;
    case Kind::kDouble:
      if (!value.is_number()) check_integer(value, Kind::kLong);
      break;
    case Kind::kBlob:
      check_blob(value);
      break;
    case Kind::kTimestamp:
      check_timestamp(value, protocol);
      break;
  }
}

}  // namespace streamstack::kinesis
