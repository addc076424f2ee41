#pragma once
// Lambda's concurrency model. An account has a limit of concurrent executions (1000 by default,
// --lambda-concurrency here). A function with reserved concurrency (PutFunctionConcurrency) may
// run that many at once and no more, and what it reserves is taken from everyone else; every
// other function shares what is left, the unreserved concurrency, of which Lambda always keeps
// 100 (or the whole limit, when it is smaller) for functions without a reservation.
//
// An execution is held from admission until the invocation's result (or its timeout): past the
// deadline Lambda stops the sandbox, and so its concurrency is free again. An invocation over a
// limit is refused at once with TooManyRequestsException, its Reason saying which limit.
// One limit serves every account and region the emulator holds.
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace streamstack::lambda {

class Concurrency {
 public:
  static constexpr int kDefaultAccountLimit = 1000;
  // Lambda keeps this much unreserved concurrency at least (less when the limit is lower).
  static constexpr int kUnreservedMinimum = 100;

  explicit Concurrency(int account_limit = kDefaultAccountLimit);

  // One execution taken by acquire(), given back by release().
  struct Execution {
    std::string function_name;
    bool reserved = false;  // counted against the function's reservation, not the shared pool
  };

  // Throws TooManyRequestsException (ReservedFunctionConcurrentInvocationLimitExceeded or
  // ConcurrentInvocationLimitExceeded) when `function_name` may not run one more now.
  Execution acquire(const std::string& function_name);
  void release(const Execution& execution);

  // PutFunctionConcurrency. Throws InvalidParameterValueException when the account's
  // unreserved concurrency would drop below its minimum.
  void reserve(const std::string& function_name, int executions);
  // DeleteFunctionConcurrency.
  void unreserve(const std::string& function_name);
  // GetFunctionConcurrency: nullopt when the function has no reservation.
  std::optional<int> reserved(const std::string& function_name) const;
  // Reset: every reservation goes (executions in flight are still given back).
  void clear_reservations();

  int account_limit() const { return account_limit_; }
  // GetAccountSettings' UnreservedConcurrentExecutions: the limit less every reservation.
  int unreserved() const;

 private:
  int unreserved_locked() const;

  const int account_limit_;
  mutable std::mutex mutex_;
  std::map<std::string, int, std::less<>> reservations_;
  std::map<std::string, int, std::less<>> reserved_in_flight_;
  int unreserved_in_flight_ = 0;
};

}  // namespace streamstack::lambda
