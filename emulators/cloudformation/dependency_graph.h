#pragma once
// The resources' dependency graph, as CloudFormation builds it: a resource depends on every
// resource its properties name through Ref, Fn::GetAtt or Fn::Sub (in either branch of an
// Fn::If), and on those its DependsOn lists.
#include "cloudformation/template.h"

#include <set>
#include <string>
#include <vector>

namespace streamstack::cloudformation {

// The logical ids of resources of `t` that `value` references.
std::set<std::string> resource_references(const Template& t, const nlohmann::json& value);

// Each resource after everything it depends on; ties in logical id order. Throws TemplateError
// for a cycle, naming the resources in it.
std::vector<std::string> deploy_order(const Template& t);

}  // namespace streamstack::cloudformation
