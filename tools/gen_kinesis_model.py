#!/usr/bin/env python3
"""Generates emulators/kinesis/model/shapes_generated.cpp from botocore's Kinesis model.

The request shapes of the operations listed below (and every shape they reach) become a C++
table that the request validator walks (emulators/kinesis/validation.h). Where Kinesis reports
its constraint errors in another order than the model lists members, or requires what the model
leaves optional, the tables below say so, with where it was observed.

Usage: tools/gen_kinesis_model.py [path/to/service-2.json(.gz)]
The output is committed, so building never needs Python.
"""
import sys

import model_tables

# Every operation of the model: each is served or answers a named error (README's table).
OPERATIONS = [
    'AddTagsToStream', 'CreateStream', 'DecreaseStreamRetentionPeriod', 'DeleteResourcePolicy',
    'DeleteStream', 'DeregisterStreamConsumer', 'DescribeAccountSettings', 'DescribeLimits',
    'DescribeStream', 'DescribeStreamConsumer', 'DescribeStreamSummary',
    'DisableEnhancedMonitoring', 'EnableEnhancedMonitoring', 'GetRecords', 'GetResourcePolicy',
    'GetShardIterator', 'IncreaseStreamRetentionPeriod', 'ListShards', 'ListStreamConsumers',
    'ListStreams', 'ListTagsForResource', 'ListTagsForStream', 'MergeShards', 'PutRecord',
    'PutRecords', 'PutResourcePolicy', 'RegisterStreamConsumer', 'RemoveTagsFromStream',
    'SplitShard', 'StartStreamEncryption', 'StopStreamEncryption', 'SubscribeToShard',
    'TagResource', 'UntagResource', 'UpdateAccountSettings', 'UpdateMaxRecordSize',
    'UpdateShardCount', 'UpdateStreamMode', 'UpdateStreamWarmThroughput',
]

# StreamName became optional when StreamARN was added (2022), but one of the two must name the
# stream: without either, the service reports StreamName as it always did ("Value null at
# 'streamName' failed to satisfy constraint: Member must not be null", kinesalite
# test/*.js, run against AWS). Entries: member -> the member whose presence excuses it.
REQUIRED_UNLESS = {
    name: {'StreamName': 'StreamARN'} for name in [
        'AddTagsToStreamInput', 'DecreaseStreamRetentionPeriodInput', 'DeleteStreamInput',
        'DescribeStreamInput', 'DescribeStreamSummaryInput', 'GetShardIteratorInput',
        'IncreaseStreamRetentionPeriodInput', 'ListTagsForStreamInput', 'MergeShardsInput',
        'PutRecordInput', 'PutRecordsInput', 'RemoveTagsFromStreamInput', 'SplitShardInput',
        'UpdateShardCountInput', 'StartStreamEncryptionInput', 'StopStreamEncryptionInput',
        'EnableEnhancedMonitoringInput', 'DisableEnhancedMonitoringInput',
        'UpdateStreamWarmThroughputInput',
    ]
}

# UpdateMaxRecordSize names its stream by StreamARN only, which the model leaves optional; a
# request without it names no stream, and is refused as a missing member (inferred).
REQUIRED = {'UpdateMaxRecordSizeInput': ['StreamARN']}

# The order in which the service reports constraint errors of a structure's members (a Java
# hash order, not the model's). From kinesalite's validations/*.js and test/*.js, written
# against AWS. Members not named follow in model order.
MEMBER_ORDER = {
    'CreateStreamInput': ['ShardCount', 'StreamName'],
    'PutRecordInput': ['SequenceNumberForOrdering', 'PartitionKey', 'ExplicitHashKey', 'Data',
                       'StreamName'],
    'PutRecordsInput': ['Records', 'StreamName'],
    'PutRecordsRequestEntry': ['PartitionKey', 'ExplicitHashKey', 'Data'],
    'GetShardIteratorInput': ['ShardId', 'ShardIteratorType', 'StartingSequenceNumber',
                              'StreamName'],
    'GetRecordsInput': ['Limit', 'ShardIterator'],
    'SplitShardInput': ['NewStartingHashKey', 'StreamName', 'ShardToSplit'],
    'MergeShardsInput': ['ShardToMerge', 'AdjacentShardToMerge', 'StreamName'],
    'ListShardsInput': ['ExclusiveStartShardId', 'MaxResults', 'NextToken',
                        'StreamCreationTimestamp', 'StreamName'],
    'ListStreamsInput': ['Limit', 'ExclusiveStartStreamName'],
    'DescribeStreamInput': ['Limit', 'ExclusiveStartShardId', 'StreamName'],
    'UpdateShardCountInput': ['ScalingType', 'StreamName', 'TargetShardCount'],
    'AddTagsToStreamInput': ['Tags', 'StreamName'],
    'RemoveTagsFromStreamInput': ['TagKeys', 'StreamName'],
    'ListTagsForStreamInput': ['Limit', 'ExclusiveStartTagKey', 'StreamName'],
    'IncreaseStreamRetentionPeriodInput': ['RetentionPeriodHours', 'StreamName'],
    'DecreaseStreamRetentionPeriodInput': ['RetentionPeriodHours', 'StreamName'],
}

# The order in which the service lists an enum in "Member must satisfy enum value set: [...]"
# (kinesalite test/getShardIterator.js, against AWS).
ENUM_ORDER = {
    'ShardIteratorType': ['AFTER_SEQUENCE_NUMBER', 'LATEST', 'AT_TIMESTAMP', 'AT_SEQUENCE_NUMBER',
                          'TRIM_HORIZON'],
}

def generate(model):
    adjustments = model_tables.Adjustments(member_order=MEMBER_ORDER, enum_order=ENUM_ORDER,
                                          required=REQUIRED, required_unless=REQUIRED_UNLESS)
    return model_tables.generate(model, service='kinesis', script='gen_kinesis_model.py',
                                 title='Kinesis', operations=OPERATIONS, adjustments=adjustments)


def main():
    if len(sys.argv) > 1:
        path = sys.argv[1]
    else:
        path = model_tables.botocore_model_path('kinesis', '2013-12-02')
    model_tables.write('kinesis', generate(model_tables.load(path)))


if __name__ == '__main__':
    main()
