// The Kinesis tables (schema versions 400-449).
#include "kinesis/service.h"

namespace streamstack::kinesis {

std::vector<store::Migration> KinesisService::migrations() {
  return {
      {400, "kinesis",
       "CREATE TABLE kinesis_streams ("
       " stream_key INTEGER PRIMARY KEY,"
       " scope TEXT NOT NULL,"
       " name TEXT NOT NULL,"
       " arn TEXT NOT NULL,"
       " status TEXT NOT NULL,"
       " status_until_ms INTEGER NOT NULL DEFAULT 0,"
       " mode TEXT NOT NULL,"
       " created_ms INTEGER NOT NULL,"
       " retention_hours INTEGER NOT NULL DEFAULT 24,"
       " max_record_kib INTEGER NOT NULL DEFAULT 1024,"
       " pending TEXT NOT NULL DEFAULT '[]',"
       " UNIQUE (scope, name));"
       // Hash keys as decimal text: 128-bit values do not fit SQLite's integers.
       "CREATE TABLE kinesis_shards ("
       " shard_key INTEGER PRIMARY KEY,"
       " stream_key INTEGER NOT NULL,"
       " shard_index INTEGER NOT NULL,"
       " starting_hash_key TEXT NOT NULL,"
       " ending_hash_key TEXT NOT NULL,"
       " parent_index INTEGER,"
       " adjacent_parent_index INTEGER,"
       " created_ms INTEGER NOT NULL,"
       " closed_ms INTEGER,"
       " starting_sequence_number TEXT NOT NULL,"
       " ending_sequence_number TEXT,"
       " UNIQUE (stream_key, shard_index));"
       // record_id = shard_key << 40 | seq_ix (record_store.h); data last, so reading the
       // small columns never touches a large blob's overflow pages.
       "CREATE TABLE kinesis_records ("
       " record_id INTEGER PRIMARY KEY,"
       " stream_key INTEGER NOT NULL,"
       " sequence_number TEXT NOT NULL,"
       " partition_key TEXT NOT NULL,"
       " arrival_ms INTEGER NOT NULL,"
       " explicit_hash_key TEXT,"
       " data BLOB NOT NULL);"
       "CREATE TABLE kinesis_tags ("
       " stream_key INTEGER NOT NULL,"
       " key TEXT NOT NULL,"
       " value TEXT NOT NULL,"
       " PRIMARY KEY (stream_key, key)) WITHOUT ROWID;"
       "CREATE TABLE kinesis_consumers ("
       " consumer_key INTEGER PRIMARY KEY,"
       " stream_key INTEGER NOT NULL,"
       " name TEXT NOT NULL,"
       " arn TEXT NOT NULL,"
       " status TEXT NOT NULL,"
       " status_until_ms INTEGER NOT NULL DEFAULT 0,"
       " created_s INTEGER NOT NULL,"
       " UNIQUE (stream_key, name));"
       "CREATE INDEX kinesis_consumers_by_arn ON kinesis_consumers (arn);"},
      // Records that arrived before expired_before_ms stay past retention after an
      // IncreaseStreamRetentionPeriod, which "does not make previous, expired data accessible"
      // (AWS's API reference).
      {401, "kinesis_expired_before",
       "ALTER TABLE kinesis_streams ADD COLUMN expired_before_ms INTEGER NOT NULL DEFAULT 0;"},
      // The 2025-2026 surface: server-side encryption (a record keeps the encryption it was
      // written with), shard-level metrics, warm throughput, tags and resource policies of
      // consumers and streams, and the account's minimum throughput billing commitment.
      {402, "kinesis_encryption_monitoring_policies",
       "ALTER TABLE kinesis_streams ADD COLUMN encryption_type TEXT NOT NULL DEFAULT 'NONE';"
       "ALTER TABLE kinesis_streams ADD COLUMN key_id TEXT;"
       "ALTER TABLE kinesis_streams ADD COLUMN shard_level_metrics TEXT NOT NULL DEFAULT '[]';"
       "ALTER TABLE kinesis_streams ADD COLUMN warm_target_mibps INTEGER;"
       "ALTER TABLE kinesis_streams ADD COLUMN warm_current_mibps INTEGER;"
       "ALTER TABLE kinesis_records ADD COLUMN kms INTEGER;"
       "CREATE TABLE kinesis_consumer_tags ("
       " consumer_key INTEGER NOT NULL,"
       " key TEXT NOT NULL,"
       " value TEXT NOT NULL,"
       " PRIMARY KEY (consumer_key, key)) WITHOUT ROWID;"
       "CREATE TABLE kinesis_resource_policies ("
       " arn TEXT PRIMARY KEY,"
       " stream_key INTEGER NOT NULL,"
       " policy TEXT NOT NULL);"
       "CREATE TABLE kinesis_account_settings ("
       " scope TEXT PRIMARY KEY,"
       " commitment_status TEXT NOT NULL,"
       " started_ms INTEGER,"
       " earliest_end_ms INTEGER,"
       " ended_ms INTEGER);"},
  };
}

}  // namespace streamstack::kinesis
