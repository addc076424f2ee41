#pragma once
// SQLite in WAL mode: one writer connection (used by one thread at a time, under a mutex) and a
// read connection per thread. Statements are prepared once per connection and cached by their
// SQL text. Every write an operation does happens inside one `write()` transaction, so a crash
// leaves all of it or none of it.
#include "store/statement.h"

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

struct sqlite3;

namespace streamstack::store {

enum class Durability {
  // synchronous=NORMAL in WAL: a committed write survives a crash of the process.
  kNormal,
  // synchronous=FULL: a committed write also survives losing power.
  kFull,
};

class Connection {
 public:
  explicit Connection(sqlite3* db) : db_(db) {}
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A cached prepared statement, reset and unbound, ready to bind.
  Statement& prepare(const std::string& sql);
  void exec(const std::string& sql);
  std::int64_t last_insert_rowid() const;
  int changes() const;
  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
};

// A schema migration: applied once, in order of `version`, inside a transaction.
struct Migration {
  int version;
  std::string name;
  std::string sql;
};

class Database {
 public:
  // `path` is a file name or ":memory:". Creates the file's folder if needed.
  Database(std::string path, Durability durability = Durability::kNormal);
  ~Database();

  // Registers migrations of a module; call before `migrate()`. Versions are global and unique.
  void add_migrations(const std::vector<Migration>& migrations);
  // Applies every registered migration newer than the file's schema version.
  void migrate();

  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT on the writer; rolls back if it throws.
  // Nested calls on the same thread join the outer transaction.
  template <typename F>
  auto write(F&& body) -> decltype(body(std::declval<Connection&>()));

  // Runs `body` on this thread's read connection (a snapshot per statement, WAL readers never
  // wait on the writer). With ":memory:" the writer is the only connection and reads share it.
  template <typename F>
  auto read(F&& body) -> decltype(body(std::declval<Connection&>()));

  // Like read(), but every statement of `body` sees the same snapshot: one read transaction
  // (TransactGetItems reads its items as of one moment).
  template <typename F>
  auto read_snapshot(F&& body) -> decltype(body(std::declval<Connection&>()));

  // Deletes every row of every table but the schema's own, in one transaction (reset).
  void clear_all();

  // Called after each successful commit, on the committing thread, outside the writer lock.
  // Returns a handle for `off_commit`, for listeners that may go away before the database.
  std::uint64_t on_commit(std::function<void()> listener);
  void off_commit(std::uint64_t handle);

  const std::string& path() const { return path_; }
  bool in_memory() const { return in_memory_; }

 private:
  Connection& reader();
  void begin();
  void commit();
  void rollback();
  void notify_commit();

  std::string path_;
  bool in_memory_;
  Durability durability_;
  std::unique_ptr<Connection> writer_;
  std::recursive_mutex writer_mutex_;
  int depth_ = 0;  // nesting of write() on the owning thread, guarded by writer_mutex_
  std::vector<Migration> migrations_;
  std::mutex listeners_mutex_;
  std::uint64_t next_listener_ = 1;
  std::vector<std::pair<std::uint64_t, std::shared_ptr<std::function<void()>>>> commit_listeners_;
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Connection>> readers_;
  const std::uint64_t id_;
};

template <typename F>
auto Database::write(F&& body) -> decltype(body(std::declval<Connection&>())) {
  using Result = decltype(body(std::declval<Connection&>()));
  bool committed_outermost = false;
  struct Notify {
    Database* db;
    bool* fire;
    ~Notify() {
      if (*fire) db->notify_commit();
    }
  } notify{this, &committed_outermost};
  std::lock_guard lock(writer_mutex_);
  if (depth_ > 0) {
    ++depth_;
    struct Leave {
      int& depth;
      ~Leave() { --depth; }
    } leave{depth_};
    return body(*writer_);
  }
  begin();
  depth_ = 1;
  try {
    if constexpr (std::is_void_v<Result>) {
      body(*writer_);
      commit();
      depth_ = 0;
      committed_outermost = true;
    } else {
      Result result = body(*writer_);
      commit();
      depth_ = 0;
      committed_outermost = true;
      return result;
    }
  } catch (...) {
    depth_ = 0;
    rollback();
    throw;
  }
}

template <typename F>
auto Database::read(F&& body) -> decltype(body(std::declval<Connection&>())) {
  if (in_memory_) {
    std::lock_guard lock(writer_mutex_);
    return body(*writer_);
  }
  return body(reader());
}

template <typename F>
auto Database::read_snapshot(F&& body) -> decltype(body(std::declval<Connection&>())) {
  // With ":memory:" a read holds the writer's lock, which is a snapshot already.
  if (in_memory_) return read(std::forward<F>(body));
  using Result = decltype(body(std::declval<Connection&>()));
  Connection& c = reader();
  c.exec("BEGIN");
  try {
    if constexpr (std::is_void_v<Result>) {
      body(c);
      c.exec("COMMIT");
    } else {
      Result result = body(c);
      c.exec("COMMIT");
      return result;
    }
  } catch (...) {
    c.exec("ROLLBACK");
    throw;
  }
}

}  // namespace streamstack::store
