// Loading a handler library: dlopen, then the ABI checks of abi.h before any of its code runs,
// so a library built against other headers, another nlohmann_json or another standard library
// stops the emulator at start with a message, instead of crashing it at the first invocation.
#include "handlers/sdk/host/handler_registry.h"
#include "streamstack/handlers/abi.h"

#include <dlfcn.h>

#include <mutex>
#include <string>

namespace streamstack::handlers {
namespace {

std::string version_text(int v) {
  return std::to_string(v / 10000) + "." + std::to_string(v / 100 % 100) + "." + std::to_string(v % 100);
}

std::string stdlib_text(int id) {
  switch (id) {
    case 1: return "libstdc++ with the C++11 string ABI";
    case 2: return "libstdc++ with the pre-C++11 string ABI";
    case 3: return "libc++";
    default: return "an unknown C++ standard library (" + std::to_string(id) + ")";
  }
}

// Why the library's ABI info rules it out; empty when it matches this emulator.
std::string abi_mismatch(const streamstack_abi_info& theirs) {
  const streamstack_abi_info ours = STREAMSTACK_ABI_INFO;
  const std::string rebuild = "; rebuild it against this streamstack's handlers/sdk/include";
  if (theirs.abi_version != ours.abi_version)
    return "it was built for handler ABI version " + std::to_string(theirs.abi_version) +
           ", but this streamstack speaks version " + std::to_string(ours.abi_version) + rebuild;
  if (theirs.json_version != ours.json_version)
    return "it was built with nlohmann_json " + version_text(theirs.json_version) +
           ", but this streamstack uses " + version_text(ours.json_version) +
           " (handlers exchange nlohmann::json with it); rebuild it with nlohmann_json " +
           version_text(ours.json_version);
  if (theirs.cxx_stdlib != ours.cxx_stdlib)
    return "it was built with " + stdlib_text(theirs.cxx_stdlib) + ", but this streamstack uses " +
           stdlib_text(ours.cxx_stdlib) + "; rebuild it with the same compiler and standard library";
  if (theirs.context_size != ours.context_size)
    return "its SDK headers differ from this streamstack's (Context is " +
           std::to_string(theirs.context_size) + " bytes there, " + std::to_string(ours.context_size) +
           " here)" + rebuild;
  return {};
}

}  // namespace

void HandlerRegistry::load_library(const std::string& path) {
  if (libraries_.count(path)) return;
  const std::string what = "handler library " + path;
  // RTLD_NOW: an unresolved symbol is an error now, not a crash at the first call. The library
  // is never closed: its code backs the registered handlers until the process ends.
  void* library = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!library) throw HandlerLibraryError(what + " cannot be loaded: " + ::dlerror());

  auto* abi = static_cast<const streamstack_abi_info*>(::dlsym(library, "streamstack_handlers_abi"));
  if (!abi)
    throw HandlerLibraryError(what + " is not a streamstack handler library: it exports no "
                              "streamstack_handlers_abi (define its handlers with "
                              "STREAMSTACK_HANDLERS from <streamstack/handlers/abi.h>)");
  if (auto why = abi_mismatch(*abi); !why.empty())
    throw HandlerLibraryError(what + " cannot be used: " + why);

  auto registration =
      reinterpret_cast<streamstack_register_handlers_fn>(::dlsym(library, "streamstack_register_handlers"));
  if (!registration)
    throw HandlerLibraryError(what + " is not a streamstack handler library: it exports no "
                              "streamstack_register_handlers");

  origin_ = what;
  int rc = registration(reinterpret_cast<streamstack_registrar*>(static_cast<Registrar*>(this)),
                        STREAMSTACK_HANDLER_ABI_VERSION);
  if (rc != 0 && pending_errors_.empty()) pending_errors_.push_back("it returned " + std::to_string(rc));
  raise_pending(what);
  libraries_.insert(path);
}

}  // namespace streamstack::handlers
