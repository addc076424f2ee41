#pragma once
// The generated shape table (shapes_generated.cpp); read it through shapes.h.
#include "kinesis/model/shapes.h"

#include <cstddef>
#include <iterator>

namespace streamstack::kinesis::model::table {

struct OperationInput {
  std::string_view operation;
  int input;
};

// Sorted by shape name.
extern const Shape kShapes[];
extern const std::size_t kShapeCount;
// Sorted by operation name.
extern const OperationInput kOperationInputs[];
extern const std::size_t kOperationCount;

}  // namespace streamstack::kinesis::model::table
