#include "streams/request.h"

#include "core/api_error.h"
#include "streams/errors.h"

namespace streamstack::streams {
namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxErrors = 10;  // AWS reports at most this many

// SerializationException carries its text under "Message", as DynamoDB's parser sends it.
core::ApiError serialization_error(std::string message) {
  core::ApiError error = core::ApiError::serialization(std::move(message));
  error.with_message_key("Message");
  return error;
}

// The parser's name for the JSON token it found.
std::string token_name(const json& v) {
  if (v.is_boolean()) return v.get<bool>() ? "TRUE_VALUE" : "FALSE_VALUE";
  if (v.is_number_float()) return "DECIMAL_VALUE";
  if (v.is_number()) return "NUMBER_VALUE";
  return "STRING_VALUE";
}

const json* find(const json& input, std::string_view member) {
  auto it = input.find(member);
  if (it == input.end() || it->is_null()) return nullptr;
  return &*it;
}

}  // namespace

const std::string* Request::string(std::string_view member) const {
  const json* v = find(input_, member);
  if (v == nullptr || v->is_string()) return v == nullptr ? nullptr : &v->get_ref<const std::string&>();
  if (v->is_object()) throw serialization_error("Start of structure or map found where not expected");
  if (v->is_array()) throw serialization_error("Unrecognized collection type class java.lang.String");
  throw serialization_error(token_name(*v) + " cannot be converted to String");
}

std::optional<std::int64_t> Request::integer(std::string_view member) const {
  const json* v = find(input_, member);
  if (v == nullptr) return std::nullopt;
  if (v->is_number_integer()) return v->get<std::int64_t>();
  // The parser truncates a decimal where an integer is expected.
  if (v->is_number_float()) return static_cast<std::int64_t>(v->get<double>());
  if (v->is_object()) throw serialization_error("Start of structure or map found where not expected");
  if (v->is_array()) throw serialization_error("Unrecognized collection type class java.lang.Integer");
  throw serialization_error(token_name(*v) + " cannot be converted to Integer");
}

const json* Request::structure(std::string_view member) const {
  const json* v = find(input_, member);
  if (v == nullptr || v->is_object()) return v;
  if (v->is_array()) throw serialization_error("Unrecognized collection type class java.lang.Object");
  throw serialization_error("Unexpected value type in payload");
}

void ConstraintErrors::add(std::string_view value, std::string_view member,
                           std::string_view constraint, bool null_value) {
  if (errors_.size() >= kMaxErrors) return;
  std::string text = "Value ";
  text += null_value ? std::string("null") : "'" + std::string(value) + "'";
  text += " at '";
  text += member;
  text += "' failed to satisfy constraint: ";
  text += constraint;
  errors_.push_back(std::move(text));
}

void ConstraintErrors::required(const std::string* value, std::string_view member) {
  if (value == nullptr) add("", member, "Member must not be null", true);
}

void ConstraintErrors::length(const std::string* value, std::string_view member,
                              std::size_t min, std::size_t max) {
  if (value == nullptr) return;
  if (value->size() < min) {
    add(*value, member, "Member must have length greater than or equal to " + std::to_string(min));
  }
  if (value->size() > max) {
    add(*value, member, "Member must have length less than or equal to " + std::to_string(max));
  }
}

void ConstraintErrors::at_least(std::optional<std::int64_t> value, std::string_view member,
                                std::int64_t min) {
  if (!value || *value >= min) return;
  add(std::to_string(*value), member,
      "Member must have value greater than or equal to " + std::to_string(min));
}

void ConstraintErrors::one_of(const std::string* value, std::string_view member,
                              const std::vector<std::string_view>& values) {
  if (value == nullptr) return;
  std::string set;
  for (std::string_view allowed : values) {
    if (allowed == *value) return;
    set += set.empty() ? "" : ", ";
    set += allowed;
  }
  add(*value, member, "Member must satisfy enum value set: [" + set + "]");
}

void ConstraintErrors::table_name(const std::string* value, std::string_view member) {
  if (value == nullptr) return;
  if (value->empty()) {
    add(*value, member, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  }
  for (char c : *value) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-';
    if (!ok) {
      add(*value, member, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
      break;
    }
  }
  length(value, member, 3, 255);
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

}  // namespace streamstack::streams
