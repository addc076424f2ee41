#pragma once
// Everything the server serves, wired together: the store, the services and the router.
#include "options.h"
#include "router.h"

#include <memory>

namespace streamstack::store {
class Database;
}
namespace streamstack::dynamodb {
class DynamoDbService;
}
namespace streamstack::streams {
class StreamsService;
}
namespace streamstack::handlers {
class HandlerRegistry;
}
namespace streamstack::lambda {
class FunctionRegistry;
namespace api {
class LambdaService;
}
}  // namespace streamstack::lambda

namespace streamstack::server {

class App {
 public:
  explicit App(const Options& options);
  ~App();

  Router& router() { return router_; }
  // Applies the stack file named by --config (if any).
  void apply_config();

 private:
  Options options_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<dynamodb::DynamoDbService> dynamodb_;
  std::unique_ptr<streams::StreamsService> streams_;
  std::unique_ptr<handlers::HandlerRegistry> handlers_;
  std::unique_ptr<lambda::FunctionRegistry> functions_;
  std::unique_ptr<lambda::api::LambdaService> lambda_;
  Router router_;
};

}  // namespace streamstack::server
