#include "options.h"

#include <cstdlib>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string_view>

namespace streamstack::server {
namespace {

constexpr const char* kUsage = R"(streamstack - a local AWS emulator (DynamoDB, Streams, Kinesis, Lambda, API Gateway)

Usage: streamstack [flags]

  --host HOST            address to listen on (default 127.0.0.1)        STREAMSTACK_HOST
  --port PORT            port to listen on; 0 = any free port (4566)      STREAMSTACK_PORT
  --data PATH            SQLite file, or :memory: (.streamstack/streamstack.db)  STREAMSTACK_DATA
  --config PATH          stack file to apply at start                     STREAMSTACK_CONFIG
  --template PATH        CloudFormation template to deploy at start (cdk.out/<Stack>.template.json)  STREAMSTACK_TEMPLATE
  --parameter NAME=VALUE a template parameter's value (repeatable)        STREAMSTACK_PARAMETER
  --log-level LEVEL      trace|debug|info|warn|error|off (info)           STREAMSTACK_LOG_LEVEL
  --log-format FORMAT    text|json (text)                                 STREAMSTACK_LOG_FORMAT
  --ready-file PATH      write the bound port here once listening         STREAMSTACK_READY_FILE
  --durability MODE      normal (survives a crash) | full (survives power loss)  STREAMSTACK_DURABILITY
  --table-delay-ms MS    how long CREATING/DELETING stay visible (0)      STREAMSTACK_TABLE_DELAY_MS
  --threads N            request threads; 0 = one per core (0)            STREAMSTACK_THREADS
  --kinesis-error-percent P  PutRecords entries throttled at random, 0-100 (0)  STREAMSTACK_KINESIS_ERROR_PERCENT
  --auth MODE            any (any credentials work) | verify (signatures checked) (any)  STREAMSTACK_AUTH
  --credentials ID:SECRET  a key pair --auth verify accepts; repeat for more  STREAMSTACK_CREDENTIALS (comma-separated)
  --lambda-concurrency N Lambda's account concurrency limit (1000)        STREAMSTACK_LAMBDA_CONCURRENCY
  --max-connections N    open connections at most; more get 503 (10000)   STREAMSTACK_MAX_CONNECTIONS
  --header-timeout-ms MS a request's headers must arrive within (10000)   STREAMSTACK_HEADER_TIMEOUT_MS
  --help                 this text
)";

// flag name -> setter
using Setter = void (*)(Options&, const std::string&);

long long to_integer(const std::string& flag, const std::string& value, long long min, long long max) {
  std::size_t used = 0;
  long long parsed = 0;
  try {
    parsed = std::stoll(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != value.size() || value.empty() || parsed < min || parsed > max)
    throw std::invalid_argument("--" + flag + " expects an integer from " + std::to_string(min) +
                                " to " + std::to_string(max) + ", got '" + value + "'");
  return parsed;
}

std::string one_of(const std::string& flag, const std::string& value,
                   std::initializer_list<std::string_view> allowed) {
  for (auto a : allowed)
    if (value == a) return value;
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : "|") + std::string(a);
  throw std::invalid_argument("--" + flag + " expects " + list + ", got '" + value + "'");
}

// "ID:SECRET[,ID:SECRET...]": each pair needs both halves (a secret may hold ':' itself).
void add_credentials(Options& o, const std::string& value) {
  std::size_t start = 0;
  while (start <= value.size()) {
    auto end = value.find(',', start);
    auto pair = value.substr(start, end == std::string::npos ? std::string::npos : end - start);
    auto colon = pair.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == pair.size())
      throw std::invalid_argument("--credentials expects ACCESS_KEY_ID:SECRET_ACCESS_KEY, got '" + pair + "'");
    o.credentials.push_back(pair);
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

const std::map<std::string, Setter, std::less<>>& setters() {
  static const std::map<std::string, Setter, std::less<>> table = {
      {"host", [](Options& o, const std::string& v) { o.host = v; }},
      {"port", [](Options& o, const std::string& v) { o.port = static_cast<std::uint16_t>(to_integer("port", v, 0, 65535)); }},
      {"data", [](Options& o, const std::string& v) { o.data = v; }},
      {"config", [](Options& o, const std::string& v) { o.config = v; }},
      {"template", [](Options& o, const std::string& v) { o.template_path = v; }},
      {"parameter", [](Options& o, const std::string& v) {
         if (v.find('=') == std::string::npos || v.front() == '=')
           throw std::invalid_argument("--parameter expects NAME=VALUE, got '" + v + "'");
         o.parameters.push_back(v);
       }},
      {"log-level", [](Options& o, const std::string& v) { o.log_level = one_of("log-level", v, {"trace", "debug", "info", "warn", "error", "off"}); }},
      {"log-format", [](Options& o, const std::string& v) { o.log_format = one_of("log-format", v, {"text", "json"}); }},
      {"ready-file", [](Options& o, const std::string& v) { o.ready_file = v; }},
      {"durability", [](Options& o, const std::string& v) { o.durability = one_of("durability", v, {"normal", "full"}); }},
      {"table-delay-ms", [](Options& o, const std::string& v) { o.table_delay_ms = to_integer("table-delay-ms", v, 0, 3600000); }},
      {"threads", [](Options& o, const std::string& v) { o.threads = static_cast<unsigned>(to_integer("threads", v, 0, 256)); }},
      {"kinesis-error-percent", [](Options& o, const std::string& v) { o.kinesis_error_percent = static_cast<int>(to_integer("kinesis-error-percent", v, 0, 100)); }},
      {"auth", [](Options& o, const std::string& v) { o.auth = one_of("auth", v, {"any", "verify"}); }},
      {"credentials", [](Options& o, const std::string& v) { add_credentials(o, v); }},
      {"lambda-concurrency", [](Options& o, const std::string& v) { o.lambda_concurrency = static_cast<int>(to_integer("lambda-concurrency", v, 1, 100000)); }},
      {"max-connections", [](Options& o, const std::string& v) { o.max_connections = static_cast<std::size_t>(to_integer("max-connections", v, 1, 1000000)); }},
      {"header-timeout-ms", [](Options& o, const std::string& v) { o.header_timeout_ms = to_integer("header-timeout-ms", v, 1, 3600000); }},
  };
  return table;
}

std::string env_name(std::string flag) {
  std::string name = "STREAMSTACK_";
  for (char c : flag) name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

}  // namespace

std::optional<Options> parse_options(int argc, char** argv, int& exit_code) {
  Options options;
  bool credentials_flag_seen = false;
  try {
    for (const auto& [flag, set] : setters())
      if (const char* value = std::getenv(env_name(flag).c_str())) set(options, value);
    for (int i = 1; i < argc; ++i) {
      std::string arg = argv[i];
      if (arg == "--help" || arg == "-h") {
        std::cout << kUsage;
        exit_code = 0;
        return std::nullopt;
      }
      if (arg.rfind("--", 0) != 0) throw std::invalid_argument("unexpected argument '" + arg + "'");
      std::string flag = arg.substr(2), value;
      if (auto eq = flag.find('='); eq != std::string::npos) {
        value = flag.substr(eq + 1);
        flag.resize(eq);
      } else if (i + 1 < argc) {
        value = argv[++i];
      } else {
        throw std::invalid_argument("--" + flag + " needs a value");
      }
      auto it = setters().find(flag);
      if (it == setters().end()) throw std::invalid_argument("unknown flag --" + flag);
      // Repeated --credentials add up, and replace what STREAMSTACK_CREDENTIALS named.
      if (flag == "credentials" && !credentials_flag_seen) {
        options.credentials.clear();
        credentials_flag_seen = true;
      }
      it->second(options, value);
    }
  } catch (const std::invalid_argument& e) {
    std::cerr << "streamstack: " << e.what() << "\n(see streamstack --help)\n";
    exit_code = 2;
    return std::nullopt;
  }
  return options;
}

}  // namespace streamstack::server
