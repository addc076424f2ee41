#pragma once
// The shape tables that drive request validation, whichever the service: botocore's model of an
// operation's input (types, lengths, ranges, patterns, enums, required members) as C++ data.
// Each service's table is generated from its model by tools/gen_<service>_model.py, with the
// adjustments where the service is stricter than or words things differently from the model.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace streamstack::core::model {

enum class Kind : std::uint8_t {
  kStructure,
  kList,
  kMap,
  kString,
  kBoolean,
  kInteger,
  kLong,
  kDouble,
  kBlob,
  kTimestamp,
};

struct Member {
  std::string_view name;  // as on the wire: "TableName", "StreamName"
  int shape;              // index into the shape table
  bool required;
  // A required member that may be absent when this other member is present (Kinesis's
  // StreamName, excused by StreamARN).
  std::string_view unless{};
};

struct Shape {
  std::string_view name{};  // the model's shape name, also the service's Java class name
  Kind kind;
  // Structures: the members in the order the service reports their constraint errors.
  std::span<const Member> members{};
  int element = -1;  // lists: the member shape; maps: the value shape
  int key = -1;      // maps: the key shape
  // Length (strings, blobs, lists, maps) or value (numbers) bounds.
  std::optional<std::int64_t> min{};
  std::optional<std::int64_t> max{};
  std::string_view pattern{};
  // In the order the service lists them in "Member must satisfy enum value set: [...]".
  std::span<const std::string_view> enum_values{};
};

struct OperationInput {
  std::string_view operation;
  int input;  // index into the shape table
};

// A service's generated table: shapes sorted by name, operations sorted by name.
struct ShapeTable {
  std::span<const Shape> shapes;
  std::span<const OperationInput> operations;

  // The shape at `index`.
  const Shape& shape(int index) const { return shapes[static_cast<std::size_t>(index)]; }
  // The input shape of an operation ("PutRecord"), or nullptr when the table does not have it.
  const Shape* input_shape(std::string_view operation) const;
  // The shape named `name` ("AttributeValue"), or nullptr.
  const Shape* find_shape(std::string_view name) const;
};

}  // namespace streamstack::core::model
