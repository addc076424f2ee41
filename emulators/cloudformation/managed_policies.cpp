// AWS managed policies that templates name in ManagedPolicyArns, with the statements AWS
// publishes for them (AWS Managed Policy reference, default versions: AWSLambdaBasicExecutionRole
// v1, AWSLambdaDynamoDBExecutionRole v1, AWSLambdaKinesisExecutionRole v2,
// AmazonAPIGatewayPushToCloudWatchLogs v1, AmazonDynamoDBFullAccess v15,
// AmazonDynamoDBReadOnlyAccess v15). The two DynamoDB console policies also grant actions of
// services streamstack does not serve (Auto Scaling, CloudWatch, Data Pipeline, DAX, EC2, IAM,
// KMS, SNS, Resource Groups, tagging); their lists here stop after the actions checked against
// the published documents, which include every DynamoDB action they grant.
#include "cloudformation/iam_model.h"
#include "core/iam/policy_document.h"

#include <map>

namespace streamstack::cloudformation {
namespace {

constexpr const char* kLambdaBasic = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}]})";

constexpr const char* kLambdaDynamoDB = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Action": ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams",
             "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}]})";

constexpr const char* kLambdaKinesis = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Action": ["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords",
             "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:ListStreams", "kinesis:SubscribeToShard",
             "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"}]})";

constexpr const char* kApiGatewayLogs = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups", "logs:DescribeLogStreams",
             "logs:PutLogEvents", "logs:GetLogEvents", "logs:FilterLogEvents"], "Resource": "*"}]})";

constexpr const char* kDynamoDBFull = R"({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Action": ["dynamodb:*", "dax:*", "application-autoscaling:DeleteScalingPolicy",
             "application-autoscaling:DeregisterScalableTarget", "application-autoscaling:DescribeScalableTargets",
             "application-autoscaling:DescribeScalingActivities", "application-autoscaling:DescribeScalingPolicies",
             "application-autoscaling:PutScalingPolicy", "application-autoscaling:RegisterScalableTarget",
             "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarmHistory", "cloudwatch:DescribeAlarms",
             "cloudwatch:DescribeAlarmsForMetric", "cloudwatch:GetMetricStatistics", "cloudwatch:ListMetrics",
             "cloudwatch:PutMetricAlarm", "cloudwatch:GetMetricData", "datapipeline:ActivatePipeline",
             "datapipeline:CreatePipeline", "datapipeline:DeletePipeline", "datapipeline:DescribeObjects",
             "datapipeline:DescribePipelines", "datapipeline:GetPipelineDefinition", "datapipeline:ListPipelines",
             "datapipeline:PutPipelineDefinition", "datapipeline:QueryObjects", "ec2:DescribeVpcs",
             "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "iam:GetRole", "iam:ListRoles",
             "sns:CreateTopic", "sns:DeleteTopic", "sns:ListSubscriptions", "sns:ListSubscriptionsByTopic",
             "sns:ListTopics", "sns:Subscribe", "sns:Unsubscribe", "sns:SetTopicAttributes",
             "lambda:CreateFunction", "lambda:ListFunctions", "lambda:ListEventSourceMappings",
             "lambda:CreateEventSourceMapping", "lambda:DeleteEventSourceMapping",
             "lambda:GetFunctionConfiguration", "lambda:DeleteFunction"], "Resource": "*"}]})";

constexpr const char* kDynamoDBReadOnly = R"({"Version": "2012-10-17", "Statement": [{"Sid": "GeneralReadOnlyAccess",
  "Effect": "Allow",
  "Action": ["application-autoscaling:DescribeScalableTargets", "application-autoscaling:DescribeScalingActivities",
             "application-autoscaling:DescribeScalingPolicies", "cloudwatch:DescribeAlarmHistory",
             "cloudwatch:DescribeAlarms", "cloudwatch:DescribeAlarmsForMetric", "cloudwatch:GetMetricStatistics",
             "cloudwatch:ListMetrics", "cloudwatch:GetMetricData", "datapipeline:DescribeObjects",
             "datapipeline:DescribePipelines", "datapipeline:GetPipelineDefinition", "datapipeline:ListPipelines",
             "datapipeline:QueryObjects", "dynamodb:BatchGetItem", "dynamodb:Describe*", "dynamodb:List*",
             "dynamodb:GetAbacStatus", "dynamodb:GetItem", "dynamodb:GetResourcePolicy", "dynamodb:Query",
             "dynamodb:Scan", "dynamodb:PartiQLSelect", "dax:Describe*", "dax:List*", "dax:GetItem",
             "dax:BatchGetItem", "dax:Query", "dax:Scan", "ec2:DescribeVpcs", "ec2:DescribeSubnets",
             "ec2:DescribeSecurityGroups"], "Resource": "*"}]})";

const std::map<std::string, std::vector<core::iam::Statement>, std::less<>>& policies() {
  static const auto table = [] {
    std::map<std::string, std::vector<core::iam::Statement>, std::less<>> out;
    auto add = [&](const char* name, const char* document) {
      out[name] = core::iam::read_policy_document(nlohmann::json::parse(document)).statements;
    };
    add("service-role/AWSLambdaBasicExecutionRole", kLambdaBasic);
    add("service-role/AWSLambdaDynamoDBExecutionRole", kLambdaDynamoDB);
    add("service-role/AWSLambdaKinesisExecutionRole", kLambdaKinesis);
    add("service-role/AmazonAPIGatewayPushToCloudWatchLogs", kApiGatewayLogs);
    add("AmazonDynamoDBFullAccess", kDynamoDBFull);
    add("AmazonDynamoDBReadOnlyAccess", kDynamoDBReadOnly);
    return out;
  }();
  return table;
}

}  // namespace

const std::vector<core::iam::Statement>* aws_managed_policy(const std::string& arn) {
  // arn:<partition>:iam::aws:policy/<path><name>
  constexpr std::string_view kMarker = ":iam::aws:policy/";
  auto at = arn.find(kMarker);
  if (arn.rfind("arn:", 0) != 0 || at == std::string::npos) return nullptr;
  auto it = policies().find(std::string_view(arn).substr(at + kMarker.size()));
  return it == policies().end() ? nullptr : &it->second;
}

}  // namespace streamstack::cloudformation
