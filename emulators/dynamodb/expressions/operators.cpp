#include "dynamodb/expressions/operators.h"

#include "dynamodb/attribute_value.h"

#include <array>
#include <utility>

namespace streamstack::dynamodb::expr::detail {
namespace {

constexpr TypeSet kOrdered = kTypeS | kTypeN | kTypeB;
constexpr TypeSet kIterable = kTypeS | kTypeB | kTypeSS | kTypeNS | kTypeBS | kTypeM | kTypeL;
constexpr bool kMayBeMissing = true;

// DynamoDB's symbols in the order it prints the set of all types.
constexpr std::array<std::pair<TypeSet, std::string_view>, 10> kSymbols = {{
    {kTypeNS, "NS"},
    {kTypeSS, "SS"},
    {kTypeL, "L"},
    {kTypeBS, "BS"},
    {kTypeN, "N"},
    {kTypeM, "M"},
    {kTypeB, "B"},
    {kTypeBool, "BOOL"},
    {kTypeNull, "NULL"},
    {kTypeS, "S"},
}};

using M = Mismatch;
using U = FunctionUse;

constexpr std::array<OperatorInfo, 8> kFunctions = {{
    {"attribute_exists", 1, false, kAllTypes, kMayBeMissing, M::kFalse, kTypeBool, U::kCondition},
    {"attribute_not_exists", 1, false, kAllTypes, kMayBeMissing, M::kFalse, kTypeBool,
     U::kCondition},
    {"attribute_type", 2, false, kAllTypes, kMayBeMissing, M::kFalse, kTypeBool, U::kCondition},
    {"begins_with", 2, false, kTypeS | kTypeB, kMayBeMissing, M::kFalse, kTypeBool, U::kCondition},
    {"contains", 2, false, kAllTypes, kMayBeMissing, M::kFalse, kTypeBool, U::kCondition},
    {"size", 1, false, kIterable, kMayBeMissing, M::kMissing, kTypeN, U::kCondition},
    {"if_not_exists", 2, false, kAllTypes, kMayBeMissing, M::kFalse, kAllTypes, U::kUpdate},
    {"list_append", 2, false, kTypeL, false, M::kError, kTypeL, U::kUpdate},
}};

constexpr OperatorInfo kEquality{"", 2, false, kAllTypes, kMayBeMissing, M::kFalse, kTypeBool,
                                 U::kNone};
constexpr OperatorInfo kOrdering{"", 2, false, kOrdered, kMayBeMissing, M::kFalse, kTypeBool,
                                 U::kNone};
constexpr OperatorInfo kBetween{"BETWEEN", 3, false, kOrdered, kMayBeMissing, M::kFalse,
                                kTypeBool, U::kNone};
constexpr OperatorInfo kIn{"IN", 1, true, kAllTypes, kMayBeMissing, M::kFalse, kTypeBool,
                           U::kNone};
constexpr OperatorInfo kNot{"NOT", 1, false, kTypeBool, false, M::kError, kTypeBool, U::kNone};
constexpr OperatorInfo kLogical{"", 2, false, kTypeBool, false, M::kError, kTypeBool, U::kNone};
constexpr OperatorInfo kArithmetic{"", 2, false, kTypeN, false, M::kError, kTypeN, U::kNone};

}  // namespace

TypeSet type_of(const json& value) {
  std::string_view type = attribute_type(value);
  for (const auto& [bit, symbol] : kSymbols) {
    if (symbol == type) return bit;
  }
  return 0;
}

std::string type_symbols(TypeSet types) {
  std::string single;
  std::string all;
  int count = 0;
  for (const auto& [bit, symbol] : kSymbols) {
    if ((types & bit) == 0) continue;
    if (count++ > 0) all += ",";
    all += symbol;
    single = symbol;
  }
  return count == 1 ? single : "{" + all + "}";
}

const OperatorInfo* find_function(std::string_view name) {
  for (const OperatorInfo& info : kFunctions) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

const OperatorInfo& operator_info(const Node& node) {
  switch (node.kind) {
    case Node::Kind::kFunction: return *find_function(node.op);
    case Node::Kind::kComparison: return node.op == "=" || node.op == "<>" ? kEquality : kOrdering;
    case Node::Kind::kBetween: return kBetween;
    case Node::Kind::kIn: return kIn;
    case Node::Kind::kNot: return kNot;
    case Node::Kind::kAnd:
    case Node::Kind::kOr: return kLogical;
    default: return kArithmetic;
  }
}

TypeSet possible_types(const Node& node) {
  switch (node.kind) {
    case Node::Kind::kPath: return kAllTypes;
    case Node::Kind::kValue: return node.value != nullptr ? type_of(*node.value) : kAllTypes;
    default: return operator_info(node).returns;
  }
}

}  // namespace streamstack::dynamodb::expr::detail
