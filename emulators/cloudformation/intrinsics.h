#pragma once
// CloudFormation's intrinsic functions, evaluated as a deploy goes: Ref, Fn::GetAtt, Fn::Join,
// Fn::Sub (both forms), Fn::Select, Fn::Split, Fn::If and the condition functions, Fn::FindInMap,
// Fn::GetAZs, Fn::Base64; Fn::ImportValue is refused (a local deploy has no other stacks), and
// AWS::NoValue removes the property or list element it stands in.
#include "cloudformation/template.h"
#include "cloudformation/template_error.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace streamstack::cloudformation {

// What a template's names stand for while it deploys.
class Scope {
 public:
  virtual ~Scope() = default;
  // A parameter's or pseudo parameter's value (never AWS::NoValue, which the resolver handles).
  virtual nlohmann::json parameter(const std::string& name, const ErrorSite& site, const std::string& at) const = 0;
  // A resource's Ref and Fn::GetAtt, once it is deployed.
  virtual nlohmann::json ref(const std::string& logical_id, const ErrorSite& site, const std::string& at) const = 0;
  virtual nlohmann::json attribute(const std::string& logical_id, const std::string& name, const ErrorSite& site,
                                   const std::string& at) const = 0;
  // A named condition of /Conditions.
  virtual bool condition(const std::string& name) const = 0;
  virtual std::string region() const = 0;
};

class Resolver {
 public:
  Resolver(const Template& t, const Scope& scope) : t_(t), scope_(scope) {}

  // `value` with every intrinsic function evaluated; nullopt when it is AWS::NoValue.
  std::optional<nlohmann::json> resolve(const nlohmann::json& value, const ErrorSite& site,
                                        const std::string& at) const;
  // The same, where a value is required (AWS::NoValue is refused).
  nlohmann::json required(const nlohmann::json& value, const ErrorSite& site, const std::string& at) const;
  // A condition expression (Fn::Equals, Fn::And, Fn::Or, Fn::Not, {"Condition": name}).
  bool condition(const nlohmann::json& expression, const ErrorSite& site, const std::string& at) const;

 private:
  std::optional<nlohmann::json> function(const std::string& fn, const nlohmann::json& arg, const ErrorSite& site,
                                         const std::string& at) const;
  std::string text(const nlohmann::json& value, const ErrorSite& site, const std::string& at) const;
  nlohmann::json list(const nlohmann::json& value, const ErrorSite& site, const std::string& at) const;
  nlohmann::json sub(const nlohmann::json& arg, const ErrorSite& site, const std::string& at) const;
  nlohmann::json find_in_map(const nlohmann::json& arg, const ErrorSite& site, const std::string& at) const;

  const Template& t_;
  const Scope& scope_;
};

// A scalar as Fn::Join and Fn::Sub write it; nullopt for an object, list or null.
std::optional<std::string> scalar_text(const nlohmann::json& value);

}  // namespace streamstack::cloudformation
