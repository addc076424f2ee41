#include "handlers/sdk/host/handler_registry.h"

#include <mutex>

namespace streamstack::handlers {

void HandlerRegistry::add(std::string name, Invoker invoker) noexcept {
  // Called by registration code, possibly inside a handler library: nothing may be thrown
  // back into it, so faults are collected and raised once registration returns.
  try {
    std::unique_lock lock(mutex_);
    if (auto it = origins_.find(name); it != origins_.end()) {
      pending_errors_.push_back("handler \"" + name + "\" is already registered by " + it->second);
      return;
    }
    origins_.emplace(name, origin_);
    handlers_.emplace(std::move(name), std::move(invoker));
  } catch (const std::exception& e) {
    pending_errors_.push_back(e.what());
  }
}

void HandlerRegistry::report_error(std::string_view message) noexcept {
  try {
    pending_errors_.emplace_back(message);
  } catch (const std::exception&) {
    // Out of memory while reporting: registration still fails, by its return code.
  }
}

void HandlerRegistry::raise_pending(const std::string& origin) {
  if (pending_errors_.empty()) return;
  std::string message = origin + ": registering handlers failed: " + pending_errors_.front();
  for (std::size_t i = 1; i < pending_errors_.size(); ++i) message += "; " + pending_errors_[i];
  pending_errors_.clear();
  throw HandlerLibraryError(message);
}

void HandlerRegistry::register_builtin(const std::function<void(Registrar&)>& registration) {
  origin_ = "the emulator";
  registration(*this);
  raise_pending(origin_);
}

const Invoker* HandlerRegistry::find(std::string_view name) const {
  std::shared_lock lock(mutex_);
  auto it = handlers_.find(name);
  return it == handlers_.end() ? nullptr : &it->second;
}

std::vector<std::string> HandlerRegistry::names() const {
  std::shared_lock lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [name, invoker] : handlers_) out.push_back(name);
  return out;
}

}  // namespace streamstack::handlers
