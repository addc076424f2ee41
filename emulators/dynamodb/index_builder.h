#pragma once
// Builds the global secondary indexes UpdateTable adds and clears the entries of the ones it
// deletes, on a thread of its own, one chunk per write transaction: no request waits for a large
// table, and requests interleave with the chunks. Item writes keep every index up to date while
// it builds (ItemStore::write), so a chunk that re-indexes an item already written since the
// index began writes the same entry again. Each chunk commits how far it got, so a build
// resumes after a restart.
#include "dynamodb/catalog.h"
#include "store/database.h"

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace streamstack::dynamodb {

class IndexBuilder {
 public:
  // Without `background`, no thread: builds progress only through finish_pending().
  IndexBuilder(store::Database& db, Catalog& catalog, bool background = true);
  ~IndexBuilder();
  IndexBuilder(const IndexBuilder&) = delete;
  IndexBuilder& operator=(const IndexBuilder&) = delete;

  // After a commit that added or deleted an index.
  void wake();
  // Runs every pending chunk on the calling thread until none is left (tests).
  void finish_pending();

  // Backfills the next chunk of `index_id` (an index of `table`) inside the caller's
  // transaction; true once the index holds every item. UpdateTable runs the first chunk
  // itself, so an index added to a small table is built by the time UpdateTable answers.
  static bool backfill_chunk(store::Connection& c, Catalog& catalog, const TableInfo& table,
                             std::int64_t index_id);

  // Items per backfill chunk, entries per deletion chunk.
  static constexpr std::int64_t kBackfillChunk = 1000;
  static constexpr std::int64_t kDeleteChunk = 5000;

 private:
  // One chunk of the first pending build; false when nothing is left to do now. `wait_until_ms`
  // is set when a deleted index waits for --table-delay-ms before it leaves the description.
  bool run_one(std::int64_t& wait_until_ms);
  void loop();

  store::Database& db_;
  Catalog& catalog_;
  std::mutex mutex_;
  std::condition_variable wake_;
  // Set at start when the data file has the index schema: builds an earlier run left
  // unfinished resume at once.
  bool woken_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace streamstack::dynamodb
