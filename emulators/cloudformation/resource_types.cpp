// The resource types a template may use, by CloudFormation type name.
#include "cloudformation/resource_type.h"

#include <map>

namespace streamstack::cloudformation {

const ResourceType& dynamodb_table_type();
const ResourceType& dynamodb_global_table_type();
const ResourceType& dynamodb_replica_type();
const ResourceType& kinesis_stream_type();
const ResourceType& iam_role_type();
const ResourceType& iam_policy_type();
const ResourceType& iam_managed_policy_type();
const ResourceType& lambda_function_type();
const ResourceType& lambda_event_source_mapping_type();
const ResourceType& lambda_permission_type();
const ResourceType& apigateway_rest_api_type();
const ResourceType& apigateway_account_type();
const ResourceType& apigateway_resource_type();
const ResourceType& apigateway_method_type();
const ResourceType& apigateway_deployment_type();
const ResourceType& apigateway_stage_type();
const ResourceType& nested_stack_type();
const ResourceType& cdk_metadata_type();

const ResourceType* find_resource_type(std::string_view type) {
  static const std::map<std::string, const ResourceType*, std::less<>> types = {
      {"AWS::DynamoDB::Table", &dynamodb_table_type()},
      {"AWS::DynamoDB::GlobalTable", &dynamodb_global_table_type()},
      {"Custom::DynamoDBReplica", &dynamodb_replica_type()},
      {"AWS::Kinesis::Stream", &kinesis_stream_type()},
      {"AWS::IAM::Role", &iam_role_type()},
      {"AWS::IAM::Policy", &iam_policy_type()},
      {"AWS::IAM::ManagedPolicy", &iam_managed_policy_type()},
      {"AWS::Lambda::Function", &lambda_function_type()},
      {"AWS::Lambda::EventSourceMapping", &lambda_event_source_mapping_type()},
      {"AWS::Lambda::Permission", &lambda_permission_type()},
      {"AWS::ApiGateway::RestApi", &apigateway_rest_api_type()},
      {"AWS::ApiGateway::Account", &apigateway_account_type()},
      {"AWS::ApiGateway::Resource", &apigateway_resource_type()},
      {"AWS::ApiGateway::Method", &apigateway_method_type()},
      {"AWS::ApiGateway::Deployment", &apigateway_deployment_type()},
      {"AWS::ApiGateway::Stage", &apigateway_stage_type()},
      {"AWS::CloudFormation::Stack", &nested_stack_type()},
      {"AWS::CDK::Metadata", &cdk_metadata_type()},
  };
  auto it = types.find(type);
  return it == types.end() ? nullptr : it->second;
}

}  // namespace streamstack::cloudformation
