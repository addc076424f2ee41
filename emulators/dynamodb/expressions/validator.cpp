#include "dynamodb/expressions/validator.h"

#include "dynamodb/expressions/compare.h"
#include "dynamodb/expressions/expression_error.h"
#include "dynamodb/expressions/operators.h"

#include <string>

namespace streamstack::dynamodb::expr::detail {
namespace {

constexpr std::size_t kMaxPathDepth = 32;
constexpr int kMaxOperators = 300;
constexpr std::size_t kMaxInOperands = 100;

// "AttributeValue: {N:5}", DynamoDB's rendering of a scalar in BETWEEN messages.
std::string describe(const json& value) {
  auto first = value.begin();  // not items().begin(): its proxy is a temporary
  const std::string& type = first.key();
  const json& scalar = first.value();
  std::string text = scalar.is_string() ? scalar.get<std::string>() : scalar.dump();
  return "AttributeValue: {" + type + ":" + text + "}";
}

bool type_supported(const Node& node, TypeSet accepted) {
  return node.kind == Node::Kind::kPath || (possible_types(node) & accepted) != 0;
}

}  // namespace

void Validator::fail(const std::string& message) const { throw expression_error(kind_, message); }

void Validator::resolve_path(Node& path_node) {
  if (path_node.raw_path.size() > kMaxPathDepth) {
    fail("The document path has too many nesting levels; nesting levels: " +
         std::to_string(path_node.raw_path.size()));
  }
  path_node.path.clear();
  for (const RawElement& raw : path_node.raw_path) {
    switch (raw.kind) {
      case RawElement::Kind::kName: path_node.path.push_back({raw.text, std::nullopt}); break;
      case RawElement::Kind::kPlaceholder:
        path_node.path.push_back({subs_.name(raw.text, kind_), std::nullopt});
        break;
      case RawElement::Kind::kIndex:
        path_node.path.push_back({"", static_cast<std::size_t>(std::stoull(raw.text))});
        break;
    }
  }
}

void Validator::validate(Node& node) {
  switch (node.kind) {
    case Node::Kind::kPath: resolve_path(node); return;
    case Node::Kind::kValue: node.value = &subs_.value(node.placeholder, kind_); return;
    default: break;
  }
  for (NodePtr& child : node.children) validate(*child);
  validate_operator(node);
  if (++operators_ > kMaxOperators) {
    fail("The expression contains too many operators; operator count: " +
         std::to_string(operators_));
  }
}

void Validator::validate_operator(const Node& node) {
  const OperatorInfo& info = operator_info(node);
  std::size_t count = node.children.size();
  if (info.more_operands ? count < info.operands : count != info.operands) {
    fail("Incorrect number of operands for operator or function; operator or function: " +
         node.op + ", number of operands: " + std::to_string(count));
  }
  for (const NodePtr& child : node.children) {
    if (!type_supported(*child, info.operand_types)) {
      fail("Incorrect operand type for operator or function; operator or function: " + node.op +
           ", operand type: " + type_symbols(possible_types(*child)));
    }
  }
  const Node& first = *node.children.front();
  if (info.allow_missing && count > 1 && first.kind == Node::Kind::kPath) {
    for (std::size_t i = 1; i < count; ++i) {
      const Node& later = *node.children[i];
      if (later.kind == Node::Kind::kPath && same_path(later.path, first.path)) {
        fail("The first operand must be distinct from the remaining operands for this operator "
             "or function; operator: " +
             node.op + ", first operand: " + path_to_string(first.path));
      }
    }
  }
  if (node.kind == Node::Kind::kBetween) validate_between(node);
  if (node.kind == Node::Kind::kIn && count - 1 > kMaxInOperands) {
    fail("The IN operator is provided with too many operands; number of operands: " +
         std::to_string(count - 1));
  }
  if ((node.op == "attribute_exists" || node.op == "attribute_not_exists" ||
       node.op == "if_not_exists") &&
      node.kind == Node::Kind::kFunction && first.kind != Node::Kind::kPath) {
    fail("Operator or function requires a document path; operator or function: " + node.op);
  }
  if (node.kind == Node::Kind::kFunction && node.op == "attribute_type") {
    validate_attribute_type(node);
  }
}

// DynamoDB checks bounds it knows at parse time: both must be constants of one type, in order.
void Validator::validate_between(const Node& node) {
  const Node& lower = *node.children[1];
  const Node& upper = *node.children[2];
  if (lower.kind != Node::Kind::kValue || upper.kind != Node::Kind::kValue) return;
  std::string bounds = "lower bound operand: " + describe(*lower.value) +
                       ", upper bound operand: " + describe(*upper.value);
  if (type_of(*lower.value) != type_of(*upper.value)) {
    fail("The BETWEEN operator requires same data type for lower and upper bounds; " + bounds);
  }
  if (compare_ordered(*lower.value, *upper.value) > 0) {
    fail("The BETWEEN operator requires upper bound to be greater than or equal to lower "
         "bound; " +
         bounds);
  }
}

void Validator::validate_attribute_type(const Node& node) {
  const Node& type = *node.children[1];
  if (type.kind != Node::Kind::kValue || type_of(*type.value) != kTypeS) {
    fail("Incorrect operand type for operator or function; operator or function: " + node.op +
         ", operand type: " + type_symbols(possible_types(type)));
  }
  const auto& name = type.value->at("S").get_ref<const std::string&>();
  static const std::string kValid[] = {"S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"};
  for (const std::string& valid : kValid) {
    if (name == valid) return;
  }
  fail("Invalid attribute type name found; type: " + name +
       ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
}

}  // namespace streamstack::dynamodb::expr::detail
