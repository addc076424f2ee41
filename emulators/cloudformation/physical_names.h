#pragma once
// Physical names as CloudFormation makes them for resources the template leaves unnamed:
// `<StackName>-<LogicalId>-<RANDOM>`, the random part 13 upper-case letters and digits for the
// older resource types (tables, roles: "...-1U44TLUZ7OR55") and 12 mixed-case ones for Lambda
// functions and Kinesis streams. When the name would pass the type's length limit, the longer of
// the stack name and the logical id is cut first (a 70-character function name of CloudFormation
// keeps its suffix and loses the end of its longest part). The random part is derived from the
// stack name, logical id and `generation` (bumped when the resource is replaced), so a restart
// names everything as before.
#include <string>
#include <string_view>

namespace streamstack::cloudformation {

std::string physical_name(std::string_view stack_name, std::string_view logical_id, std::string_view type,
                          int generation = 0);

// A stack's id as CloudFormation forms it: arn:aws:cloudformation:<region>:<account>:stack/
// <name>/<uuid>, the uuid derived from the name like the random parts above.
std::string stack_id(std::string_view region, std::string_view account, std::string_view stack_name);

// Letters and digits derived from `seed` (a stable stand-in for CloudFormation's random ids).
std::string stable_id(std::string_view seed, std::size_t length, bool mixed_case);

}  // namespace streamstack::cloudformation
