#pragma once
// API Gateway's control plane as the AWS CLI and SDKs speak it (REST JSON under /restapis):
// REST APIs, resources, methods and their responses, integrations and their responses,
// deployments and stages. Lists are sent under `item`, as the model's locationName says;
// timestamps are epoch seconds.
#include "apigateway/rest_api_store.h"
#include "core/rest_service.h"

#include <string>
#include <vector>

namespace streamstack::apigateway {

// What CDK's LambdaRestApi deploys: resources `/` and `/{proxy+}`, each with method ANY
// integrated AWS_PROXY (POST) with the function, deployed to a stage.
struct LambdaRestApiSpec {
  std::string name;
  std::string id;  // empty: a fresh id, unless an API of that name exists already
  std::string function_arn;
  std::string stage = "prod";
  std::string account_id = "000000000000";
  std::string region = "us-east-1";
};

class ControlPlane {
 public:
  explicit ControlPlane(RestApiStore& store) : store_(store) {}

  // `segments`: the decoded path segments after "/restapis".
  core::RestResponse handle(const core::RequestContext& context, const core::RestRequest& request,
                            const std::vector<std::string>& segments);

  // Creates the API unless it exists (by id, or by name when no id is fixed); returns its id.
  std::string deploy_lambda_rest_api(const LambdaRestApiSpec& spec);

 private:
  using Segments = std::vector<std::string>;
  core::RestResponse route_api(const core::RequestContext& context, const core::RestRequest& request,
                               const Segments& s);
  core::RestResponse route_method(const core::RequestContext& context, const core::RestRequest& request,
                                  const Segments& s);

  // rest_apis.cpp
  core::RestResponse create_rest_api(const core::RequestContext& context, const core::RestRequest& request);
  core::RestResponse get_rest_apis(const core::RequestContext& context, const core::RestRequest& request);
  core::RestResponse get_rest_api(const core::RequestContext& context, const std::string& id);
  core::RestResponse delete_rest_api(const core::RequestContext& context, const std::string& id);

  // resources.cpp
  core::RestResponse get_resources(const core::RequestContext& context, const core::RestRequest& request,
                                   const std::string& api_id);
  core::RestResponse get_resource(const core::RequestContext& context, const core::RestRequest& request,
                                  const std::string& api_id, const std::string& resource_id);
  core::RestResponse create_resource(const core::RequestContext& context, const core::RestRequest& request,
                                     const std::string& api_id, const std::string& parent_id);
  core::RestResponse delete_resource(const core::RequestContext& context, const std::string& api_id,
                                     const std::string& resource_id);

  // methods.cpp: methods and method responses
  core::RestResponse put_method(const core::RequestContext& context, const core::RestRequest& request,
                                const Segments& s);
  core::RestResponse get_method(const core::RequestContext& context, const Segments& s);
  core::RestResponse delete_method(const core::RequestContext& context, const Segments& s);
  core::RestResponse put_method_response(const core::RequestContext& context, const core::RestRequest& request,
                                         const Segments& s);
  core::RestResponse get_method_response(const core::RequestContext& context, const Segments& s);

  // integrations.cpp: integrations and integration responses
  core::RestResponse put_integration(const core::RequestContext& context, const core::RestRequest& request,
                                     const Segments& s);
  core::RestResponse get_integration(const core::RequestContext& context, const Segments& s);
  core::RestResponse delete_integration(const core::RequestContext& context, const Segments& s);
  core::RestResponse put_integration_response(const core::RequestContext& context,
                                              const core::RestRequest& request, const Segments& s);
  core::RestResponse get_integration_response(const core::RequestContext& context, const Segments& s);

  // deployments.cpp: deployments and stages
  core::RestResponse create_deployment(const core::RequestContext& context, const core::RestRequest& request,
                                       const std::string& api_id);
  core::RestResponse get_deployments(const core::RequestContext& context, const core::RestRequest& request,
                                     const std::string& api_id);
  core::RestResponse get_deployment(const core::RequestContext& context, const std::string& api_id,
                                    const std::string& deployment_id);
  core::RestResponse create_stage(const core::RequestContext& context, const core::RestRequest& request,
                                  const std::string& api_id);
  core::RestResponse get_stages(const core::RequestContext& context, const core::RestRequest& request,
                                const std::string& api_id);
  core::RestResponse get_stage(const core::RequestContext& context, const std::string& api_id,
                               const std::string& stage_name);
  core::RestResponse delete_stage(const core::RequestContext& context, const std::string& api_id,
                                  const std::string& stage_name);

  RestApiStore& store_;
};

}  // namespace streamstack::apigateway
