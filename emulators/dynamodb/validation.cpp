#include "dynamodb/validation.h"

#include "dynamodb/errors.h"

#include <regex>

namespace streamstack::dynamodb {

void ConstraintErrors::add(std::string_view value, std::string_view member,
                           std::string_view constraint) {
  std::string text = "Value '";
  text += value;
  text += "' at '";
  text += member;
  text += "' failed to satisfy constraint: ";
  text += constraint;
  errors_.push_back(std::move(text));
}

void ConstraintErrors::throw_if_any() const {
  if (errors_.empty()) return;
  std::string message = std::to_string(errors_.size()) +
                        (errors_.size() == 1 ? " validation error detected: "
                                             : " validation errors detected: ");
  for (std::size_t i = 0; i < errors_.size(); ++i) {
    if (i > 0) message += "; ";
    message += errors_[i];
  }
  throw validation_error(std::move(message));
}

void check_table_name(ConstraintErrors& errors, const nlohmann::json* value,
                      std::string_view member) {
  if (value == nullptr || value->is_null()) {
    errors.add("null", member, "Member must not be null");
    return;
  }
  const auto& name = value->get_ref<const std::string&>();
  // An ARN is accepted wherever a table name is; the ARN's own length limit applies.
  if (name.rfind("arn:", 0) == 0) {
    if (name.size() > 1024) errors.add(name, member, "Member must have length less than or equal to 1024");
    return;
  }
  if (name.size() < 3)
    errors.add(name, member, "Member must have length greater than or equal to 3");
  if (name.size() > 255)
    errors.add(name, member, "Member must have length less than or equal to 255");
  static const std::regex pattern("[a-zA-Z0-9_.-]+");
  if (!std::regex_match(name, pattern))
    errors.add(name, member, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
}

}  // namespace streamstack::dynamodb
