#include "cloudformation/validate.h"

#include "cloudformation/intrinsics.h"
#include "cloudformation/properties.h"
#include "cloudformation/resource_type.h"

namespace streamstack::cloudformation {
namespace {

using nlohmann::json;

// Names resolve to placeholders: enough for the shapes a deployer checks.
class PlaceholderScope final : public Scope {
 public:
  explicit PlaceholderScope(const Template& t) : t_(t) {}
  json parameter(const std::string& name, const ErrorSite&, const std::string&) const override {
    if (name == "AWS::NotificationARNs") return json::array();
    if (const auto* p = t_.parameter(name)) {
      bool list = p->type == "CommaDelimitedList" || p->type.rfind("List<", 0) == 0;
      if (list) return json::array({"placeholder"});
      if (p->default_value && p->default_value->is_string()) return *p->default_value;
      if (p->type == "Number") return "1";
    }
    return "placeholder-" + name;
  }
  json ref(const std::string& logical_id, const ErrorSite&, const std::string&) const override {
    return "placeholder-" + logical_id;
  }
  json attribute(const std::string& logical_id, const std::string& name, const ErrorSite&,
                 const std::string&) const override {
    return "placeholder-" + logical_id + "." + name;
  }
  bool condition(const std::string&) const override { return true; }
  std::string region() const override { return "us-east-1"; }

 private:
  const Template& t_;
};

}  // namespace

Template validate_template(std::string_view text, const std::string& file) {
  auto t = parse_template(text, file);
  PlaceholderScope scope(t);
  Resolver resolver(t, scope);
  for (const auto& r : t.resources) {
    const ResourceType* type = find_resource_type(r.type);
    if (!type) continue;
    ErrorSite site{file, r.logical_id};
    const auto at = r.pointer() + "/Properties";
    auto properties = resolver.required(r.properties, site, at);
    type->check(Properties(properties, site, at, r.type));
  }
  return t;
}

}  // namespace streamstack::cloudformation
