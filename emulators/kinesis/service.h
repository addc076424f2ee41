#pragma once
// Amazon Kinesis Data Streams over AWS JSON 1.1 and CBOR 1.1: `Kinesis_20131202.<Operation>`.
// Streams, shards, records, tags and consumers live in SQLite (schema versions 400-449); stream
// and shard metadata is cached in memory for the data plane (stream_catalog.h).
#include "core/json_service.h"
#include "kinesis/lifecycle.h"
#include "kinesis/operations/common.h"
#include "kinesis/stream_catalog.h"
#include "kinesis/subscription.h"
#include "core/clock.h"
#include "store/database.h"

#include <nlohmann/json.hpp>

#include <string_view>

namespace streamstack::kinesis {

class KinesisService : public core::JsonService {
 public:
  explicit KinesisService(store::Database& db, Options options = {});

  nlohmann::json invoke(const core::RequestContext& context, std::string_view operation,
                        nlohmann::json& input) override;
  // Kinesis names its errors without a namespace.
  std::string_view error_prefix() const override { return ""; }
  // A body that is JSON but not an object is reported in Kinesis's words (invoke()).
  bool reads_any_json() const override { return true; }
  // SubscribeToShard answers with an event stream.
  bool streams_output(std::string_view operation) const override { return operation == "SubscribeToShard"; }
  std::unique_ptr<core::ResponseStream> open_stream(const core::RequestContext& context,
                                                    std::string_view operation,
                                                    nlohmann::json& input) override;

  static std::vector<store::Migration> migrations();
  // After the store was emptied (reset): nothing cached or scheduled may outlive it.
  void forget_cached() {
    lifecycle_.forget();
    catalog_.forget();
  }
  // Settles the transient statuses due by now at once, without waiting for the timer (tests
  // that move core::Clock).
  void settle_due() { lifecycle_.settle_due(core::Clock::now_millis()); }

 private:
  void check_input(const core::RequestContext& context, std::string_view operation, nlohmann::json& input) const;

  Options options_;
  StreamCatalog catalog_;
  SubscriptionRegistry subscriptions_;
  Lifecycle lifecycle_;
  Env env_;
};

}  // namespace streamstack::kinesis
