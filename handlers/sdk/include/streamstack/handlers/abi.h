#pragma once
// Handlers in a shared library the emulator loads at start (the stack file's function "code").
// The library exports two C symbols, both defined by STREAMSTACK_HANDLERS:
//   streamstack_handlers_abi       what the library was built with; checked before anything runs
//   streamstack_register_handlers  registers its handlers with the emulator's Registrar
//
//   #include <streamstack/handlers/sdk.h>
//   STREAMSTACK_HANDLERS(registrar) {
//     registrar.register_handler("my_handler.handler", my_handler);
//   }
//
// The ABI contract. The C entry points are plain C; what crosses the boundary after them is
// C++: nlohmann::json, std::string, std::function and the SDK's Context, all header-only, so the
// library needs no symbol from the emulator but must agree with it on their layout:
//   - the same handler ABI version (STREAMSTACK_HANDLER_ABI_VERSION, raised whenever a type in
//     these headers changes shape);
//   - the same nlohmann_json version;
//   - the same C++ standard library ABI (libstdc++ with the C++11 string ABI on Linux).
// All three are checked when the library is loaded; a mismatch stops the emulator at start with
// a message naming the library, never a crash later. Exceptions never cross the boundary: the
// SDK's wrappers catch them inside the library. The library stays loaded until the process ends.
#include "streamstack/handlers/context.h"
#include "streamstack/handlers/handler.h"

#include <nlohmann/json.hpp>

#include <exception>

#define STREAMSTACK_HANDLER_ABI_VERSION 1

// Which C++ standard library (and string ABI) a side was built with.
#if defined(_LIBCPP_VERSION)
#define STREAMSTACK_CXX_STDLIB 3  // libc++
#elif defined(_GLIBCXX_USE_CXX11_ABI) && _GLIBCXX_USE_CXX11_ABI
#define STREAMSTACK_CXX_STDLIB 1  // libstdc++, C++11 string ABI
#else
#define STREAMSTACK_CXX_STDLIB 2  // libstdc++, pre-C++11 string ABI
#endif

extern "C" {

// The emulator's Registrar, opaque to C.
typedef struct streamstack_registrar streamstack_registrar;

typedef struct streamstack_abi_info {
  int abi_version;
  int json_version;  // nlohmann_json: major * 10000 + minor * 100 + patch
  int cxx_stdlib;    // STREAMSTACK_CXX_STDLIB
  int context_size;  // sizeof(streamstack::handlers::Context): catches headers that drifted
} streamstack_abi_info;

// Registers the library's handlers; 0 on success. Called only after the abi info matched.
typedef int (*streamstack_register_handlers_fn)(streamstack_registrar* registrar, int abi_version);
}

#define STREAMSTACK_JSON_VERSION                                            \
  (NLOHMANN_JSON_VERSION_MAJOR * 10000 + NLOHMANN_JSON_VERSION_MINOR * 100 + \
   NLOHMANN_JSON_VERSION_PATCH)

#define STREAMSTACK_ABI_INFO                                                     \
  streamstack_abi_info {                                                         \
    STREAMSTACK_HANDLER_ABI_VERSION, STREAMSTACK_JSON_VERSION, STREAMSTACK_CXX_STDLIB, \
        static_cast<int>(sizeof(::streamstack::handlers::Context))               \
  }

// Defines the library's entry points around the registration body that follows it.
#define STREAMSTACK_HANDLERS(registrar)                                                          \
  static void streamstack_register_library_handlers(::streamstack::handlers::Registrar&);        \
  extern "C" __attribute__((visibility("default"))) const streamstack_abi_info                 \
      streamstack_handlers_abi = STREAMSTACK_ABI_INFO;                                         \
  extern "C" __attribute__((visibility("default"))) int streamstack_register_handlers(         \
      streamstack_registrar* host, int abi_version) {                                          \
    auto& into = *reinterpret_cast<::streamstack::handlers::Registrar*>(host);                 \
    if (abi_version != STREAMSTACK_HANDLER_ABI_VERSION) {                                      \
      into.report_error("handler ABI version mismatch");                                       \
      return 1;                                                                                \
    }                                                                                          \
    try {                                                                                      \
      streamstack_register_library_handlers(into);                                             \
    } catch (const std::exception& e) {                                                        \
      into.report_error(e.what());                                                             \
      return 2;                                                                                \
    }                                                                                          \
    return 0;                                                                                  \
  }                                                                                            \
  static void streamstack_register_library_handlers(::streamstack::handlers::Registrar& registrar)
