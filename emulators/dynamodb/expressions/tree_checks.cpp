#include "dynamodb/expressions/tree_checks.h"

#include "dynamodb/expressions/expression_error.h"
#include "dynamodb/expressions/operators.h"
#include "dynamodb/expressions/reserved_words.h"

#include <set>
#include <string>

namespace streamstack::dynamodb::expr::detail {
namespace {

// DynamoDB reads list indexes as Java ints.
bool index_in_range(const std::string& digits) {
  static const std::string kMax = "2147483647";
  return digits.size() < kMax.size() || (digits.size() == kMax.size() && digits <= kMax);
}

class TreeWalk {
 public:
  TreeWalk(std::string_view kind, FunctionUse category) : kind_(kind), category_(category) {}

  void walk(const Node& node) {
    switch (node.kind) {
      case Node::Kind::kPath: check_path(node); return;
      case Node::Kind::kValue: return;
      case Node::Kind::kNot:
      case Node::Kind::kAnd:
      case Node::Kind::kOr: walk_children(node); return;
      case Node::Kind::kFunction: enter_function(node); break;
      default: break;
    }
    // Operands of comparisons, arithmetic and functions are "nested": only size() (in
    // conditions) and if_not_exists() (in updates) may be called there.
    ++nesting_;
    walk_children(node);
    --nesting_;
  }

  void check_path(const Node& node) const {
    for (const RawElement& element : node.raw_path) {
      if (element.kind == RawElement::Kind::kName && is_reserved_word(element.text)) {
        fail("Attribute name is a reserved keyword; reserved keyword: " + element.text);
      }
      if (element.kind == RawElement::Kind::kIndex && !index_in_range(element.text)) {
        fail("List index is not within the allowable range; index: [" + element.text + "]");
      }
    }
  }

 private:
  void walk_children(const Node& node) {
    for (const NodePtr& child : node.children) walk(*child);
  }

  void enter_function(const Node& node) const {
    const OperatorInfo* info = find_function(node.op);
    if (info == nullptr) fail("Invalid function name; function: " + node.op);
    if (category_ == FunctionUse::kCondition && info->use != FunctionUse::kCondition) {
      fail("The function is not allowed in a condition expression; function: " + node.op);
    }
    if (category_ == FunctionUse::kUpdate && info->use != FunctionUse::kUpdate) {
      fail("The function is not allowed in an update expression; function: " + node.op);
    }
    bool misplaced;
    if (category_ == FunctionUse::kCondition) {
      bool returns_boolean = info->returns == kTypeBool;
      misplaced = nesting_ == 0 ? !returns_boolean : node.op != "size";
    } else {
      misplaced = nesting_ > 0 && node.op != "if_not_exists";
    }
    if (misplaced) {
      fail("The function is not allowed to be used this way in an expression; function: " +
           node.op);
    }
  }

  [[noreturn]] void fail(const std::string& message) const {
    throw expression_error(kind_, message);
  }

  std::string_view kind_;
  FunctionUse category_;
  int nesting_ = 0;
};

}  // namespace

void check_condition_tree(const Node& root, std::string_view kind) {
  TreeWalk(kind, FunctionUse::kCondition).walk(root);
}

void check_update_tree(const std::vector<UpdateSection>& sections) {
  TreeWalk walk("UpdateExpression", FunctionUse::kUpdate);
  std::set<std::string> seen;
  for (const UpdateSection& section : sections) {
    for (const UpdateAction& action : section.actions) {
      walk.walk(*action.path);
      if (action.value) walk.walk(*action.value);
    }
    // Reported when the repeated section ends, so faults inside it come first.
    if (!seen.insert(section.keyword).second) {
      throw expression_error("UpdateExpression", "The \"" + section.keyword +
                                                     "\" section can only be used once in an "
                                                     "update expression;");
    }
  }
}

void check_projection_tree(const std::vector<NodePtr>& paths) {
  TreeWalk walk("ProjectionExpression", FunctionUse::kNone);
  for (const NodePtr& path : paths) walk.check_path(*path);
}

}  // namespace streamstack::dynamodb::expr::detail
