#pragma once
// Deletes expired items of the tables whose TTL is ENABLED, in the background, as DynamoDB's TTL
// process does: each delete goes through ItemStore::write with the TTL service identity, so it
// writes the REMOVE stream record carrying userIdentity {"type": "Service", "principalId":
// "dynamodb.amazonaws.com"} and its Kinesis destination record in the same transaction.
// Reads keep returning an expired item until it is swept, as on AWS.
//
// Invariants:
//  - An item is deleted only if it is still expired when its delete runs: the candidate is read
//    again inside the delete's transaction, so a write that moved its expiry into the future (or
//    removed it) in between keeps the item, and no REMOVE record is written.
//  - The writer is held for one small batch at a time; the table is scanned on a read
//    connection, in key order from a cursor, with the expiry test done by SQLite.
//  - With no table ENABLED, a pass costs one indexed read of `dynamodb_time_to_live`.
//
// A pass runs every second (or, for large tables, ten times as long as the last pass took) and
// at once when the clock is moved (POST /_streamstack/clock), so a test that moves the clock
// sees its items swept within a second without waiting for time to pass.
#include "dynamodb/catalog.h"
#include "store/database.h"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace streamstack::dynamodb {

class TimeToLiveSweeper {
 public:
  TimeToLiveSweeper(store::Database& db, Catalog& catalog);
  ~TimeToLiveSweeper();
  TimeToLiveSweeper(const TimeToLiveSweeper&) = delete;
  TimeToLiveSweeper& operator=(const TimeToLiveSweeper&) = delete;

  // The background thread; stop() (or the destructor) ends it.
  void start();
  void stop();
  // Asks for a pass now.
  void wake();

  // One pass over every ENABLED table at `now_ms`; returns how many items it deleted.
  // `before_delete`, when given, runs between a batch's scan and its deletes (a test rewrites an
  // item there, as a client might at that moment).
  std::size_t sweep(std::int64_t now_ms, const std::function<void()>& before_delete = {});

 private:
  void run();

  // Shared with the clock's listener, which may still be running when the sweeper goes away.
  struct Signal {
    std::mutex mutex;
    std::condition_variable cv;
    bool woken = false;
    bool stopping = false;
    void wake();
  };

  store::Database& db_;
  Catalog& catalog_;
  std::shared_ptr<Signal> signal_ = std::make_shared<Signal>();
  std::uint64_t clock_listener_ = 0;
  std::thread thread_;
};

}  // namespace streamstack::dynamodb
