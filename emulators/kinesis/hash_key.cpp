#include "kinesis/hash_key.h"

#include <openssl/evp.h>

#include <algorithm>
#include <stdexcept>

namespace streamstack::kinesis {

std::string to_decimal(HashKey key) {
  if (key == 0) return "0";
  std::string digits;
  while (key != 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(key % 10)));
    key /= 10;
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

std::optional<HashKey> parse_hash_key(std::string_view decimal) {
  if (decimal.empty() || decimal.size() > 39) return std::nullopt;
  HashKey key = 0;
  for (char c : decimal) {
    if (c < '0' || c > '9') return std::nullopt;
    auto digit = static_cast<unsigned>(c - '0');
    if (key > (kMaxHashKey - digit) / 10) return std::nullopt;
    key = key * 10 + digit;
  }
  return key;
}

HashKey partition_key_hash(std::string_view partition_key) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(partition_key.data(), partition_key.size(), digest, &length, EVP_md5(),
                 nullptr) != 1 ||
      length != 16) {
    throw std::runtime_error("MD5 failed");
  }
  HashKey key = 0;
  for (unsigned int i = 0; i < length; ++i) key = (key << 8) | digest[i];
  return key;
}

std::pair<HashKey, HashKey> even_range(int index, int count) {
  // floor(2^128 / count) without 2^128: one more than floor((2^128 - 1) / count) exactly when
  // count divides 2^128. With one shard the step wraps to 0, but that shard is also the last.
  auto n = static_cast<HashKey>(count);
  HashKey step = kMaxHashKey / n + (kMaxHashKey % n == n - 1 ? 1 : 0);
  auto i = static_cast<HashKey>(index);
  HashKey start = i * step;
  HashKey end = index == count - 1 ? kMaxHashKey : (i + 1) * step - 1;
  return {start, end};
}

}  // namespace streamstack::kinesis
