#include "dynamodb/operations/return_values.h"

#include "dynamodb/errors.h"

namespace streamstack::dynamodb::items {
namespace {

json pick(const json& item, const std::vector<std::string>& names) {
  json picked = json::object();
  for (const std::string& name : names) {
    auto it = item.find(name);
    if (it != item.end()) picked[name] = *it;
  }
  return picked;
}

}  // namespace

ReturnValues parse_return_values(const json& input) {
  auto it = input.find("ReturnValues");
  if (it == input.end() || !it->is_string()) return ReturnValues::kNone;
  const auto& v = it->get_ref<const std::string&>();
  if (v == "ALL_OLD") return ReturnValues::kAllOld;
  if (v == "UPDATED_OLD") return ReturnValues::kUpdatedOld;
  if (v == "ALL_NEW") return ReturnValues::kAllNew;
  if (v == "UPDATED_NEW") return ReturnValues::kUpdatedNew;
  return ReturnValues::kNone;
}

void require_none_or_all_old(ReturnValues rv) {
  if (rv != ReturnValues::kNone && rv != ReturnValues::kAllOld) {
    throw validation_error("ReturnValues can only be ALL_OLD or NONE");
  }
}

json returned_attributes(ReturnValues rv, const json* old_item, const json* new_item,
                         const std::vector<std::string>& updated) {
  json attributes;
  switch (rv) {
    case ReturnValues::kNone:
      break;
    case ReturnValues::kAllOld:
      if (old_item != nullptr) attributes = *old_item;
      break;
    case ReturnValues::kAllNew:
      if (new_item != nullptr) attributes = *new_item;
      break;
    case ReturnValues::kUpdatedOld:
      if (old_item != nullptr) attributes = pick(*old_item, updated);
      break;
    case ReturnValues::kUpdatedNew:
      if (new_item != nullptr) attributes = pick(*new_item, updated);
      break;
  }
  // DynamoDB leaves Attributes out rather than send an empty map.
  if (attributes.is_object() && attributes.empty()) return nullptr;
  return attributes;
}

bool return_old_on_condition_failure(const json& input) {
  auto it = input.find("ReturnValuesOnConditionCheckFailure");
  return it != input.end() && it->is_string() && it->get<std::string>() == "ALL_OLD";
}


}  // namespace streamstack::dynamodb::items
