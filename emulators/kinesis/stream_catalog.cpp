#include "kinesis/stream_catalog.h"

#include "core/clock.h"

namespace streamstack::kinesis {
namespace {

constexpr std::int64_t kTrimIntervalMs = 60 * 1000;

std::string cache_key(const std::string& scope, const std::string& name) {
  return scope + "\n" + name;
}

}  // namespace

std::shared_ptr<const StreamInfo> StreamCatalog::find(const std::string& scope,
                                                      const std::string& name) {
  auto key = cache_key(scope, name);
  {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
  }
  std::uint64_t generation = generation_.load();
  auto loaded = db_.read([&](store::Connection& c) { return load_stream(c, scope, name); });
  if (!loaded) return nullptr;
  auto snapshot = std::make_shared<StreamInfo>(std::move(*loaded));
  snapshot->generation = generation;
  std::lock_guard lock(mutex_);
  if (generation_.load() == generation) cache_[key] = snapshot;
  return snapshot;
}

std::shared_ptr<const StreamInfo> StreamCatalog::current(
    store::Connection& c, std::shared_ptr<const StreamInfo> snapshot) {
  if (snapshot->generation == generation_.load()) return snapshot;
  auto stored = load_stream(c, snapshot->scope, snapshot->name);
  if (!stored) return nullptr;
  auto fresh = std::make_shared<StreamInfo>(std::move(*stored));
  fresh->generation = generation_.load();
  return fresh;
}

bool StreamCatalog::trim_due(std::int64_t stream_key, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto [it, fresh] = last_trim_ms_.try_emplace(stream_key, now_ms);
  if (fresh) return false;
  if (now_ms - it->second < kTrimIntervalMs) return false;
  it->second = now_ms;
  return true;
}

void StreamCatalog::invalidate() {
  std::lock_guard lock(mutex_);
  generation_.fetch_add(1);
  cache_.clear();
}

}  // namespace streamstack::kinesis
