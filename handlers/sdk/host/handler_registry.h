#pragma once
// The emulator's table of handlers by name: those linked in (the seed's) and those loaded from
// handler libraries named in the stack file. Filled at start; read by every invocation.
#include "streamstack/handlers/handler.h"

#include <functional>
#include <map>
#include <set>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace streamstack::handlers {

// A handler library that cannot be used, or a registration that failed: says which and why.
class HandlerLibraryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class HandlerRegistry final : public Registrar {
 public:
  HandlerRegistry() = default;
  HandlerRegistry(const HandlerRegistry&) = delete;
  HandlerRegistry& operator=(const HandlerRegistry&) = delete;

  // Registers handlers linked into the emulator; throws HandlerLibraryError on a duplicate name.
  void register_builtin(const std::function<void(Registrar&)>& registration);

  // Loads a handler library (abi.h) and registers its handlers. Loading the same path again
  // does nothing. Throws HandlerLibraryError naming the file and the fault.
  void load_library(const std::string& path);

  // The handler registered under `name`; nullptr when none. The pointer stays valid for the
  // registry's lifetime.
  const Invoker* find(std::string_view name) const;
  std::vector<std::string> names() const;

  void report_error(std::string_view message) noexcept override;

 protected:
  void add(std::string name, Invoker invoker) noexcept override;

 private:
  // Throws the errors collected while `origin` registered, if any.
  void raise_pending(const std::string& origin);

  mutable std::shared_mutex mutex_;
  std::map<std::string, Invoker, std::less<>> handlers_;
  std::map<std::string, std::string, std::less<>> origins_;  // handler name -> who registered it
  std::set<std::string> libraries_;
  std::string origin_ = "the emulator";
  std::vector<std::string> pending_errors_;
};

}  // namespace streamstack::handlers
