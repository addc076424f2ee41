#pragma once
// A resource's resolved Properties as its deployer reads them, with errors that name the logical
// id, the property's JSON pointer and what was expected. Scalars are read as CloudFormation
// reads them: a number or boolean may be given as a string ("5", "true").
#include "cloudformation/template_error.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamstack::cloudformation {

class Properties {
 public:
  Properties(const nlohmann::json& values, ErrorSite site, std::string pointer, std::string type);

  // CloudFormation's schema check: a property the type does not have is refused.
  void allow_only(std::initializer_list<std::string_view> names) const;

  bool has(std::string_view name) const { return values_.contains(name); }
  const nlohmann::json* find(std::string_view name) const;
  const nlohmann::json& required(std::string_view name) const;
  std::string string(std::string_view name) const;
  std::optional<std::string> optional_string(std::string_view name) const;
  std::optional<std::int64_t> integer(std::string_view name, std::int64_t min, std::int64_t max) const;
  std::optional<bool> boolean(std::string_view name) const;
  // An object, or nullptr when absent.
  const nlohmann::json* object(std::string_view name) const;
  // A list, or nullptr when absent.
  const nlohmann::json* list(std::string_view name) const;
  // A string or a list of strings.
  std::vector<std::string> strings(std::string_view name) const;
  // {"Key": k, "Value": v} entries (CloudFormation's Tags), or nullopt when absent.
  std::optional<nlohmann::json> tags(std::string_view name = "Tags") const;

  // The pointer of a property, or of something inside it ("KeySchema", "/0/KeyType").
  std::string at(std::string_view name, std::string_view rest = "") const;
  [[noreturn]] void fail(std::string_view name, const std::string& expected, std::string_view rest = "") const;

  const nlohmann::json& values() const { return values_; }
  const ErrorSite& site() const { return site_; }
  const std::string& type() const { return type_; }

 private:
  const nlohmann::json& values_;
  ErrorSite site_;
  std::string pointer_;
  std::string type_;
};

}  // namespace streamstack::cloudformation
