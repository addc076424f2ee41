#include "cloudformation/template_error.h"

namespace streamstack::cloudformation {
namespace {

std::string describe(const std::string& file, const std::string& logical_id, const std::string& pointer,
                     const std::string& expected) {
  std::string text = file + ": ";
  if (!logical_id.empty()) text += logical_id + " ";
  return text + "at " + (pointer.empty() ? "/" : pointer) + ": expected " + expected;
}

}  // namespace

TemplateError::TemplateError(std::string file, std::string logical_id, std::string pointer, std::string expected)
    : std::runtime_error(describe(file, logical_id, pointer, expected)),
      file_(std::move(file)),
      logical_id_(std::move(logical_id)),
      pointer_(std::move(pointer)),
      expected_(std::move(expected)) {}

std::string pointer_token(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

}  // namespace streamstack::cloudformation
