#pragma once
// The one error of a template that cannot be deployed: it names the file, the resource's
// logical id (when the fault is in a resource), the JSON pointer of the faulty value and what
// was expected there, e.g.
//   cdk.out/App.template.json: Table1 at /Resources/Table1/Properties/KeySchema: expected a
//   list of key elements
#include <stdexcept>
#include <string>
#include <string_view>

namespace streamstack::cloudformation {

class TemplateError : public std::runtime_error {
 public:
  TemplateError(std::string file, std::string logical_id, std::string pointer, std::string expected);

  const std::string& file() const { return file_; }
  const std::string& logical_id() const { return logical_id_; }
  const std::string& pointer() const { return pointer_; }
  const std::string& expected() const { return expected_; }

 private:
  std::string file_;
  std::string logical_id_;
  std::string pointer_;
  std::string expected_;
};

// A JSON pointer's reference token for `key` (RFC 6901: '~' is "~0", '/' is "~1").
std::string pointer_token(std::string_view key);

// Where errors are reported from: the file and the resource (or section) being read.
struct ErrorSite {
  std::string file;
  std::string logical_id;  // empty outside Resources

  [[noreturn]] void fail(const std::string& pointer, const std::string& expected) const {
    throw TemplateError(file, logical_id, pointer, expected);
  }
};

}  // namespace streamstack::cloudformation
