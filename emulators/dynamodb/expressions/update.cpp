#include "dynamodb/expressions/update.h"

#include "dynamodb/expressions/expression_error.h"
#include "dynamodb/expressions/operators.h"
#include "dynamodb/expressions/parse_entry.h"
#include "dynamodb/expressions/parser.h"
#include "dynamodb/expressions/tree_checks.h"
#include "dynamodb/expressions/validator.h"

#include <string>

namespace streamstack::dynamodb::expr {
namespace detail {
namespace {

constexpr std::string_view kKind = "UpdateExpression";

// DynamoDB's internal names for the types, used in the ADD/DELETE operand message.
std::string type_name(TypeSet type) {
  switch (type) {
    case kTypeS: return "STRING";
    case kTypeN: return "NUMBER";
    case kTypeB: return "BINARY";
    case kTypeSS: return "STRING_SET";
    case kTypeNS: return "NUMBER_SET";
    case kTypeBS: return "BINARY_SET";
    case kTypeM: return "MAP";
    case kTypeL: return "LIST";
    case kTypeNull: return "NULL";
    default: return "BOOLEAN";
  }
}

// ADD takes a number or a set, DELETE a set.
void check_add_delete_operand(const UpdateAction& action) {
  bool add = action.type == UpdateAction::Type::kAdd;
  TypeSet allowed = kTypeSS | kTypeNS | kTypeBS | (add ? kTypeN : 0);
  TypeSet type = type_of(*action.value->value);
  if ((type & allowed) != 0) return;
  throw expression_error(kKind, std::string("Incorrect operand type for operator or function; "
                                            "operator: ") +
                                    (add ? "ADD" : "DELETE") + ", operand type: " +
                                    type_name(type) + ", typeSet: " +
                                    (add ? "ALLOWED_FOR_ADD_OPERAND" : "ALLOWED_FOR_DELETE_OPERAND"));
}

class ParsedUpdateExpression : public Update {
 public:
  explicit ParsedUpdateExpression(ParsedUpdate update) : update_(std::move(update)) {}

  json apply(const json& item) const override { return apply_update(update_, item); }

  std::vector<std::string> updated_attributes() const override {
    std::vector<std::string> names;
    for (const PathTreeChild& child : update_.tree.root().children) {
      names.push_back(child.element.name);
    }
    return names;
  }

 private:
  ParsedUpdate update_;
};

}  // namespace
}  // namespace detail

std::unique_ptr<Update> parse_update(std::string_view text, Substitutions& subs) {
  using namespace detail;
  check_expression_length(text, kKind);
  std::vector<UpdateSection> sections = Parser(text, kKind).parse_update();
  check_update_tree(sections);
  ParsedUpdate update;
  for (UpdateSection& section : sections) {
    for (UpdateAction& action : section.actions) update.actions.push_back(std::move(action));
  }
  // DynamoDB visits the actions last to first: its "path one" in an overlap is the later path.
  Validator validator(subs, kKind);
  int count = static_cast<int>(update.actions.size());
  for (int i = count - 1; i >= 0; --i) {
    validator.resolve_path(*update.actions[i].path);
    update.tree.insert(update.actions[i].path->path, i, kKind);
  }
  for (int i = count - 1; i >= 0; --i) {
    UpdateAction& action = update.actions[i];
    if (action.value) validator.validate(*action.value);
    if (action.type == UpdateAction::Type::kAdd || action.type == UpdateAction::Type::kDelete) {
      check_add_delete_operand(action);
    }
  }
  return std::make_unique<ParsedUpdateExpression>(std::move(update));
}

}  // namespace streamstack::dynamodb::expr
