#pragma once
// API Gateway on the emulator's port: the control plane under /restapis (SigV4, like every AWS
// API) and the data plane of deployed stages, which needs no credentials and is reached three
// ways, as on LocalStack:
//   /restapis/{id}/{stage}/_user_request_/{path}
//   /_aws/execute-api/{id}/{stage}/{path}
//   Host: {id}.execute-api.localhost[:port], path /{stage}/{path}
#include "apigateway/control_plane.h"
#include "apigateway/data_plane.h"
#include "apigateway/lambda_backend.h"
#include "apigateway/rest_api_store.h"
#include "core/rest_service.h"
#include "store/database.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace streamstack::apigateway {

class ApiGatewayService : public core::RestService {
 public:
  // `db` must be migrated with `migrations()`; it and `lambda` must outlive the service.
  ApiGatewayService(store::Database& db, std::unique_ptr<LambdaBackend> lambda);

  static std::vector<store::Migration> migrations() { return RestApiStore::migrations(); }
  // The Host names of the data plane: `{id}.execute-api.<anything>`.
  static bool is_execute_api_host(std::string_view host);
  // The router's path prefixes of this service.
  static constexpr const char* kControlPlanePrefix = "/restapis";
  static constexpr const char* kExecuteApiPrefix = "/_aws/execute-api/";

  // The control plane. A data-plane request answers through handle_async, as it may wait on a
  // function.
  core::RestResponse handle(const core::RequestContext& context, const core::RestRequest& request) override;
  void handle_async(const core::RequestContext& context, core::RestRequest request,
                    core::RestResponder respond) override;
  bool requires_authentication(const core::RestRequest& request) const override;

  // CDK's LambdaRestApi (see LambdaRestApiSpec); returns the API's id.
  std::string deploy_lambda_rest_api(const LambdaRestApiSpec& spec) { return control_plane_.deploy_lambda_rest_api(spec); }
  // After a reset emptied the store.
  void reload() { store_.reload(); }
  // The path-style URL of a stage's root: /restapis/{id}/{stage}/_user_request_/
  static std::string stage_path(const std::string& api_id, const std::string& stage);

 private:
  struct Target {
    std::string api_id;
    std::string stage;
    std::string path;
  };
  // Where a data-plane request goes; nullopt for the control plane.
  static std::optional<Target> data_plane_target(const core::RestRequest& request);

  std::unique_ptr<LambdaBackend> lambda_;
  RestApiStore store_;
  ControlPlane control_plane_;
  DataPlane data_plane_;
};

}  // namespace streamstack::apigateway
