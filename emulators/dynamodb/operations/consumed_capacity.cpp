#include "dynamodb/operations/consumed_capacity.h"

#include <algorithm>

namespace streamstack::dynamodb::items {

CapacityMode capacity_mode(const json& input) {
  auto it = input.find("ReturnConsumedCapacity");
  if (it == input.end() || !it->is_string()) return CapacityMode::kNone;
  const auto& v = it->get_ref<const std::string&>();
  if (v == "TOTAL") return CapacityMode::kTotal;
  if (v == "INDEXES") return CapacityMode::kIndexes;
  return CapacityMode::kNone;
}

double read_units(std::size_t bytes, bool consistent) {
  double units = static_cast<double>(std::max<std::size_t>(1, (bytes + 4095) / 4096));
  return consistent ? units : units / 2;
}

double write_units(std::size_t bytes) {
  return static_cast<double>(std::max<std::size_t>(1, (bytes + 1023) / 1024));
}

json consumed_capacity(CapacityMode mode, const std::string& table_name, double units) {
  json capacity = {{"TableName", table_name}, {"CapacityUnits", units}};
  if (mode == CapacityMode::kIndexes) capacity["Table"] = {{"CapacityUnits", units}};
  return capacity;
}

void add_consumed_capacity(json& output, CapacityMode mode, const std::string& table_name,
                           double units) {
  if (mode == CapacityMode::kNone) return;
  output["ConsumedCapacity"] = consumed_capacity(mode, table_name, units);
}

json index_read_capacity(CapacityMode mode, const std::string& table_name,
                         const std::string& index_name, bool global, double index_units,
                         double table_units) {
  json capacity = {{"TableName", table_name}, {"CapacityUnits", index_units + table_units}};
  if (mode != CapacityMode::kIndexes) return capacity;
  capacity["Table"] = {{"CapacityUnits", table_units}};
  capacity[global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes"] = {
      {index_name, {{"CapacityUnits", index_units}}}};
  return capacity;
}

json write_capacity(CapacityMode mode, const std::string& table_name, double table_units,
                    const std::vector<IndexWriteUnits>& indexes) {
  double total = table_units;
  for (const IndexWriteUnits& index : indexes) total += index.units;
  json capacity = {{"TableName", table_name}, {"CapacityUnits", total}};
  if (mode != CapacityMode::kIndexes) return capacity;
  capacity["Table"] = {{"CapacityUnits", table_units}};
  for (const IndexWriteUnits& index : indexes) {
    json& part = capacity[index.global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes"];
    double units = index.units;
    if (part.contains(index.index)) units += part[index.index]["CapacityUnits"].get<double>();
    part[index.index] = {{"CapacityUnits", units}};
  }
  return capacity;
}

void add_write_capacity(json& output, CapacityMode mode, const std::string& table_name,
                        double table_units, const std::vector<IndexWriteUnits>& indexes) {
  if (mode == CapacityMode::kNone) return;
  output["ConsumedCapacity"] = write_capacity(mode, table_name, table_units, indexes);
}

}  // namespace streamstack::dynamodb::items
