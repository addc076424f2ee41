#include "apigateway/route_table.h"

#include <gtest/gtest.h>

using namespace streamstack::apigateway;
using nlohmann::ordered_json;

namespace {

// / (GET), /items (GET), /items/{itemId} (ANY), /items/special (GET), /{proxy+} (GET),
// /files/{path+} (POST): ids are the paths, so a match names itself.
ordered_json resources() {
  ordered_json r = ordered_json::object();
  auto add = [&](const std::string& path, const std::string& parent, const std::string& part,
                 const std::string& method) {
    ordered_json resource = {{"id", path}, {"path", path}};
    if (!parent.empty()) {
      resource["parentId"] = parent;
      resource["pathPart"] = part;
    }
    resource["resourceMethods"] = {{method, {{"httpMethod", method}}}};
    r[path] = resource;
  };
  // Children before parents, as ids in a snapshot come in no particular order.
  add("/items/{itemId}", "/items", "{itemId}", "ANY");
  add("/", "", "", "GET");
  add("/items", "/", "items", "GET");
  add("/items/special", "/items", "special", "GET");
  add("/{proxy+}", "/", "{proxy+}", "GET");
  add("/files", "/", "files", "GET");
  add("/files/{path+}", "/files", "{path+}", "POST");
  return r;
}

std::string matched(const RouteTable& table, std::string_view path) {
  auto match = table.match(path);
  if (!match) return "none";
  std::string out = (*match->resource)["path"].get<std::string>();
  for (const auto& [name, value] : match->path_parameters) out += " " + name + "=" + value;
  return out;
}

}  // namespace

TEST(RouteTable, ALiteralWinsOverAVariableWhichWinsOverAGreedyPath) {
  RouteTable table(resources());
  EXPECT_EQ(matched(table, "/items/special"), "/items/special");
  EXPECT_EQ(matched(table, "/items/42"), "/items/{itemId} itemId=42");
  EXPECT_EQ(matched(table, "/items"), "/items");
  EXPECT_EQ(matched(table, "/"), "/");
  EXPECT_EQ(matched(table, "/other"), "/{proxy+} proxy=other");
}

TEST(RouteTable, ADeadEndFallsBackToTheGreedyPathAbove) {
  RouteTable table(resources());
  EXPECT_EQ(matched(table, "/items/42/more"), "/{proxy+} proxy=items/42/more");
}

TEST(RouteTable, GreedyValueKeepsEncodingAndDropsOneTrailingSlash) {
  RouteTable table(resources());
  EXPECT_EQ(matched(table, "/a%2Fb/c+d/"), "/{proxy+} proxy=a%2Fb/c+d");
  EXPECT_EQ(matched(table, "/files/x/y.txt"), "/files/{path+} path=x/y.txt");
}

TEST(RouteTable, AVariableKeepsItsEncoding) {
  RouteTable table(resources());
  EXPECT_EQ(matched(table, "/items/a%20b"), "/items/{itemId} itemId=a%20b");
}

TEST(RouteTable, AGreedyPathNeedsAtLeastOneSegment) {
  ordered_json only_greedy = {{"r", {{"id", "r"}, {"path", "/"}}},
                              {"g", {{"id", "g"}, {"parentId", "r"}, {"pathPart", "{proxy+}"}, {"path", "/{proxy+}"}}}};
  RouteTable table(only_greedy);
  EXPECT_EQ(matched(table, "/"), "/");
  EXPECT_EQ(matched(table, "/x"), "/{proxy+} proxy=x");
}

TEST(RouteTable, NoResourceIsNoMatch) {
  ordered_json root_only = {{"r", {{"id", "r"}, {"path", "/"}}}};
  RouteTable table(root_only);
  EXPECT_EQ(matched(table, "/anything"), "none");
}

TEST(RouteTable, MethodIsTheRequestsOwnElseAny) {
  RouteTable table(resources());
  auto item = table.match("/items/1");
  ASSERT_TRUE(item);
  EXPECT_EQ((*RouteTable::method_for(*item->resource, "DELETE"))["httpMethod"], "ANY");
  auto special = table.match("/items/special");
  ASSERT_TRUE(special);
  EXPECT_EQ(RouteTable::method_for(*special->resource, "POST"), nullptr);
  EXPECT_EQ((*RouteTable::method_for(*special->resource, "GET"))["httpMethod"], "GET");
}
