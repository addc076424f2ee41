#pragma once
// What DynamoDB knows about each operator and function: operand count, the operand types it
// accepts, whether an operand may be a missing attribute, what a wrongly typed operand met at
// evaluation does, and the type it returns. Validation and evaluation both read this table.
#include "dynamodb/expressions/ast.h"

#include <cstddef>
#include <string>
#include <string_view>

namespace streamstack::dynamodb::expr::detail {

// A set of AttributeValue types, one bit per type.
using TypeSet = unsigned;
inline constexpr TypeSet kTypeS = 1u << 0, kTypeN = 1u << 1, kTypeB = 1u << 2,
                         kTypeSS = 1u << 3, kTypeNS = 1u << 4, kTypeBS = 1u << 5,
                         kTypeM = 1u << 6, kTypeL = 1u << 7, kTypeNull = 1u << 8,
                         kTypeBool = 1u << 9;
inline constexpr TypeSet kAllTypes = (1u << 10) - 1;

TypeSet type_of(const json& value);
// "S" for one type, "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}" for several, as DynamoDB prints them.
std::string type_symbols(TypeSet types);

enum class Mismatch { kFalse, kMissing, kError };
enum class FunctionUse { kNone, kCondition, kUpdate };

struct OperatorInfo {
  std::string_view name;
  std::size_t operands;
  bool more_operands;  // IN takes any number beyond its first
  TypeSet operand_types;
  bool allow_missing;  // an operand may be an attribute the item does not have
  Mismatch on_mismatch;
  TypeSet returns;
  FunctionUse use;  // for functions: the expressions that may call them
};

// The function named `name` (case-sensitive, as DynamoDB looks it up), or nullptr.
const OperatorInfo* find_function(std::string_view name);
// The entry for any operator node.
const OperatorInfo& operator_info(const Node& node);

// The types a node may evaluate to: a value's own type, an operator's return type, any type for
// a path.
TypeSet possible_types(const Node& node);

}  // namespace streamstack::dynamodb::expr::detail
