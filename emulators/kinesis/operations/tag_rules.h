#pragma once
// Tag rules shared by AddTagsToStream, RemoveTagsFromStream and CreateStream.
#include "store/database.h"

#include <nlohmann/json.hpp>

#include <string>

namespace streamstack::kinesis {

// A stream has at most 50 tags (AWS's quota since 2021; kinesalite's era allowed 10).
inline constexpr int kMaxTagsPerStream = 50;

// InvalidArgumentException when a request alone adds more tags than a stream may have: AWS
// checks it before it looks the stream up.
void check_tag_count(const nlohmann::json& tags, const std::string& stream, const std::string& account);
// InvalidArgumentException for characters AWS refuses in tags to add (kinesalite
// actions/addTagsToStream.js, against AWS).
void check_tags_to_add(const nlohmann::json& tags, const std::string& stream,
                       const std::string& account);
void check_tag_keys_to_remove(const nlohmann::json& keys, const std::string& stream,
                              const std::string& account);
// Stores `tags` (a map), refusing more than kMaxTagsPerStream in all.
void put_tags(store::Connection& c, std::int64_t stream_key, const nlohmann::json& tags,
              const std::string& stream, const std::string& account);
// A consumer's tags (RegisterStreamConsumer's Tags, TagResource on a consumer ARN), with the
// same limit; `arn` names it in the message.
void put_consumer_tags(store::Connection& c, std::int64_t consumer_key, const nlohmann::json& tags,
                       const std::string& arn);
int consumer_count(store::Connection& c, std::int64_t stream_key);

}  // namespace streamstack::kinesis
