#pragma once
// A FunctionRegistry over an in-memory DynamoDB, with the seed's functions (their roles as the
// stack file gives them) and test handlers that echo, throw, sleep and log.
#include "lambda/function_registry.h"
#include "lambda/log_sink.h"
#include "seed_handlers.h"
#include "support/fake_dynamodb.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace streamstack::lambda::testing {

using nlohmann::json;

class RecordingSink : public InvocationLogSink {
 public:
  void write(const InvocationLogEvent& event) noexcept override {
    std::lock_guard lock(mutex_);
    events_.push_back(event);
  }
  std::vector<InvocationLogEvent> events() {
    std::lock_guard lock(mutex_);
    return events_;
  }
  std::vector<std::string> messages(const std::string& request_id) {
    std::vector<std::string> out;
    for (const auto& e : events())
      if (e.request_id == request_id) out.push_back(e.message);
    return out;
  }
  // Waits until an END line for `request_id` arrives; false after `limit`.
  bool wait_for_end(const std::string& request_id, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
    auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
      for (const auto& m : messages(request_id))
        if (m.rfind("END RequestId: ", 0) == 0) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return false;
  }

 private:
  std::mutex mutex_;
  std::vector<InvocationLogEvent> events_;
};

// Holds test.wait's invocations until released, counting those that have entered: a function
// that is in flight for as long as a test wants, without sleeping.
class Latch {
 public:
  void enter_and_wait() {
    std::unique_lock lock(mutex_);
    ++entered_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_; });
  }
  void release() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  void reset() {
    std::lock_guard lock(mutex_);
    open_ = false;
    entered_ = 0;
  }
  // Whether `n` invocations have entered within `limit`.
  bool wait_entered(int n, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [&] { return entered_ >= n; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = false;
  int entered_ = 0;
};

inline Latch& latch() {
  static Latch instance;
  return instance;
}

inline void register_test_handlers(handlers::Registrar& r) {
  using handlers::Context;
  r.register_handler("test.echo", [](const json& event, Context&) { return event; });
  r.register_handler("test.wait", [](const json& event, Context&) {
    latch().enter_and_wait();
    return event;
  });
  r.register_handler("test.throw", [](const json&, Context&) -> json { throw std::runtime_error("boom"); });
  // Sleeps event.ms, then logs "late" and writes an item: what a timed-out sandbox must not do.
  r.register_handler("test.sleep", [](const json& event, Context& context) -> json {
    std::this_thread::sleep_for(std::chrono::milliseconds(event.value("ms", 0)));
    context.log("late");
    context.dynamodb.put_item("stream-demo-table", {{"itemKey", {{"S", "late"}}}});
    return "slept";
  });
  r.register_handler("test.log", [](const json& event, Context& context) -> json {
    for (const auto& line : event["lines"]) context.log(line.get<std::string>());
    return nullptr;
  });
  r.register_handler("test.context", [](const json&, Context& c) -> json {
    return {{"aws_request_id", c.aws_request_id},
            {"function_name", c.function_name},
            {"function_arn", c.function_arn},
            {"function_version", c.function_version},
            {"memory_limit_in_mb", c.memory_limit_in_mb},
            {"log_group_name", c.log_group_name},
            {"log_stream_name", c.log_stream_name},
            {"remaining", c.get_remaining_time_in_millis()},
            {"xray", c.xray_trace_id},
            {"client_context", c.client_context},
            {"env", c.environment}};
  });
  r.register_runtime_handler("test.runtime", [](const handlers::lambda_runtime::invocation_request&) {
    return handlers::lambda_runtime::invocation_response::success("plain text", "text/plain");
  });
}

inline Role read_role() {
  return {"ddb_read_lambda_role",
          {{"Allow", {"dynamodb:GetItem"}, {"arn:aws:dynamodb:us-east-1:000000000000:table/stream-demo-table"}}}};
}

inline Role write_role() {
  return {"ddb_write_lambda_role",
          {{"Allow",
            {"dynamodb:PutItem", "dynamodb:UpdateItem"},
            {"arn:aws:dynamodb:us-east-1:000000000000:table/stream-demo-table"}}}};
}

inline FunctionConfig function(const std::string& name, const std::string& handler, Role role = {"test-role", {}},
                               int timeout_seconds = 3) {
  FunctionConfig c;
  c.name = name;
  c.handler = handler;
  c.environment = {{"TABLE", "stream-demo-table"}};
  c.role = std::move(role);
  c.timeout_seconds = timeout_seconds;
  return c;
}

class LambdaTest : public ::testing::Test {
 protected:
  LambdaTest() {
    latch().reset();
    db_.add_table("stream-demo-table");
    handlers_.register_builtin(handlers::seed::register_seed_handlers);
    handlers_.register_builtin(register_test_handlers);
    functions_ = std::make_unique<FunctionRegistry>(handlers_, db_);
    functions_->set_log_sink(sink_);
    functions_->create_function(function("get_handler", "handler.handler", read_role()));
    functions_->create_function(function("put_handler", "put_handler.handler", write_role()));
    functions_->create_function(function("stream_handler", "stream_handler.handler"));
    functions_->create_function(function("echo", "test.echo"));
    functions_->create_function(function("thrower", "test.throw"));
    functions_->create_function(function("sleeper", "test.sleep", write_role()));
    functions_->create_function(function("logger", "test.log"));
    functions_->create_function(function("contextual", "test.context"));
    functions_->create_function(function("runtime", "test.runtime"));
    functions_->create_function(function("waiter", "test.wait"));
  }
  // Nothing stays held: the registry would wait for it as it goes.
  ~LambdaTest() override { latch().release(); }

  std::vector<std::string> operations() {
    std::vector<std::string> out;
    for (const auto& c : db_.calls()) out.push_back(c.operation);
    return out;
  }

  ::streamstack::testing::FakeDynamoDb db_;
  handlers::HandlerRegistry handlers_;
  std::shared_ptr<RecordingSink> sink_ = std::make_shared<RecordingSink>();
  std::unique_ptr<FunctionRegistry> functions_;
};

}  // namespace streamstack::lambda::testing
