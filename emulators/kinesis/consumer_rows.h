#pragma once
// Enhanced fan-out consumers as stored (kinesis_consumers). Every function taking a Connection
// runs inside the caller's transaction.
#include "store/database.h"

#include <cstdint>
#include <string>
#include <vector>

namespace streamstack::kinesis {

struct ConsumerRow {
  std::int64_t key = 0;
  std::int64_t stream_key = 0;
  std::string name;
  std::string arn;
  std::string status;  // CREATING, ACTIVE, DELETING
  std::int64_t status_until_ms = 0;
  std::int64_t created_s = 0;
};

// The consumers `where` selects ("WHERE stream_key = ? ..."), binding `key` and, when not empty,
// `text`.
std::vector<ConsumerRow> select_consumers(store::Connection& c, const std::string& where, std::int64_t key,
                                          const std::string& text = "");
// A consumer whose CREATING or DELETING is due becomes ACTIVE or is removed (Lifecycle).
void settle_consumer_row(store::Connection& c, std::int64_t consumer_key, std::int64_t now_ms);
// Removes a consumer with its tags and resource policy.
void delete_consumer_row(store::Connection& c, const ConsumerRow& consumer);

}  // namespace streamstack::kinesis
