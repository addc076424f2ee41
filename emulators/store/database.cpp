#include "store/database.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <stdexcept>

namespace streamstack::store {
namespace {

std::atomic<std::uint64_t> next_database_id{1};

sqlite3* open_connection(const std::string& path, bool in_memory, Durability durability) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    throw std::runtime_error("cannot open database " + path + ": " + message);
  }
  sqlite3_busy_timeout(db, 10000);
  auto exec = [&](const char* sql) { check(db, sqlite3_exec(db, sql, nullptr, nullptr, nullptr), sql); };
  if (!in_memory) {
    exec("PRAGMA journal_mode=WAL");
    exec(durability == Durability::kFull ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  }
  exec("PRAGMA foreign_keys=ON");
  exec("PRAGMA temp_store=MEMORY");
  return db;
}

}  // namespace

Connection::~Connection() {
  statements_.clear();
  sqlite3_close_v2(db_);
}

Statement& Connection::prepare(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    it = statements_.emplace(sql, std::make_unique<Statement>(db_, sql)).first;
  } else {
    it->second->reset();
  }
  return *it->second;
}

void Connection::exec(const std::string& sql) {
  check(db_, sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr), sql);
}

std::int64_t Connection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

int Connection::changes() const { return sqlite3_changes(db_); }

Database::Database(std::string path, Durability durability)
    : path_(std::move(path)),
      in_memory_(path_ == ":memory:"),
      durability_(durability),
      id_(next_database_id++) {
  if (!in_memory_) {
    auto parent = std::filesystem::path(path_).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
  }
  writer_ = std::make_unique<Connection>(open_connection(path_, in_memory_, durability_));
  writer_->exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
      "NULL, applied_at INTEGER NOT NULL)");
}

Database::~Database() {
  std::lock_guard lock(readers_mutex_);
  readers_.clear();
  writer_.reset();
}

void Database::add_migrations(const std::vector<Migration>& migrations) {
  migrations_.insert(migrations_.end(), migrations.begin(), migrations.end());
  std::sort(migrations_.begin(), migrations_.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
}

void Database::migrate() {
  std::int64_t current = 0;
  {
    auto& st = writer_->prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (st.step()) current = st.column_int(0);
    st.reset();
  }
  // All pending migrations in one transaction: a new file is set up with one commit instead of
  // one per migration (a few milliseconds of every start), and a failing migration leaves the
  // file at the version it had.
  write([&](Connection& c) {
    for (const auto& m : migrations_) {
      if (m.version <= current) continue;
      c.exec(m.sql);
      c.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, strftime('%s','now'))")
          .bind(1, m.version)
          .bind_text(2, m.name)
          .run();
    }
  });
}

void Database::clear_all() {
  write([](Connection& c) {
    // Checked at commit, when every table is empty: the order of the deletes does not matter.
    c.exec("PRAGMA defer_foreign_keys=ON");
    std::vector<std::string> tables;
    auto& st = c.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != "
        "'schema_migrations'");
    while (st.step()) tables.push_back(st.column_text(0));
    st.reset();
    for (const auto& t : tables) c.exec("DELETE FROM \"" + t + "\"");
  });
}

std::uint64_t Database::on_commit(std::function<void()> listener) {
  std::lock_guard lock(listeners_mutex_);
  commit_listeners_.emplace_back(next_listener_, std::make_shared<std::function<void()>>(std::move(listener)));
  return next_listener_++;
}

void Database::off_commit(std::uint64_t handle) {
  std::lock_guard lock(listeners_mutex_);
  std::erase_if(commit_listeners_, [&](const auto& l) { return l.first == handle; });
}

void Database::notify_commit() {
  // Listeners run outside the lock: they may write, and so commit, themselves.
  std::vector<std::shared_ptr<std::function<void()>>> listeners;
  {
    std::lock_guard lock(listeners_mutex_);
    listeners.reserve(commit_listeners_.size());
    for (auto& l : commit_listeners_) listeners.push_back(l.second);
  }
  for (auto& listener : listeners) (*listener)();
}

void Database::begin() { writer_->prepare("BEGIN IMMEDIATE").run(); }

void Database::commit() { writer_->prepare("COMMIT").run(); }

void Database::rollback() {
  try {
    writer_->prepare("ROLLBACK").run();
  } catch (const std::exception&) {
    // SQLite may already have rolled back (e.g. after SQLITE_FULL); nothing is left to undo.
  }
}

Connection& Database::reader() {
  // One read connection per thread and per Database: a thread-local map keyed by the
  // database's id, so two databases (tests) never share a connection.
  thread_local std::unordered_map<std::uint64_t, Connection*> mine;
  auto it = mine.find(id_);
  if (it != mine.end()) return *it->second;
  auto connection = std::make_unique<Connection>(open_connection(path_, false, durability_));
  connection->exec("PRAGMA query_only=ON");
  Connection* raw = connection.get();
  {
    std::lock_guard lock(readers_mutex_);
    readers_.push_back(std::move(connection));
  }
  mine.emplace(id_, raw);
  return *raw;
}

}  // namespace streamstack::store
