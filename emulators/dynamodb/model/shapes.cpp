#include "dynamodb/model/shapes.h"

#include "dynamodb/model/shapes_table.h"

#include <algorithm>

namespace streamstack::dynamodb::model {

const Shape& shape(int index) { return table::kShapes[index]; }

const Shape* input_shape(std::string_view operation) {
  const auto* begin = table::kOperationInputs;
  const auto* end = begin + table::kOperationCount;
  const auto* it = std::lower_bound(begin, end, operation,
                                    [](const table::OperationInput& entry, std::string_view name) {
                                      return entry.operation < name;
                                    });
  if (it == end || it->operation != operation) return nullptr;
  return &table::kShapes[it->input];
}

const Shape* find_shape(std::string_view name) {
  const Shape* begin = table::kShapes;
  const Shape* end = begin + table::kShapeCount;
  const Shape* it = std::lower_bound(
      begin, end, name, [](const Shape& entry, std::string_view n) { return entry.name < n; });
  if (it == end || it->name != name) return nullptr;
  return it;
}

}  // namespace streamstack::dynamodb::model
