#include "lambda/concurrency.h"

#include "lambda/errors.h"

#include <algorithm>

namespace streamstack::lambda {

Concurrency::Concurrency(int account_limit) : account_limit_(account_limit) {}

int Concurrency::unreserved_locked() const {
  int reserved = 0;
  for (const auto& [name, executions] : reservations_) reserved += executions;
  return account_limit_ - reserved;
}

int Concurrency::unreserved() const {
  std::lock_guard lock(mutex_);
  return unreserved_locked();
}

Concurrency::Execution Concurrency::acquire(const std::string& function_name) {
  std::lock_guard lock(mutex_);
  if (auto reservation = reservations_.find(function_name); reservation != reservations_.end()) {
    auto& in_flight = reserved_in_flight_[function_name];
    if (in_flight >= reservation->second) throw too_many_requests("ReservedFunctionConcurrentInvocationLimitExceeded");
    ++in_flight;
    return {function_name, true};
  }
  if (unreserved_in_flight_ >= unreserved_locked()) throw too_many_requests("ConcurrentInvocationLimitExceeded");
  ++unreserved_in_flight_;
  return {function_name, false};
}

void Concurrency::release(const Execution& execution) {
  std::lock_guard lock(mutex_);
  if (!execution.reserved) {
    --unreserved_in_flight_;
    return;
  }
  auto it = reserved_in_flight_.find(execution.function_name);
  if (it != reserved_in_flight_.end() && --it->second == 0) reserved_in_flight_.erase(it);
}

void Concurrency::reserve(const std::string& function_name, int executions) {
  std::lock_guard lock(mutex_);
  auto current = reservations_.find(function_name);
  int unreserved_after = unreserved_locked() + (current == reservations_.end() ? 0 : current->second) - executions;
  int minimum = std::min(kUnreservedMinimum, account_limit_);
  if (unreserved_after < minimum)
    throw lambda_error(400, "InvalidParameterValueException",
                       "Specified ReservedConcurrentExecutions for function decreases account's "
                       "UnreservedConcurrentExecution below its minimum value of [" +
                           std::to_string(minimum) + "].");
  reservations_[function_name] = executions;
}

void Concurrency::unreserve(const std::string& function_name) {
  std::lock_guard lock(mutex_);
  reservations_.erase(function_name);
}

std::optional<int> Concurrency::reserved(const std::string& function_name) const {
  std::lock_guard lock(mutex_);
  auto it = reservations_.find(function_name);
  if (it == reservations_.end()) return std::nullopt;
  return it->second;
}

void Concurrency::clear_reservations() {
  std::lock_guard lock(mutex_);
  reservations_.clear();
}

}  // namespace streamstack::lambda
