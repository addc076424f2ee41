#pragma once
// An in-memory cache of stream and shard metadata, so PutRecord, PutRecords and GetRecords do not
// read the streams and shards tables on every call.
//
// Invariant: a write that changes a stream goes through `write()`, which bumps the generation
// inside the transaction (under the store's writer lock) and again after the commit, and empties
// the cache both times. A snapshot taken before a change therefore carries an older generation,
// and a writer that finds `generation() != snapshot->generation` under the writer lock re-reads
// the stream (`current()`); a snapshot read while the change was uncommitted never stays cached.
#include "kinesis/stream_info.h"
#include "store/database.h"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace streamstack::kinesis {

class StreamCatalog {
 public:
  explicit StreamCatalog(store::Database& db) : db_(db) {}

  // The stream as it is now, or nullptr when there is none.
  std::shared_ptr<const StreamInfo> find(const std::string& scope, const std::string& name);
  // Inside a write transaction: `snapshot` when no stream changed since it was read, else the
  // stream as stored (nullptr when it is gone).
  std::shared_ptr<const StreamInfo> current(store::Connection& c,
                                            std::shared_ptr<const StreamInfo> snapshot);

  // Runs a write transaction that changes streams, keeping the invariant above.
  template <typename F>
  auto write(F&& body) -> decltype(body(std::declval<store::Connection&>()));

  // Whether records past retention should be deleted now (once a minute per stream).
  bool trim_due(std::int64_t stream_key, std::int64_t now_ms);

  std::uint64_t generation() const { return generation_.load(); }
  // After the store was emptied behind the catalog's back (reset).
  void forget() { invalidate(); }
  store::Database& db() { return db_; }

 private:
  void invalidate();

  store::Database& db_;
  std::atomic<std::uint64_t> generation_{1};
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const StreamInfo>> cache_;  // scope \n name
  std::map<std::int64_t, std::int64_t> last_trim_ms_;
};

template <typename F>
auto StreamCatalog::write(F&& body) -> decltype(body(std::declval<store::Connection&>())) {
  struct After {
    StreamCatalog& catalog;
    ~After() { catalog.invalidate(); }
  } after{*this};
  return db_.write([&](store::Connection& c) {
    invalidate();
    return body(c);
  });
}

}  // namespace streamstack::kinesis
