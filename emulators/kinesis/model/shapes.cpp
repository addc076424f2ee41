#include "kinesis/model/shapes.h"

#include "kinesis/model/shapes_table.h"

#include <algorithm>

namespace streamstack::kinesis::model {

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

}  // namespace streamstack::kinesis::model
