#include "cloudformation/stack_state.h"

namespace streamstack::cloudformation {

using nlohmann::json;

std::vector<store::Migration> StackState::migrations() {
  return {{600, "cloudformation stack resources",
           "CREATE TABLE cloudformation_stack_resources ("
           " stack_name TEXT NOT NULL, logical_id TEXT NOT NULL, resource_type TEXT NOT NULL,"
           " physical_id TEXT NOT NULL, properties TEXT NOT NULL, attributes TEXT NOT NULL,"
           " deletion_policy TEXT NOT NULL, generation INTEGER NOT NULL,"
           " PRIMARY KEY (stack_name, logical_id)) WITHOUT ROWID;"}};
}

std::map<std::string, StoredResource> StackState::resources(const std::string& stack_name) const {
  return db_.read([&](store::Connection& c) {
    std::map<std::string, StoredResource> out;
    auto& st = c.prepare(
        "SELECT logical_id, resource_type, physical_id, properties, attributes, deletion_policy, generation"
        " FROM cloudformation_stack_resources WHERE stack_name = ?");
    store::ResetOnExit reset(st);
    st.bind_text(1, stack_name);
    while (st.step()) {
      StoredResource r;
      r.logical_id = st.column_text(0);
      r.type = st.column_text(1);
      r.physical_id = st.column_text(2);
      r.properties = json::parse(st.column_text_view(3));
      r.attributes = json::parse(st.column_text_view(4));
      r.deletion_policy = st.column_text(5);
      r.generation = static_cast<int>(st.column_int(6));
      out.emplace(r.logical_id, std::move(r));
    }
    return out;
  });
}

void StackState::put(const std::string& stack_name, const StoredResource& r) {
  db_.write([&](store::Connection& c) {
    c.prepare(
         "INSERT OR REPLACE INTO cloudformation_stack_resources (stack_name, logical_id, resource_type, physical_id,"
         " properties, attributes, deletion_policy, generation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_text(1, stack_name)
        .bind_text(2, r.logical_id)
        .bind_text(3, r.type)
        .bind_text(4, r.physical_id)
        .bind_text(5, r.properties.dump())
        .bind_text(6, r.attributes.dump())
        .bind_text(7, r.deletion_policy)
        .bind(8, r.generation)
        .run();
  });
}

void StackState::erase(const std::string& stack_name, const std::string& logical_id) {
  db_.write([&](store::Connection& c) {
    c.prepare("DELETE FROM cloudformation_stack_resources WHERE stack_name = ? AND logical_id = ?")
        .bind_text(1, stack_name)
        .bind_text(2, logical_id)
        .run();
  });
}

}  // namespace streamstack::cloudformation
