#include "core/model/shapes.h"

#include <algorithm>

namespace streamstack::core::model {

const Shape* ShapeTable::input_shape(std::string_view operation) const {
  auto it = std::lower_bound(operations.begin(), operations.end(), operation,
                             [](const OperationInput& entry, std::string_view name) {
                               return entry.operation < name;
                             });
  if (it == operations.end() || it->operation != operation) return nullptr;
  return &shape(it->input);
}

const Shape* ShapeTable::find_shape(std::string_view name) const {
  auto it = std::lower_bound(shapes.begin(), shapes.end(), name,
                             [](const Shape& entry, std::string_view n) { return entry.name < n; });
  if (it == shapes.end() || it->name != name) return nullptr;
  return &*it;
}

}  // namespace streamstack::core::model
