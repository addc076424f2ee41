// Step 2 of validation: the model's constraints, worded and ordered as Kinesis words them
// (kinesalite validations/index.js and test/*.js, against AWS): per member, "not null", then
// pattern, then lengths (or values), then enum; lists render as "[a, b]", maps as "{k=v}",
// blobs as Java's ByteBuffer.toString().
#include "core/model/constraints.h"
#include "kinesis/errors.h"
#include "kinesis/validation.h"

namespace streamstack::kinesis {
namespace {

using nlohmann::json;
using model::Kind;

std::string lower_first(std::string_view name) {
  std::string out(name);
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

std::string join_path(const std::string& parent, std::string_view member) {
  return parent.empty() ? lower_first(member) : parent + "." + lower_first(member);
}

std::string render_scalar(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_binary()) {
    auto n = std::to_string(value.get_binary().size());
    return "java.nio.HeapByteBuffer[pos=0 lim=" + n + " cap=" + n + "]";
  }
  return value.dump();
}

// Structures print as their Java class and hash code. AWS's hash depends on the content, which we
// cannot reproduce; c965e310 is what AWS printed for PutRecords entries in kinesalite's later
// test/putRecords.js (its earlier tests recorded "@2").
std::string render(const json& value, const model::Shape& shape) {
  if (shape.kind == Kind::kList) {
    const auto& element = model::shape(shape.element);
    std::string out = "[";
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (i > 0) out += ", ";
      out += element.kind == Kind::kStructure
                 ? "com.amazonaws.kinesis.v20131202." + std::string(element.name) + "@c965e310"
                 : render_scalar(value[i]);
    }
    return out + "]";
  }
  if (shape.kind == Kind::kMap) {
    std::string out = "{";
    bool first = true;
    for (const auto& [key, element] : value.items()) {
      if (!first) out += ", ";
      first = false;
      out += key + "=" + render_scalar(element);
    }
    return out + "}";
  }
  return render_scalar(value);
}

std::size_t length_of(const json& value) {
  if (value.is_string()) return core::model::java_length(value.get_ref<const std::string&>());
  if (value.is_binary()) return value.get_binary().size();
  return value.size();
}

void check_length(const model::Shape& shape, const json& value, const std::string& path,
                  ConstraintErrors& errors) {
  auto length = static_cast<std::int64_t>(length_of(value));
  if (shape.min && length < *shape.min) {
    errors.add(render(value, shape), path,
               "Member must have length greater than or equal to " + std::to_string(*shape.min));
  }
  if (shape.max && length > *shape.max) {
    errors.add(render(value, shape), path,
               "Member must have length less than or equal to " + std::to_string(*shape.max));
  }
}

void check_number(const model::Shape& shape, const json& value, const std::string& path,
                  ConstraintErrors& errors) {
  auto n = value.get<std::int64_t>();
  if (shape.min && n < *shape.min) {
    errors.add(value.dump(), path,
               "Member must have value greater than or equal to " + std::to_string(*shape.min));
  }
  if (shape.max && n > *shape.max) {
    errors.add(value.dump(), path,
               "Member must have value less than or equal to " + std::to_string(*shape.max));
  }
}

void check_string(const model::Shape& shape, const json& value, const std::string& path,
                  ConstraintErrors& errors) {
  const auto& text = value.get_ref<const std::string&>();
  if (!shape.pattern.empty() && !core::model::matches_pattern(shape.pattern, text)) {
    errors.add(text, path,
               "Member must satisfy regular expression pattern: " + std::string(shape.pattern));
  }
  check_length(shape, value, path, errors);
  if (!shape.enum_values.empty()) {
    bool known = false;
    std::string set;
    for (auto v : shape.enum_values) {
      known = known || v == text;
      set += (set.empty() ? "" : ", ") + std::string(v);
    }
    if (!known) errors.add(text, path, "Member must satisfy enum value set: [" + set + "]");
  }
}

// "[Member must have length less than or equal to 128, Member must have length greater than or
// equal to 1]": how Coral words the bounds of a collection's scalar members.
std::string bounds_text(const model::Shape& element) {
  std::string text = "[";
  if (element.max) text += "Member must have length less than or equal to " + std::to_string(*element.max);
  if (element.max && element.min) text += ", ";
  if (element.min) text += "Member must have length greater than or equal to " + std::to_string(*element.min);
  return text + "]";
}

bool within(const model::Shape& element, std::size_t length) {
  auto n = static_cast<std::int64_t>(length);
  return (!element.min || n >= *element.min) && (!element.max || n <= *element.max);
}

void check_list(const model::Shape& shape, const json& value, const std::string& path,
                ConstraintErrors& errors) {
  check_length(shape, value, path, errors);
  const auto& element = model::shape(shape.element);
  if (element.kind == Kind::kStructure) {
    for (std::size_t i = 0; i < value.size() && !errors.full(); ++i) {
      check_constraints(element, value[i], path + "." + std::to_string(i + 1) + ".member", errors);
    }
    return;
  }
  for (const auto& item : value) {
    if (item.is_string() && !within(element, length_of(item))) {
      errors.add(render(value, shape), path,
                 "Member must satisfy constraint: " + bounds_text(element));
      return;
    }
  }
}

void check_map(const model::Shape& shape, const json& value, const std::string& path,
               ConstraintErrors& errors) {
  check_length(shape, value, path, errors);
  const auto& key = model::shape(shape.key);
  const auto& element = model::shape(shape.element);
  bool keys_ok = true, values_ok = true;
  for (const auto& [k, v] : value.items()) {
    keys_ok = keys_ok && within(key, core::model::java_length(k));
    values_ok = values_ok && (!v.is_string() || within(element, length_of(v)));
  }
  if (!keys_ok) {
    errors.add(render(value, shape), path, "Map keys must satisfy constraint: " + bounds_text(key));
  }
  if (!values_ok) {
    errors.add(render(value, shape), path,
               "Map value must satisfy constraint: " + bounds_text(element));
  }
}

void check_structure(const model::Shape& shape, const json& value, const std::string& path,
                     ConstraintErrors& errors) {
  for (const auto& member : shape.members) {
    if (errors.full()) return;
    std::string member_path = join_path(path, member.name);
    auto it = value.find(member.name);
    if (it == value.end()) {
      bool excused = !member.unless.empty() && value.contains(member.unless);
      if (member.required && !excused) errors.add_null(member_path);
      continue;
    }
    check_constraints(model::shape(member.shape), *it, member_path, errors);
  }
}

}  // namespace

void ConstraintErrors::add(std::string_view value, std::string_view path,
                           std::string_view constraint) {
  if (full()) return;
  errors_.push_back("Value '" + std::string(value) + "' at '" + std::string(path) +
                    "' failed to satisfy constraint: " + std::string(constraint));
}

void ConstraintErrors::add_null(std::string_view path) {
  if (full()) return;
  errors_.push_back("Value null at '" + std::string(path) +
                    "' failed to satisfy constraint: Member must not be null");
}

void ConstraintErrors::throw_if_any() const {
  if (errors_.empty()) return;
  std::string message = std::to_string(errors_.size()) + " validation error" +
                        (errors_.size() > 1 ? "s" : "") + " detected: ";
  for (std::size_t i = 0; i < errors_.size(); ++i) {
    if (i > 0) message += "; ";
    message += errors_[i];
  }
  throw validation_error(message);
}

void check_constraints(const model::Shape& shape, const json& value, const std::string& path,
                       ConstraintErrors& errors) {
  if (value.is_null()) return;
  switch (shape.kind) {
    case Kind::kStructure:
      check_structure(shape, value, path, errors);
      break;
    case Kind::kList:
      check_list(shape, value, path, errors);
      break;
    case Kind::kMap:
      check_map(shape, value, path, errors);
      break;
    case Kind::kString:
      check_string(shape, value, path, errors);
      break;
    case Kind::kBlob:
      check_length(shape, value, path, errors);
      break;
    case Kind::kInteger:
    case Kind::kLong:
      check_number(shape, value, path, errors);
      break;
    case Kind::kBoolean:
    case Kind::kDouble:
    case Kind::kTimestamp:
      break;
  }
}

void validate_request(std::string_view operation, json& input,
                      core::RequestContext::Protocol protocol) {
  const model::Shape* shape = model::input_shape(operation);
  if (shape == nullptr) return;
  check_types(*shape, input, protocol);
  ConstraintErrors errors;
  check_constraints(*shape, input, "", errors);
  errors.throw_if_any();
}

}  // namespace streamstack::kinesis
