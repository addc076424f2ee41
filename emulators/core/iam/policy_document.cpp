#include "core/iam/policy_document.h"

namespace streamstack::core::iam {
namespace {

using nlohmann::json;

std::vector<std::string> string_or_strings(const json& value, const std::string& at) {
  if (value.is_string()) return {value.get<std::string>()};
  if (!value.is_array() || value.empty()) throw PolicyDocumentError(at, "a string or a non-empty list of strings");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_string()) throw PolicyDocumentError(at + "/" + std::to_string(i), "a string");
    out.push_back(value[i].get<std::string>());
  }
  return out;
}

// Exactly one of `name` and `not_name`, as IAM requires.
std::vector<std::string> one_of(const json& s, const std::string& at, const char* name, const char* not_name,
                                bool& negated) {
  bool has = s.contains(name), has_not = s.contains(not_name);
  if (has == has_not)
    throw PolicyDocumentError(at, std::string("exactly one of ") + name + " and " + not_name);
  negated = has_not;
  return string_or_strings(s[has ? name : not_name], at + "/" + (has ? name : not_name));
}

void check_actions(const std::vector<std::string>& actions, const std::string& at) {
  for (std::size_t i = 0; i < actions.size(); ++i)
    if (actions[i] != "*" && actions[i].find(':') == std::string::npos)
      throw PolicyDocumentError(at + "/" + std::to_string(i),
                                "an action \"<service>:<Action>\" (e.g. \"dynamodb:GetItem\"), got \"" + actions[i] +
                                    "\"");
}

Statement read_statement(const json& s, const std::string& at) {
  if (!s.is_object()) throw PolicyDocumentError(at, "an object (a statement)");
  Statement statement;
  if (!s.contains("Effect") || !s["Effect"].is_string() || (s["Effect"] != "Allow" && s["Effect"] != "Deny"))
    throw PolicyDocumentError(at + "/Effect", "\"Allow\" or \"Deny\"");
  statement.effect = s["Effect"].get<std::string>();
  bool negated = false;
  auto actions = one_of(s, at, "Action", "NotAction", negated);
  check_actions(actions, at + (negated ? "/NotAction" : "/Action"));
  (negated ? statement.not_actions : statement.actions) = std::move(actions);
  auto resources = one_of(s, at, "Resource", "NotResource", negated);
  (negated ? statement.not_resources : statement.resources) = std::move(resources);
  return statement;
}

}  // namespace

PolicyDocument read_policy_document(const json& given) {
  json parsed;
  const json* document = &given;
  if (given.is_string()) {
    parsed = json::parse(given.get<std::string>(), nullptr, false);
    if (parsed.is_discarded()) throw PolicyDocumentError("", "a policy document (JSON text that parses)");
    document = &parsed;
  }
  if (!document->is_object()) throw PolicyDocumentError("", "an object (a policy document)");
  if (!document->contains("Statement")) throw PolicyDocumentError("/Statement", "member \"Statement\"");
  const auto& statements = (*document)["Statement"];
  PolicyDocument out;
  auto take = [&](const json& s, const std::string& at) {
    auto statement = read_statement(s, at);
    if (s.contains("Condition"))
      out.unevaluated.push_back(at);
    else
      out.statements.push_back(std::move(statement));
  };
  if (statements.is_object()) {
    take(statements, "/Statement");
  } else if (statements.is_array()) {
    for (std::size_t i = 0; i < statements.size(); ++i) take(statements[i], "/Statement/" + std::to_string(i));
  } else {
    throw PolicyDocumentError("/Statement", "a statement or a list of statements");
  }
  return out;
}

}  // namespace streamstack::core::iam
