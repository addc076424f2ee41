#include "lambda/api/function_shapes.h"

#include "lambda/encoding.h"

namespace streamstack::lambda::api {
namespace {

using nlohmann::ordered_json;

// Handlers are native code run by the emulator itself: the closest Lambda runtime is the
// OS-only one, as used by aws-lambda-cpp functions.
constexpr const char* kRuntime = "provided.al2023";

}  // namespace

ordered_json function_configuration(const Function& f, ConfigurationView view) {
  const auto& c = f.config;
  ordered_json out;
  out["FunctionName"] = c.name;
  out["FunctionArn"] = f.arn;
  const std::string runtime = c.runtime.empty() ? kRuntime : c.runtime;
  out["Runtime"] = runtime;
  out["Role"] = f.role_arn;
  out["Handler"] = c.handler;
  out["CodeSize"] = f.code_size;
  out["Description"] = c.description;
  out["Timeout"] = c.timeout_seconds;
  out["MemorySize"] = c.memory_size_mb;
  out["LastModified"] = f.last_modified;
  out["CodeSha256"] = f.code_sha256;
  out["Version"] = "$LATEST";
  // AWS leaves Environment out altogether when the function has no variables.
  if (!c.environment.empty()) {
    ordered_json variables = ordered_json::object();
    for (const auto& [name, value] : c.environment) variables[name] = value;
    out["Environment"] = {{"Variables", variables}};
  }
  out["TracingConfig"] = {{"Mode", "PassThrough"}};
  out["RevisionId"] = f.revision_id;
  if (view == ConfigurationView::kFull) {
    out["State"] = "Active";
    out["LastUpdateStatus"] = "Successful";
  }
  out["PackageType"] = "Zip";
  out["Architectures"] = ordered_json::array({"x86_64"});
  out["EphemeralStorage"] = {{"Size", 512}};
  out["SnapStart"] = {{"ApplyOn", "None"}, {"OptimizationStatus", "Off"}};
  if (view == ConfigurationView::kFull)
    out["RuntimeVersionConfig"] = {
        {"RuntimeVersionArn", "arn:aws:lambda:" + c.region + "::runtime:" + sha256_hex(runtime)}};
  out["LoggingConfig"] = {{"LogFormat", "Text"}, {"LogGroup", f.log_group_name}};
  return out;
}

}  // namespace streamstack::lambda::api
