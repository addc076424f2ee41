#include "cloudformation/physical_names.h"

#include <openssl/sha.h>

#include <array>

namespace streamstack::cloudformation {
namespace {

struct NameRule {
  std::size_t max_length;
  std::size_t suffix_length;
  bool mixed_case;
};

NameRule rule_for(std::string_view type) {
  if (type == "AWS::Lambda::Function") return {64, 12, true};
  if (type == "AWS::Kinesis::Stream") return {128, 12, true};
  if (type == "AWS::IAM::Role" || type == "AWS::IAM::ManagedPolicy") return {64, 13, false};
  if (type == "AWS::DynamoDB::Table" || type == "AWS::DynamoDB::GlobalTable") return {255, 13, false};
  if (type == "AWS::CloudFormation::Stack") return {128, 13, false};
  return {128, 12, false};
}

}  // namespace

std::string stable_id(std::string_view seed, std::size_t length, bool mixed_case) {
  static constexpr std::string_view kUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  static constexpr std::string_view kMixed = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const auto alphabet = mixed_case ? kMixed : kUpper;
  std::string out;
  std::string block(seed);
  for (unsigned round = 0; out.size() < length; ++round) {
    std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
    auto input = block + '\0' + std::to_string(round);
    SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest.data());
    for (unsigned char byte : digest)
      if (out.size() < length) out += alphabet[byte % alphabet.size()];
  }
  return out;
}

std::string stack_id(std::string_view region, std::string_view account, std::string_view stack_name) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  std::string seed = std::string(account) + '/' + std::string(region) + '/' + std::string(stack_name);
  SHA256(reinterpret_cast<const unsigned char*>(seed.data()), seed.size(), digest.data());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string uuid;
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) uuid += '-';
    uuid += kHex[digest[i] >> 4];
    uuid += kHex[digest[i] & 0xF];
  }
  return "arn:aws:cloudformation:" + std::string(region) + ":" + std::string(account) + ":stack/" +
         std::string(stack_name) + "/" + uuid;
}

std::string physical_name(std::string_view stack_name, std::string_view logical_id, std::string_view type,
                          int generation) {
  auto rule = rule_for(type);
  std::string seed = std::string(stack_name) + '/' + std::string(logical_id) + '/' + std::to_string(generation);
  // AWS::IAM::Policy ids are short: five characters of the stack, four of the logical id.
  if (type == "AWS::IAM::Policy")
    return std::string(stack_name.substr(0, 5)) + "-" + std::string(logical_id.substr(0, 4)) + "-" +
           stable_id(seed, 12, false);
  auto suffix = stable_id(seed, rule.suffix_length, rule.mixed_case);
  std::string stack(stack_name), logical(logical_id);
  const std::size_t fixed = suffix.size() + 2;  // two hyphens
  while (stack.size() + logical.size() + fixed > rule.max_length && (stack.size() > 1 || logical.size() > 1)) {
    if (stack.size() >= logical.size())
      stack.pop_back();
    else
      logical.pop_back();
  }
  return stack + "-" + logical + "-" + suffix;
}

}  // namespace streamstack::cloudformation
