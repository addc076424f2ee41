#include "streams/stream_event_source.h"

#include "core/clock.h"
#include "streams/change_capture.h"
#include "streams/ids.h"
#include "streams/shard_records.h"
#include "streams/stream_catalog.h"

namespace streamstack::streams {
namespace {

// A mapping is created for an ARN of its own account and region, which the ARN names.
std::optional<StreamInfo> readable_stream(store::Connection& c, const std::string& arn) {
  auto parts = parse_stream_arn(arn);
  if (!parts) return std::nullopt;
  return find_stream(c, parts->account + "/" + parts->region, arn, core::Clock::now_millis());
}

}  // namespace

StreamEventSource::StreamEventSource(store::Database& db) : db_(db) {
  commit_listener_ = db_.on_commit([this] {
    auto captured = take_captured_on_this_thread();
    if (captured.empty()) return;
    std::lock_guard lock(activity_mutex_);
    for (auto& arn : captured) {
      auto [it, inserted] = activity_.try_emplace(std::move(arn), 1);
      ++it->second;
    }
  });
}

std::uint64_t StreamEventSource::activity(const std::string& arn) const {
  std::lock_guard lock(activity_mutex_);
  auto it = activity_.find(arn);
  return it == activity_.end() ? 1 : it->second;
}

StreamEventSource::~StreamEventSource() { db_.off_commit(commit_listener_); }

std::optional<StreamInfo> StreamEventSource::stream(store::Connection& c, const std::string& arn) {
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(cache_mutex_);
    auto it = cache_.find(arn);
    if (it != cache_.end() && now < it->second.until) return it->second.stream;
  }
  auto found = readable_stream(c, arn);
  std::lock_guard lock(cache_mutex_);
  if (cache_.size() > 1024) cache_.clear();  // ARNs of deleted mappings
  cache_[arn] = Cached{now + kStreamCacheFor, found};
  return found;
}

bool StreamEventSource::handles(const std::string& arn) const {
  return arn.rfind("arn:aws:dynamodb:", 0) == 0 && arn.find("/stream/") != std::string::npos;
}

bool StreamEventSource::exists(const std::string& arn) {
  return db_.read([&](store::Connection& c) { return stream(c, arn).has_value(); });
}

std::vector<lambda::SourceShard> StreamEventSource::shards(const std::string& arn) {
  return db_.read([&](store::Connection& c) {
    std::vector<lambda::SourceShard> out;
    if (auto found = stream(c, arn))
      out.push_back({found->shard_id, "", !found->shard_open()});
    return out;
  });
}

std::vector<lambda::SourceRecord> StreamEventSource::read(const std::string& arn, const std::string&,
                                                          std::int64_t after_position, std::size_t limit) {
  return db_.read([&](store::Connection& c) {
    std::vector<lambda::SourceRecord> out;
    auto found = stream(c, arn);
    if (!found) return out;
    // Records trimmed by retention are gone: reading resumes at the oldest one kept.
    auto start = std::max(after_position + 1, trim_point(c, *found, core::Clock::now_millis()) + 1);
    auto page = read_records(c, *found, start, limit, static_cast<std::size_t>(-1));
    for (std::size_t i = 0; i < page.records.size(); ++i) {
      auto& record = page.records[i];
      auto sequence_number = record["dynamodb"]["SequenceNumber"].get<std::string>();
      auto position = parse_sequence_number(sequence_number).value_or(0);
      record["eventSourceARN"] = arn;
      auto size = record.dump().size();
      // The write's own time, not ApproximateCreationDateTime (whole seconds): batching windows
      // and MaximumRecordAgeInSeconds count from it.
      out.push_back({position, std::move(sequence_number), page.created_ms[i], std::move(record), size});
    }
    return out;
  });
}

std::int64_t StreamEventSource::latest_position(const std::string& arn, const std::string&) {
  return db_.read([&](store::Connection& c) -> std::int64_t {
    auto found = stream(c, arn);
    if (!found) return 0;
    return newest_seq(c, *found).value_or(found->starting_seq - 1);
  });
}

// DynamoDB streams have no AT_TIMESTAMP (the mapping API refuses it), so this is never asked.
std::int64_t StreamEventSource::position_before_time(const std::string&, const std::string&, std::int64_t) {
  return 0;
}

}  // namespace streamstack::streams
