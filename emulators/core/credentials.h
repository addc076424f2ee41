#pragma once
// The credentials `--auth verify` checks request signatures against, looked up by access key
// id. Static pairs come from the flags and the stack file; a function's own credentials can be
// added and removed while the server runs (a function's warm process gets a pair of its own, so
// a request signed with it is made under that function's role).
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>

namespace streamstack::core {

// Who signs with an access key id, and with what.
struct Principal {
  std::string secret_access_key;
  // The X-Amz-Security-Token a request signed with these must carry; empty: none.
  std::string session_token;
  // Whose role the request runs under (RequestContext::principal_arn); empty for the static
  // pairs, whose callers are never denied.
  std::string principal_arn;
  // The account the caller's resources live in; empty: the default account.
  std::string account_id;
};

class CredentialStore {
 public:
  void put(std::string access_key_id, Principal principal) {
    std::unique_lock lock(mutex_);
    principals_[std::move(access_key_id)] = std::move(principal);
  }
  void remove(std::string_view access_key_id) {
    std::unique_lock lock(mutex_);
    if (auto it = principals_.find(access_key_id); it != principals_.end()) principals_.erase(it);
  }
  std::optional<Principal> find(std::string_view access_key_id) const {
    std::shared_lock lock(mutex_);
    auto it = principals_.find(access_key_id);
    if (it == principals_.end()) return std::nullopt;
    return it->second;
  }
  bool empty() const {
    std::shared_lock lock(mutex_);
    return principals_.empty();
  }

 private:
  mutable std::shared_mutex mutex_;
  std::map<std::string, Principal, std::less<>> principals_;
};

}  // namespace streamstack::core
