#include "dynamodb/ttl/sweeper.h"

#include "core/clock.h"
#include "dynamodb/item_store.h"
#include "dynamodb/ttl/time_to_live.h"
#include "streams/change_capture.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

namespace streamstack::dynamodb {
namespace {

// Rows read per scan step, and deletes per write transaction.
constexpr std::int64_t kScanBatch = 1000;
constexpr std::size_t kDeleteBatch = 100;
constexpr auto kPeriod = std::chrono::seconds(1);

struct Cursor {
  std::string pk;
  std::string sk;
};

// One step of a table's scan: the items SQLite found expired among the next rows after the
// cursor (their JSON text), and where the step ended.
struct ScanStep {
  std::vector<std::string> candidates;
  std::optional<Cursor> next;
};

// A JSON path SQLite can take for the attribute ('$."ttl".N'); none for a name it cannot quote,
// whose items are then all handed to the exact test.
std::optional<std::string> number_path(const std::string& attribute) {
  if (attribute.find_first_of("\"\\") != std::string::npos) return std::nullopt;
  return "$.\"" + attribute + "\".N";
}

ScanStep scan_step(store::Connection& c, std::int64_t table_id, const std::string& attribute,
                   const Cursor& after, std::int64_t now_ms) {
  auto path = number_path(attribute);
  std::string filter = path ? "CAST(json_extract(item, ?4) AS REAL) < ?5 AND "
                              "CAST(json_extract(item, ?4) AS REAL) >= ?6"
                            : "1";
  auto& st =
      c.prepare("SELECT pk, sk, CASE WHEN " + filter +
                " THEN item END FROM dynamodb_items WHERE table_id = ?1 AND (pk, sk) > (?2, ?3) "
                "ORDER BY pk, sk LIMIT ?7");
  st.bind(1, table_id).bind_blob(2, after.pk).bind_blob(3, after.sk).bind(7, kScanBatch);
  if (path) {
    st.bind_text(4, *path)
        .bind(5, static_cast<double>(now_ms) / 1000.0)
        .bind(6, time_to_live::oldest_expiry_seconds(now_ms));
  }
  store::ResetOnExit reset{st};
  ScanStep step;
  std::int64_t rows = 0;
  Cursor last;
  while (st.step()) {
    ++rows;
    last = Cursor{std::string(st.column_blob_view(0)), std::string(st.column_blob_view(1))};
    std::string_view item = st.column_text_view(2);
    if (!item.empty()) step.candidates.emplace_back(item);
  }
  if (rows == kScanBatch) step.next = std::move(last);
  return step;
}

core::RequestContext context_of(const std::string& scope) {
  core::RequestContext context;
  auto slash = scope.find('/');
  context.account_id = scope.substr(0, slash);
  context.region = scope.substr(slash + 1);
  return context;
}

}  // namespace

TimeToLiveSweeper::TimeToLiveSweeper(store::Database& db, Catalog& catalog)
    : db_(db), catalog_(catalog) {}

TimeToLiveSweeper::~TimeToLiveSweeper() { stop(); }

void TimeToLiveSweeper::Signal::wake() {
  {
    std::lock_guard lock(mutex);
    woken = true;
  }
  cv.notify_all();
}

void TimeToLiveSweeper::start() {
  if (thread_.joinable()) return;
  clock_listener_ = core::Clock::on_change([signal = signal_] { signal->wake(); });
  thread_ = std::thread([this] { run(); });
}

void TimeToLiveSweeper::stop() {
  if (clock_listener_ != 0) core::Clock::off_change(clock_listener_);
  clock_listener_ = 0;
  {
    std::lock_guard lock(signal_->mutex);
    signal_->stopping = true;
  }
  signal_->cv.notify_all();
  if (thread_.joinable()) thread_.join();
}

void TimeToLiveSweeper::wake() { signal_->wake(); }

void TimeToLiveSweeper::run() {
  auto wait = std::chrono::steady_clock::duration(kPeriod);
  while (true) {
    {
      std::unique_lock lock(signal_->mutex);
      signal_->cv.wait_for(lock, wait, [this] { return signal_->woken || signal_->stopping; });
      if (signal_->stopping) return;
      signal_->woken = false;
    }
    auto started = std::chrono::steady_clock::now();
    try {
      sweep(core::Clock::now_millis());
    } catch (const std::exception& error) {
      // A pass that failed (the disk is full, say) is tried again on the next one.
      spdlog::error("TTL sweep failed: {}", error.what());
    }
    auto took = std::chrono::steady_clock::now() - started;
    wait = std::max<std::chrono::steady_clock::duration>(kPeriod, 10 * took);
  }
}

std::size_t TimeToLiveSweeper::sweep(std::int64_t now_ms,
                                     const std::function<void()>& before_delete) {
  auto tables =
      db_.read([&](store::Connection& c) { return time_to_live::enabled_tables(c, now_ms); });
  std::size_t deleted = 0;
  for (const auto& enabled : tables) {
    TableRef table = catalog_.find_shared(context_of(enabled.scope), enabled.table_name);
    if (!table || table->id != enabled.table_id) continue;
    Cursor cursor;
    while (true) {
      ScanStep step = db_.read([&](store::Connection& c) {
        return scan_step(c, table->id, enabled.attribute_name, cursor, now_ms);
      });
      if (before_delete && !step.candidates.empty()) before_delete();
      for (std::size_t i = 0; i < step.candidates.size(); i += kDeleteBatch) {
        std::size_t end = std::min(step.candidates.size(), i + kDeleteBatch);
        deleted += db_.write([&](store::Connection& c) {
          // TTL may have been disabled or moved to another attribute since the pass began.
          auto setting = time_to_live::find(c, table->id);
          if (!setting || !setting->enabled || setting->attribute_name != enabled.attribute_name)
            return std::size_t{0};
          std::size_t n = 0;
          for (std::size_t j = i; j < end; ++j) {
            json seen = json::parse(step.candidates[j]);
            std::optional<json> stored = ItemStore::get(c, *table, seen);
            if (!stored || !time_to_live::expired(*stored, enabled.attribute_name, now_ms))
              continue;
            ItemStore::write(c, *table, &*stored, nullptr, &streams::kTimeToLiveIdentity);
            ++n;
          }
          return n;
        });
      }
      if (!step.next) break;
      cursor = std::move(*step.next);
    }
  }
  return deleted;
}

}  // namespace streamstack::dynamodb
