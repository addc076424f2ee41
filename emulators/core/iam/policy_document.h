#pragma once
// Reading an IAM policy document (the JSON of a role's inline policy, an AWS::IAM::Policy or a
// managed policy) into statements that `evaluate` runs: Statement as one object or a list;
// Effect; Action or NotAction, Resource or NotResource, each a string or a list of strings.
// Principal is ignored (identity-based policies have none). A statement with a Condition is
// left out, and named in `unevaluated`, since conditions are not evaluated.
#include "core/iam/policy.h"

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace streamstack::core::iam {

// A document IAM would refuse: `pointer` is where in it (a JSON pointer, "" for the document),
// `expected` what was expected there.
class PolicyDocumentError : public std::runtime_error {
 public:
  PolicyDocumentError(std::string pointer, std::string expected)
      : std::runtime_error("at " + (pointer.empty() ? std::string("/") : pointer) + ": expected " + expected),
        pointer_(std::move(pointer)),
        expected_(std::move(expected)) {}
  const std::string& pointer() const { return pointer_; }
  const std::string& expected() const { return expected_; }

 private:
  std::string pointer_;
  std::string expected_;
};

struct PolicyDocument {
  std::vector<Statement> statements;
  // JSON pointers of the statements left out because they carry a Condition.
  std::vector<std::string> unevaluated;
};

// `document` is the document as an object, or as the JSON text of one (IAM and CloudFormation
// take both).
PolicyDocument read_policy_document(const nlohmann::json& document);

}  // namespace streamstack::core::iam
