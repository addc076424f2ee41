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
  Router router_;
};

}  // namespace streamstack::server
