#pragma once
// Checking a template from its text alone, with no side effect: parse_template's checks, then
// every resource's properties resolved with stand-in values (each Ref and Fn::GetAtt of a
// resource a placeholder string, each parameter its default or a placeholder) and read by its
// type's deployer as a deploy would read them. For `--validate`-style use and fuzzing.
#include "cloudformation/template.h"

#include <string>
#include <string_view>

namespace streamstack::cloudformation {

// Throws TemplateError for the first fault found.
Template validate_template(std::string_view text, const std::string& file);

}  // namespace streamstack::cloudformation
