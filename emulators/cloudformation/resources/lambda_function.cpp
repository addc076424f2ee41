// AWS::Lambda::Function: registered with the function registry under its name, with its
// runtime, handler, code folder (the asset cdk.out holds, or the inline ZipFile written to a
// folder of its own), environment, timeout, memory and the enforced policy of its role. Lambda
// decides how it runs (lambda/function.h): a provided.* runtime whose handler names a registered
// C++ handler runs in-process. Functions live in memory, so each start registers them again.
#include "cloudformation/deploy_context.h"
#include "cloudformation/intrinsics.h"
#include "cloudformation/physical_names.h"
#include "cloudformation/resource_type.h"
#include "cloudformation/resources/service_calls.h"
#include "lambda/function_registry.h"

#include <filesystem>
#include <fstream>

namespace streamstack::cloudformation {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// CloudFormation writes a ZipFile as index.py, or index.js for Node.js.
std::string write_inline_code(const DeployContext& context, const std::string& name, const std::string& runtime,
                              const std::string& code) {
  auto dir = fs::temp_directory_path() / "streamstack-inline-code" / context.stack_name / name;
  fs::create_directories(dir);
  auto file = dir / (runtime.rfind("nodejs", 0) == 0 ? "index.js" : "index.py");
  std::ofstream(file, std::ios::binary) << code;
  return dir.string();
}

std::string role_name_in(const std::string& arn) {
  auto slash = arn.rfind('/');
  return slash == std::string::npos ? arn : arn.substr(slash + 1);
}

class FunctionType : public ResourceType {
 public:
  void check(const Properties& p) const override {
    p.allow_only({"Architectures", "Code", "CodeSigningConfigArn", "DeadLetterConfig", "Description",
                  "Environment", "EphemeralStorage", "FileSystemConfigs", "FunctionName", "Handler",
                  "ImageConfig", "KmsKeyArn", "Layers", "LoggingConfig", "MemorySize", "PackageType",
                  "RecursiveLoop", "ReservedConcurrentExecutions", "Role", "Runtime", "RuntimeManagementConfig",
                  "SnapStart", "Tags", "Timeout", "TracingConfig", "VpcConfig"});
    if (!p.required("Code").is_object()) p.fail("Code", "an object (S3Bucket and S3Key, ZipFile or ImageUri)");
    p.string("Role");
    p.integer("Timeout", 1, 900);
    p.integer("MemorySize", 128, 10240);
    if (p.optional_string("PackageType").value_or("Zip") == "Zip") {
      p.string("Runtime");
      p.string("Handler");
    }
    environment(p);
  }

  std::vector<std::string> not_emulated(const Properties& p, const Services&) const override {
    std::vector<std::string> out;
    for (const auto& [name, why] : {std::pair{"Layers", "layers are not added to the code"},
                                    std::pair{"DeadLetterConfig", "no dead-letter queue"},
                                    std::pair{"ReservedConcurrentExecutions", "concurrency is not reserved"},
                                    std::pair{"FileSystemConfigs", "no EFS"},
                                    std::pair{"ImageConfig", "container images are not run"},
                                    std::pair{"SnapStart", "no SnapStart"}})
      if (p.has(name)) out.push_back(std::string(name) + " (" + why + ")");
    if (p.optional_string("PackageType").value_or("Zip") == "Image")
      out.push_back("PackageType Image (container images are not run: invoking it fails)");
    return out;
  }

  DeployedResource deploy(DeployContext& context, const ResourceRequest& r) const override {
    const auto& p = r.properties;
    const auto& id = r.resource.logical_id;
    auto& registry = detail::require_service(context.services.functions, p.site(), r.resource.pointer(), "Lambda");
    lambda::FunctionConfig config;
    config.name = p.optional_string("FunctionName").value_or(physical_name(context.stack_name, id, r.resource.type));
    config.runtime = p.optional_string("Runtime").value_or("provided.al2023");
    config.handler = p.optional_string("Handler").value_or("");
    config.description = p.optional_string("Description").value_or("");
    config.environment = environment(p);
    config.timeout_seconds = static_cast<int>(p.integer("Timeout", 1, 900).value_or(3));
    config.memory_size_mb = static_cast<int>(p.integer("MemorySize", 128, 10240).value_or(128));
    config.region = context.region;
    config.account = context.account;
    config.code_dir = code_dir(context, r, config);
    auto role_arn = p.string("Role");
    const std::string* role = context.iam.role_named_by(role_arn);
    config.role.name = role ? *role : role_name_in(role_arn);
    if (role)
      config.role.statements = context.iam.statements_of(*role);
    else
      context.report(id, r.resource.type,
                     "Role " + role_arn + " (not a role of this template: every call the function makes is refused)");
    try {
      registry.put_function(config);
    } catch (const std::exception& e) {
      p.fail("Handler", std::string("a function Lambda can register: ") + e.what());
    }
    context.function_names.push_back(config.name);
    DeployedResource deployed{config.name, {{"Arn", context.arn("lambda", "function:" + config.name)}}};
    deployed.change = unchanged(r) ? Change::kUnchanged : (r.previous ? Change::kUpdated : Change::kCreated);
    return deployed;
  }

 private:
  static std::map<std::string, std::string> environment(const Properties& p) {
    std::map<std::string, std::string> out;
    const json* env = p.object("Environment");
    if (!env || !env->contains("Variables")) return out;
    const auto& variables = (*env)["Variables"];
    if (!variables.is_object()) p.fail("Environment", "an object of variables", "/Variables");
    for (const auto& [name, value] : variables.items()) {
      auto text = scalar_text(value);
      if (!text) p.fail("Environment", "a string", "/Variables/" + pointer_token(name));
      out[name] = *text;
    }
    return out;
  }

  // The function's code folder: the asset CDK put beside the template, or the inline code.
  static std::string code_dir(DeployContext& context, const ResourceRequest& r, const lambda::FunctionConfig& config) {
    const auto& code = r.properties.required("Code");
    if (code.contains("ZipFile") && code["ZipFile"].is_string())
      return write_inline_code(context, config.name, config.runtime, code["ZipFile"].get<std::string>());
    if (code.contains("ImageUri")) return {};
    auto key = code.value("S3Key", std::string());
    auto dir = context.assets.find(r.resource, "Code", key);
    if (dir.empty())
      context.report(r.resource.logical_id, r.resource.type,
                     "Code s3://" + code.value("S3Bucket", std::string("?")) + "/" + key +
                         " (not found beside the template in " + context.assets.dir() +
                         ": the function has no code folder)");
    return dir;
  }
};

}  // namespace

const ResourceType& lambda_function_type() {
  static const FunctionType type;
  return type;
}

}  // namespace streamstack::cloudformation
