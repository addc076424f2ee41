#include "kinesis/consumer_rows.h"

namespace streamstack::kinesis {
namespace {

constexpr const char* kSelect =
    "SELECT consumer_key, stream_key, name, arn, status, status_until_ms, created_s FROM kinesis_consumers ";

}  // namespace

std::vector<ConsumerRow> select_consumers(store::Connection& c, const std::string& where, std::int64_t key,
                                          const std::string& text) {
  auto& st = c.prepare(kSelect + where);
  st.bind(1, key);
  if (!text.empty()) st.bind_text(2, text);
  std::vector<ConsumerRow> out;
  while (st.step()) {
    out.push_back({st.column_int(0), st.column_int(1), st.column_text(2), st.column_text(3), st.column_text(4),
                   st.column_int(5), st.column_int(6)});
  }
  st.reset();
  return out;
}

void delete_consumer_row(store::Connection& c, const ConsumerRow& consumer) {
  c.prepare("DELETE FROM kinesis_consumer_tags WHERE consumer_key = ?").bind(1, consumer.key).run();
  c.prepare("DELETE FROM kinesis_resource_policies WHERE arn = ?").bind_text(1, consumer.arn).run();
  c.prepare("DELETE FROM kinesis_consumers WHERE consumer_key = ?").bind(1, consumer.key).run();
}

void settle_consumer_row(store::Connection& c, std::int64_t consumer_key, std::int64_t now_ms) {
  auto found = select_consumers(c, "WHERE consumer_key = ?", consumer_key);
  if (found.empty()) return;
  const auto& consumer = found.front();
  if (consumer.status == "ACTIVE" || consumer.status_until_ms > now_ms) return;
  if (consumer.status == "DELETING") {
    delete_consumer_row(c, consumer);
    return;
  }
  c.prepare("UPDATE kinesis_consumers SET status = 'ACTIVE' WHERE consumer_key = ?").bind(1, consumer.key).run();
}

}  // namespace streamstack::kinesis
