// TransactGetItems: up to 100 items by key, read from one snapshot of the store, each projected
// as GetItem projects it. An item that does not exist answers {} in its place; one whose
// projection keeps nothing answers {} too, as DynamoDB leaves Item out then.
#include "dynamodb/attribute_value.h"
#include "dynamodb/errors.h"
#include "dynamodb/item_store.h"
#include "dynamodb/operations/expression_params.h"
#include "dynamodb/operations/item_keys.h"
#include "dynamodb/service.h"
#include "dynamodb/transactions/transact_support.h"
#include "dynamodb/transactions/write_transaction.h"
#include "dynamodb/validation.h"

namespace streamstack::dynamodb {
namespace {

using transactions::CancellationReason;

// The most a transaction reads (AWS: "The aggregate size of the items in the transaction cannot
// exceed 4 MB"); DynamoDB Local's words for a larger answer.
constexpr std::size_t kMaxResponseBytes = 4 * 1024 * 1024;

struct Read {
  json* get = nullptr;  // the action's Get
  std::unique_ptr<expr::Projection> projection;
  TableRef table;
};

Read decode_get(json& get) {
  // Not a Get member: ignored like any unknown member, as GetItem ignores it.
  get.erase("ExpressionAttributeValues");
  validate_item(get["Key"]);
  Read read;
  read.get = &get;
  expr::Substitutions subs = items::make_substitutions(get);
  read.projection = items::parse_projection_member(get, subs);
  subs.check_all_used();
  return read;
}

// A key that does not fit the table's schema fails its action; the others are None.
void check_keys(const std::vector<Read>& reads) {
  std::vector<CancellationReason> reasons;
  bool failed = false;
  for (const Read& read : reads) {
    try {
      items::validate_key(*read.table, (*read.get)["Key"]);
      reasons.push_back({"None", "", std::nullopt});
    } catch (const core::ApiError& error) {
      if (error.code() != "ValidationException") throw;
      reasons.push_back({"ValidationError", error.message(), std::nullopt});
      failed = true;
    }
  }
  if (failed) throw transactions::transaction_canceled(reasons);
}

}  // namespace

json transact_get_items(Env& env, const core::RequestContext& context, json& input) {
  validate_request("TransactGetItems", input, TableNameRule::kItem);
  std::vector<Read> reads;
  for (json& element : input["TransactItems"]) reads.push_back(decode_get(element["Get"]));

  for (Read& read : reads) read.table = items::require_table(env, context, *read.get);
  for (Read& read : reads) {
    transactions::check_key_values(*read.table, (*read.get)["Key"]);
    if (read.projection) items::check_key_paths(*read.table, read.projection->paths());
  }
  check_keys(reads);
  transactions::ItemSet named;
  for (Read& read : reads)
    named.add(read.table->id, ItemStore::encode_key(read.table->key, (*read.get)["Key"]));

  std::vector<std::optional<json>> items(reads.size());
  env.db.read_snapshot([&](store::Connection& c) {
    for (std::size_t i = 0; i < reads.size(); ++i)
      items[i] = ItemStore::get(c, *reads[i].table, (*reads[i].get)["Key"]);
  });

  transactions::TransactionCapacity capacity("ReadCapacityUnits");
  json responses = json::array();
  std::size_t total = 0;
  for (std::size_t i = 0; i < reads.size(); ++i) {
    const std::optional<json>& item = items[i];
    std::size_t size = item ? item_size(*item) : 0;
    capacity.add(reads[i].table->name, transactions::transactional_read_units(size));
    total += size;
    json response = json::object();
    if (item) {
      json projected = reads[i].projection ? reads[i].projection->apply(*item) : *item;
      if (!projected.empty()) response["Item"] = std::move(projected);
    }
    responses.push_back(std::move(response));
  }
  if (total > kMaxResponseBytes) throw validation_error("Payload in response is too large.");

  json output = {{"Responses", std::move(responses)}};
  json consumed = capacity.to_json(items::capacity_mode(input));
  if (!consumed.is_null()) output["ConsumedCapacity"] = std::move(consumed);
  return output;
}

}  // namespace streamstack::dynamodb
