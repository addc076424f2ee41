#pragma once
// Where a synthesized template's assets are: the cdk.out folder beside it. CDK names each asset
// in the resource's Metadata (`aws:asset:path`, relative to cdk.out) and, for the S3 object the
// template points at (Code.S3Key, a nested stack's TemplateURL), in cdk.out's `*.assets.json`
// manifests (files.<hash>.source.path, destinations.*.objectKey). Both are read; a key the
// manifests do not list is looked for as CDK lays out its folders (`asset.<hash>` for
// `<hash>.zip`).
#include "cloudformation/template.h"

#include <map>
#include <string>

namespace streamstack::cloudformation {

class Assets {
 public:
  // Reads the manifests in `template_dir`; a folder without any is fine.
  explicit Assets(std::string template_dir);

  // The local path of the asset a resource's `property` ("Code", "TemplateURL") names, given the
  // S3 key it was resolved to; "" when it is not there.
  std::string find(const TemplateResource& resource, const std::string& property, const std::string& s3_key) const;

  const std::string& dir() const { return dir_; }

 private:
  std::string existing(const std::string& relative) const;

  std::string dir_;
  std::map<std::string, std::string> by_object_key_;  // S3 object key -> path in cdk.out
};

}  // namespace streamstack::cloudformation
