#include "cloudformation/assets.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace streamstack::cloudformation {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

json read_json(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str(), nullptr, false);
}

}  // namespace

Assets::Assets(std::string template_dir) : dir_(std::move(template_dir)) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_.empty() ? "." : dir_, ec)) {
    const auto name = entry.path().filename().string();
    if (name.size() < 12 || name.compare(name.size() - 12, 12, ".assets.json") != 0) continue;
    auto manifest = read_json(entry.path());
    if (!manifest.is_object() || !manifest.contains("files") || !manifest["files"].is_object()) {
      spdlog::warn("template: {} is not an asset manifest CDK writes; its assets are looked for by name",
                   entry.path().string());
      continue;
    }
    for (const auto& [hash, file] : manifest["files"].items()) {
      if (!file.is_object() || !file.contains("source") || !file["source"].contains("path")) continue;
      const auto path = file["source"]["path"].get<std::string>();
      const auto destinations = file.value("destinations", json::object());
      for (const auto& [id, destination] : destinations.items())
        if (destination.is_object() && destination.contains("objectKey") && destination["objectKey"].is_string())
          by_object_key_[destination["objectKey"].get<std::string>()] = path;
    }
  }
}

std::string Assets::existing(const std::string& relative) const {
  if (relative.empty()) return {};
  fs::path path(relative);
  if (path.is_relative()) path = fs::path(dir_) / path;
  std::error_code ec;
  if (!fs::exists(path, ec)) return {};
  return fs::absolute(path, ec).lexically_normal().string();
}

std::string Assets::find(const TemplateResource& resource, const std::string& property,
                         const std::string& s3_key) const {
  const auto& metadata = resource.metadata;
  if (metadata.value("aws:asset:property", std::string()) == property && metadata.contains("aws:asset:path") &&
      metadata["aws:asset:path"].is_string())
    if (auto path = existing(metadata["aws:asset:path"].get<std::string>()); !path.empty()) return path;
  if (s3_key.empty()) return {};
  auto key = s3_key.substr(s3_key.rfind('/') == std::string::npos ? 0 : s3_key.rfind('/') + 1);
  if (auto it = by_object_key_.find(s3_key); it != by_object_key_.end())
    if (auto path = existing(it->second); !path.empty()) return path;
  if (auto it = by_object_key_.find(key); it != by_object_key_.end())
    if (auto path = existing(it->second); !path.empty()) return path;
  // CDK's layouts: <hash>.zip is the folder asset.<hash>; a legacy S3 key names the folder itself.
  auto stem = key.substr(0, key.rfind('.'));
  for (const auto& candidate : {"asset." + stem, key, "asset." + key})
    if (auto path = existing(candidate); !path.empty()) return path;
  return {};
}

}  // namespace streamstack::cloudformation
