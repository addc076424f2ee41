#pragma once
// Helpers for the expression tests: run a parse with given ExpressionAttributeNames/Values and
// return DynamoDB's error text, or evaluate a condition against an item.
#include "core/api_error.h"
#include "dynamodb/expressions/expressions.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace streamstack::dynamodb::expr::testing {

using json = nlohmann::json;

// The message of the ValidationException `run` throws; "<no error>" when it throws none and
// "<Code>: message" for any other error code.
template <class Run>
std::string error_of(Run&& run) {
  try {
    run();
  } catch (const core::ApiError& e) {
    if (e.code() != "ValidationException") return e.code() + ": " + e.message();
    return e.message();
  }
  return "<no error>";
}

// Request parameters of one test: both may be null (absent).
struct Params {
  json names = nullptr;
  json values = nullptr;

  Substitutions substitutions() const {
    return Substitutions(names.is_null() ? nullptr : &names, values.is_null() ? nullptr : &values);
  }
};

inline std::string condition_error(std::string_view text, const Params& params = {},
                                   std::string_view kind = "ConditionExpression") {
  return error_of([&] {
    Substitutions subs = params.substitutions();
    parse_condition(text, subs, kind);
  });
}

inline std::string update_error(std::string_view text, const Params& params = {}) {
  return error_of([&] {
    Substitutions subs = params.substitutions();
    parse_update(text, subs);
  });
}

inline std::string projection_error(std::string_view text, const Params& params = {}) {
  return error_of([&] {
    Substitutions subs = params.substitutions();
    parse_projection(text, subs);
  });
}

inline std::string key_condition_error(std::string_view text, const Params& params = {}) {
  return error_of([&] {
    Substitutions subs = params.substitutions();
    parse_key_condition(text, subs);
  });
}

inline bool evaluate(std::string_view text, const json& item, const Params& params = {}) {
  Substitutions subs = params.substitutions();
  return parse_condition(text, subs)->evaluate(item);
}

inline json apply_update(std::string_view text, const json& item, const Params& params = {}) {
  Substitutions subs = params.substitutions();
  return parse_update(text, subs)->apply(item);
}

}  // namespace streamstack::dynamodb::expr::testing
