#include "streams/change_capture.h"

#include "core/clock.h"
#include "core/json_writer.h"
#include "streams/ids.h"
#include "streams/shard_records.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace streamstack::streams {
namespace {

const char* event_name(const ChangeContext& change) {
  if (change.old_item == nullptr) return change.new_item == nullptr ? nullptr : "INSERT";
  if (change.new_item == nullptr) return "REMOVE";
  return change.model.items_equal(*change.old_item, *change.new_item) ? nullptr : "MODIFY";
}

json keys_of(const json& item, const json& key_schema) {
  json keys = json::object();
  for (const json& element : key_schema) {
    const auto& name = element.at("AttributeName").get_ref<const std::string&>();
    auto it = item.find(name);
    if (it == item.end()) throw std::logic_error("stream image without key attribute " + name);
    keys[name] = *it;
  }
  return keys;
}

bool keeps_new_image(const std::string& view) {
  return view == "NEW_IMAGE" || view == "NEW_AND_OLD_IMAGES";
}

bool keeps_old_image(const std::string& view) {
  return view == "OLD_IMAGE" || view == "NEW_AND_OLD_IMAGES";
}

}  // namespace

std::optional<std::string> build_record(const ChangeContext& change, const RecordStamp& stamp) {
  const char* name = event_name(change);
  if (name == nullptr) return std::nullopt;
  const json& any_image = change.new_item != nullptr ? *change.new_item : *change.old_item;
  json keys = keys_of(any_image, *stamp.key_schema);
  std::size_t size = change.model.item_size(keys);
  const json* new_image = change.new_item != nullptr && keeps_new_image(stamp.view_type) ? change.new_item : nullptr;
  const json* old_image = change.old_item != nullptr && keeps_old_image(stamp.view_type) ? change.old_item : nullptr;
  if (new_image != nullptr) size += change.model.item_size(*new_image);
  if (old_image != nullptr) size += change.model.item_size(*old_image);

  // Written as text, members in name order (what dump() of the same object wrote): building the
  // object first copied both images only to serialize and free them, a third of a capture.
  std::string out;
  out.reserve(512);
  out += R"({"awsRegion":)";
  core::write_json_string(stamp.region, out);
  // Rounded down to the second, sent as a number (AWS sends e.g. 1568013979.0).
  out += R"(,"dynamodb":{"ApproximateCreationDateTime":)";
  out += std::to_string(change.now_ms / 1000);
  out += R"(.0,"Keys":)";
  core::write_json(keys, out);
  if (new_image != nullptr) {
    out += R"(,"NewImage":)";
    core::write_json(*new_image, out);
  }
  if (old_image != nullptr) {
    out += R"(,"OldImage":)";
    core::write_json(*old_image, out);
  }
  out += R"(,"SequenceNumber":)";
  core::write_json_string(stamp.sequence_number, out);
  out += R"(,"SizeBytes":)";
  out += std::to_string(size);
  out += R"(,"StreamViewType":)";
  core::write_json_string(stamp.view_type, out);
  out += R"(},"eventID":)";
  core::write_json_string(stamp.event_id, out);
  out += R"(,"eventName":")";
  out += name;
  out += R"(","eventSource":"aws:dynamodb","eventVersion":"1.1")";
  // The record-level members are camelCase and so are these, whatever the model's Identity says.
  if (change.user_identity != nullptr) {
    out += R"(,"userIdentity":{"principalId":)";
    core::write_json_string(change.user_identity->principal_id, out);
    out += R"(,"type":)";
    core::write_json_string(change.user_identity->type, out);
    out += '}';
  }
  out += '}';
  return out;
}

namespace {
thread_local std::vector<std::string> captured_on_this_thread;
}  // namespace

std::vector<std::string> take_captured_on_this_thread() {
  return std::exchange(captured_on_this_thread, {});
}

std::optional<std::string> capture_change(store::Connection& c, const ChangeContext& change) {
  if (event_name(change) == nullptr) return std::nullopt;
  ChangeContext timed = change;
  if (timed.now_ms == 0) timed.now_ms = core::Clock::now_millis();
  auto stream = load_stream(c, change.stream_arn);
  if (!stream) {
    throw std::logic_error("change captured for an unknown stream: " +
                           std::string(change.stream_arn));
  }
  // The caller read the table before its transaction began. A stream disabled since then takes
  // no more records, as on AWS, where a write after the disable is not in the closed stream; if
  // the table was given a new stream meanwhile, the write belongs to that one. (A stream enabled
  // on a table that had none when the caller read it misses the write: AWS, too, captures only
  // what follows the enable, which it reports as ENABLING for a while.)
  if (stream->status != "ENABLED") {
    stream = enabled_stream_of(c, stream->scope, stream->table_name, stream->table_id);
    if (!stream) return std::nullopt;
  }
  trim_shard(c, *stream, timed.now_ms);
  std::int64_t seq = next_record_seq(c);
  RecordStamp stamp{stream->view_type, &stream->key_schema, stream->region(),
                    format_sequence_number(seq), random_hex(32)};
  auto record = build_record(timed, stamp);
  append_record(c, *stream, seq, timed.now_ms, *record);
  // A transaction writes to few streams, often one stream many times (a batch).
  if (std::find(captured_on_this_thread.begin(), captured_on_this_thread.end(), stream->arn) ==
      captured_on_this_thread.end()) {
    captured_on_this_thread.push_back(stream->arn);
  }
  return stamp.sequence_number;
}

}  // namespace streamstack::streams
