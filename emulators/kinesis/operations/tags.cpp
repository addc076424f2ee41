// AddTagsToStream, RemoveTagsFromStream, ListTagsForStream.
#include "kinesis/errors.h"
#include "kinesis/operations/operations.h"
#include "kinesis/operations/tag_rules.h"

#include <cctype>

namespace streamstack::kinesis {
namespace {

// ListTagsForStream's page when Limit is absent (its model maximum).
constexpr std::int64_t kDefaultTagLimit = 50;

// The code point at text[i], advancing i (invalid UTF-8 reads as U+FFFD).
char32_t next_code_point(std::string_view text, std::size_t& i) {
  auto lead = static_cast<unsigned char>(text[i++]);
  int extra = lead < 0x80 ? 0 : lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : -1;
  if (extra < 0) return 0xFFFD;
  char32_t cp = extra == 0 ? lead : lead & (0x3F >> extra);
  for (int k = 0; k < extra && i < text.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(text[i++]) & 0x3F);
  }
  return cp;
}

// kinesalite's class of allowed characters, [\u00C0-\u1FFF\u2C00-\uD7FF\w./\-=+_ @%] plus
// `extra`, as AWS answered it.
bool valid_tag_text(std::string_view text, std::string_view extra) {
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = next_code_point(text, i);
    bool ok = (cp >= 0xC0 && cp <= 0x1FFF) || (cp >= 0x2C00 && cp <= 0xD7FF) ||
              (cp < 0x80 && (std::isalnum(static_cast<int>(cp)) ||
                             std::string_view("_./-=+ @%").find(static_cast<char>(cp)) !=
                                 std::string_view::npos ||
                             extra.find(static_cast<char>(cp)) != std::string_view::npos));
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string too_many_tags(const std::string& stream, const std::string& account) {
  return "Failed to add tags to stream " + stream + " under account " + account +
         " because a given stream cannot have more than " + std::to_string(kMaxTagsPerStream) +
         " tags associated with it.";
}

void check_tag_count(const json& tags, const std::string& stream, const std::string& account) {
  if (static_cast<int>(tags.size()) > kMaxTagsPerStream) throw invalid_argument(too_many_tags(stream, account));
}

void check_tags_to_add(const json& tags, const std::string& stream, const std::string& account) {
  bool percent = false;
  for (const auto& [key, value] : tags.items()) {
    const auto& text = value.get_ref<const std::string&>();
    if (!valid_tag_text(key, "") || !valid_tag_text(text, "")) {
      throw invalid_argument(
          "Some tags contain invalid characters. Valid characters: Unicode letters, digits, white "
          "space, _ . / = + - % @.");
    }
    percent = percent || key.find('%') != std::string::npos || text.find('%') != std::string::npos;
  }
  if (percent) {
    throw invalid_argument("Failed to add tags to stream " + stream + " under account " + account +
                           " because some tags contained illegal characters. The allowed "
                           "characters are Unicode letters, white-spaces, '_',',','/','=','+','-',"
                           "'@'.");
  }
}

void check_tag_keys_to_remove(const json& keys, const std::string& stream,
                              const std::string& account) {
  bool percent = false;
  for (const auto& key : keys) {
    const auto& text = key.get_ref<const std::string&>();
    if (!valid_tag_text(text, ":")) {
      throw invalid_argument(
          "Some tags contain invalid characters. Valid characters: Unicode letters, digits, white "
          "space, _ . / = + - % @ :.");
    }
    percent = percent || text.find('%') != std::string::npos;
  }
  if (percent) {
    throw invalid_argument("Failed to remove tags from stream " + stream + " under account " +
                           account + " because some tags contained illegal characters. The "
                           "allowed characters are Unicode letters, white-spaces, '_',',','/',"
                           "'=','+','-','@',':'.");
  }
}

void put_tags(store::Connection& c, std::int64_t stream_key, const json& tags,
              const std::string& stream, const std::string& account) {
  for (const auto& [key, value] : tags.items()) {
    c.prepare("INSERT OR REPLACE INTO kinesis_tags (stream_key, key, value) VALUES (?, ?, ?)")
        .bind(1, stream_key)
        .bind_text(2, key)
        .bind_text(3, value.get_ref<const std::string&>())
        .run();
  }
  auto& st = c.prepare("SELECT count(*) FROM kinesis_tags WHERE stream_key = ?");
  st.bind(1, stream_key);
  std::int64_t count = st.step() ? st.column_int(0) : 0;
  st.reset();
  if (count > kMaxTagsPerStream) throw invalid_argument(too_many_tags(stream, account));
}

void put_consumer_tags(store::Connection& c, std::int64_t consumer_key, const json& tags, const std::string& arn) {
  for (const auto& [key, value] : tags.items()) {
    c.prepare("INSERT OR REPLACE INTO kinesis_consumer_tags (consumer_key, key, value) VALUES (?, ?, ?)")
        .bind(1, consumer_key)
        .bind_text(2, key)
        .bind_text(3, value.get_ref<const std::string&>())
        .run();
  }
  auto& st = c.prepare("SELECT count(*) FROM kinesis_consumer_tags WHERE consumer_key = ?");
  st.bind(1, consumer_key);
  std::int64_t count = st.step() ? st.column_int(0) : 0;
  st.reset();
  if (count > kMaxTagsPerStream) {
    // In the words of a stream's limit (inferred: AWS's text for a consumer is unconfirmed).
    throw invalid_argument("Failed to add tags to resource " + arn + " because a given resource cannot have more than " +
                           std::to_string(kMaxTagsPerStream) + " tags associated with it.");
  }
}

int consumer_count(store::Connection& c, std::int64_t stream_key) {
  auto& st = c.prepare("SELECT count(*) FROM kinesis_consumers WHERE stream_key = ?");
  st.bind(1, stream_key);
  int count = st.step() ? static_cast<int>(st.column_int(0)) : 0;
  st.reset();
  return count;
}

json add_tags_to_stream(Env& env, const Context& context, json& input) {
  auto ref = stream_ref(context, input);
  check_tag_count(input["Tags"], ref.name, context.account_id);
  env.catalog.write([&](store::Connection& c) {
    StreamInfo stream = require_stream(c, context, ref);
    check_tags_to_add(input["Tags"], stream.name, context.account_id);
    put_tags(c, stream.key, input["Tags"], stream.name, context.account_id);
  });
  return nullptr;
}

json remove_tags_from_stream(Env& env, const Context& context, json& input) {
  auto ref = stream_ref(context, input);
  env.catalog.write([&](store::Connection& c) {
    StreamInfo stream = require_stream(c, context, ref);
    check_tag_keys_to_remove(input["TagKeys"], stream.name, context.account_id);
    for (const auto& key : input["TagKeys"]) {
      c.prepare("DELETE FROM kinesis_tags WHERE stream_key = ? AND key = ?")
          .bind(1, stream.key)
          .bind_text(2, key.get_ref<const std::string&>())
          .run();
    }
  });
  return nullptr;
}

json list_tags_for_stream(Env& env, const Context& context, json& input) {
  auto stream = require_stream(env, context, stream_ref(context, input));
  std::int64_t limit = integer_member(input, "Limit").value_or(kDefaultTagLimit);
  const auto* start = string_member(input, "ExclusiveStartTagKey");
  json tags = json::array();
  bool more = false;
  env.catalog.db().read([&](store::Connection& c) {
    auto& st = c.prepare("SELECT key, value FROM kinesis_tags WHERE stream_key = ? AND key > ? ORDER BY key");
    st.bind(1, stream->key).bind_text(2, start ? *start : std::string());
    while (st.step()) {
      if (static_cast<std::int64_t>(tags.size()) == limit) {
        more = true;
        break;
      }
      tags.push_back({{"Key", st.column_text(0)}, {"Value", st.column_text(1)}});
    }
    st.reset();
  });
  return {{"Tags", tags}, {"HasMoreTags", more}};
}

}  // namespace streamstack::kinesis
