#pragma once
// Reads a stack file's JSON with errors that name the file, the JSON pointer and what was
// expected there.
#include "config/stack.h"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace streamstack::config::detail {

using nlohmann::json;

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const std::string& pointer, const std::string& expected) const {
    throw StackError(file_ + ": at " + (pointer.empty() ? "/" : pointer) + ": expected " + expected);
  }

  const json& member(const json& object, const std::string& pointer, const char* key) const {
    if (!object.contains(key)) fail(pointer + "/" + key, std::string("member \"") + key + "\"");
    return object[key];
  }

  std::string string(const json& object, const std::string& pointer, const char* key,
                     std::optional<std::string> fallback = std::nullopt) const {
    if (!object.contains(key)) {
      if (fallback) return *fallback;
      fail(pointer + "/" + key, "a string");
    }
    const auto& value = object[key];
    if (!value.is_string()) fail(pointer + "/" + key, "a string");
    return value.get<std::string>();
  }

  std::string one_of(const json& object, const std::string& pointer, const char* key,
                     std::initializer_list<const char*> allowed, std::optional<std::string> fallback) const {
    auto value = string(object, pointer, key, fallback);
    for (const char* a : allowed)
      if (value == a) return value;
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    fail(pointer + "/" + key, "one of " + list + ", got \"" + value + "\"");
  }

  int integer(const json& object, const std::string& pointer, const char* key, int fallback, int min,
              int max) const {
    if (!object.contains(key)) return fallback;
    const auto& value = object[key];
    auto range = "an integer from " + std::to_string(min) + " to " + std::to_string(max);
    if (!value.is_number_integer()) fail(pointer + "/" + key, range);
    auto n = value.get<std::int64_t>();
    if (n < min || n > max) fail(pointer + "/" + key, range + ", got " + std::to_string(n));
    return static_cast<int>(n);
  }

  std::vector<std::string> strings(const json& object, const std::string& pointer, const char* key) const {
    const auto& value = member(object, pointer, key);
    if (!value.is_array()) fail(pointer + "/" + key, "an array of strings");
    std::vector<std::string> out;
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (!value[i].is_string()) fail(pointer + "/" + key + "/" + std::to_string(i), "a string");
      out.push_back(value[i].get<std::string>());
    }
    return out;
  }

 private:
  std::string file_;
};

}  // namespace streamstack::config::detail
