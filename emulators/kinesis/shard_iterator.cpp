#include "kinesis/shard_iterator.h"

#include "core/base64.h"

#include <openssl/evp.h>

#include <atomic>
#include <charconv>
#include <memory>
#include <vector>

namespace streamstack::kinesis {
namespace {

constexpr unsigned char kHeader[8] = {0, 0, 0, 0, 0, 0, 0, 1};
// Plaintext is padded to this length so the iterator is as long as AWS's (>= 152 bytes).
constexpr std::size_t kMinPlaintext = 128;
// Fixed, so iterators survive a restart of the server as AWS's survive its deployments.
constexpr unsigned char kKey[32] = {'s', 't', 'r', 'e', 'a', 'm', 's', 't', 'a', 'c', 'k',
                                    '-', 'k', 'i', 'n', 'e', 's', 'i', 's', '-', 'i', 't',
                                    'e', 'r', 'a', 't', 'o', 'r', '-', 'k', 'e', 'y'};
constexpr unsigned char kIv[16] = {'s', 'h', 'a', 'r', 'd', '-', 'i', 't',
                                   'e', 'r', 'a', 't', 'o', 'r', '-', '1'};

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

std::optional<std::string> run_cipher(std::string_view in, bool encrypt) {
  CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  if (!ctx || EVP_CipherInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, kKey, kIv, encrypt ? 1 : 0) != 1) {
    return std::nullopt;
  }
  std::string out(in.size() + 32, '\0');
  int written = 0, final_written = 0;
  auto* dst = reinterpret_cast<unsigned char*>(out.data());
  if (EVP_CipherUpdate(ctx.get(), dst, &written, reinterpret_cast<const unsigned char*>(in.data()),
                       static_cast<int>(in.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), dst + written, &final_written) != 1) {
    return std::nullopt;
  }
  out.resize(static_cast<std::size_t>(written + final_written));
  return out;
}

std::optional<std::int64_t> to_int(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::string encode_shard_iterator(const IteratorState& state) {
  // A counter makes each iterator differ from the last, as AWS's do even for the same position.
  static std::atomic<std::uint64_t> nonce{0};
  std::string plain = std::to_string(state.created_ms) + "/" + state.stream_name + "/" +
                      std::to_string(state.shard_index) + "/" +
                      std::to_string(state.stream_created_ms) + "/" +
                      std::to_string(state.after_seq_ix) + "/" + std::to_string(nonce++) + "/";
  if (plain.size() < kMinPlaintext) plain.append(kMinPlaintext - plain.size(), '0');
  auto cipher = run_cipher(plain, true);
  std::string bytes(reinterpret_cast<const char*>(kHeader), sizeof kHeader);
  bytes += cipher.value_or("");
  return core::base64_encode(bytes);
}

std::optional<IteratorState> decode_shard_iterator(std::string_view iterator) {
  if (iterator.size() >= 2 && iterator.front() == '"' && iterator.back() == '"') {
    iterator = iterator.substr(1, iterator.size() - 2);
  }
  if (!core::base64_problem(iterator, core::PaddingInData::kInvalidCharacter).empty()) {
    return std::nullopt;
  }
  std::string bytes = core::base64_decode(iterator);
  if (bytes.size() < sizeof kHeader + 16 || (bytes.size() - sizeof kHeader) % 16 != 0 ||
      bytes.compare(0, sizeof kHeader, reinterpret_cast<const char*>(kHeader), sizeof kHeader) != 0) {
    return std::nullopt;
  }
  auto plain = run_cipher(std::string_view(bytes).substr(sizeof kHeader), false);
  if (!plain) return std::nullopt;
  std::vector<std::string_view> parts;
  std::string_view rest = *plain;
  for (std::size_t slash; (slash = rest.find('/')) != std::string_view::npos;) {
    parts.push_back(rest.substr(0, slash));
    rest = rest.substr(slash + 1);
  }
  if (parts.size() != 6) return std::nullopt;
  auto created = to_int(parts[0]), shard = to_int(parts[2]), stream_created = to_int(parts[3]),
       after = to_int(parts[4]);
  if (!created || !shard || !stream_created || !after || parts[1].empty()) return std::nullopt;
  return IteratorState{*created, std::string(parts[1]), *stream_created, *shard, *after};
}

}  // namespace streamstack::kinesis
