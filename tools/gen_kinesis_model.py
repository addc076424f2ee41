#!/usr/bin/env python3
"""Generates emulators/kinesis/model/shapes_generated.cpp from botocore's Kinesis model.

The request shapes of the operations listed below (and every shape they reach) become a C++
table that the request validator walks (emulators/kinesis/validation.h). Where Kinesis reports
its constraint errors in another order than the model lists members, or requires what the model
leaves optional, the tables below say so, with where it was observed.

Usage: tools/gen_kinesis_model.py [path/to/service-2.json(.gz)]
The output is committed, so building never needs Python.
"""
import gzip
import json
import os
import sys

OPERATIONS = [
    'AddTagsToStream', 'CreateStream', 'DecreaseStreamRetentionPeriod', 'DeleteStream',
    'DeregisterStreamConsumer', 'DescribeLimits', 'DescribeStream', 'DescribeStreamConsumer',
    'DescribeStreamSummary', 'GetRecords', 'GetShardIterator', 'IncreaseStreamRetentionPeriod',
    'ListShards', 'ListStreamConsumers', 'ListStreams', 'ListTagsForStream', 'MergeShards',
    'PutRecord', 'PutRecords', 'RegisterStreamConsumer', 'RemoveTagsFromStream', 'SplitShard',
    'SubscribeToShard', 'UpdateShardCount',
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
        'UpdateShardCountInput',
    ]
}

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

KINDS = {
    'structure': 'kStructure', 'list': 'kList', 'map': 'kMap', 'string': 'kString',
    'boolean': 'kBoolean', 'integer': 'kInteger', 'long': 'kLong', 'double': 'kDouble',
    'float': 'kDouble', 'blob': 'kBlob', 'timestamp': 'kTimestamp',
}

OUTPUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'emulators', 'kinesis',
                      'model', 'shapes_generated.cpp')


def default_model_path():
    import botocore
    return os.path.join(os.path.dirname(botocore.__file__), 'data', 'kinesis', '2013-12-02',
                        'service-2.json.gz')


def load(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rt') as f:
        return json.load(f)


def reachable(shapes, roots):
    seen, stack = set(), list(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        shape = shapes[name]
        for member in shape.get('members', {}).values():
            stack.append(member['shape'])
        for part in ('member', 'key', 'value'):
            if part in shape:
                stack.append(shape[part]['shape'])
    return sorted(seen)


def ordered_members(name, shape):
    members = list(shape.get('members', {}))
    first = [m for m in MEMBER_ORDER.get(name, []) if m in members]
    return first + [m for m in members if m not in first]


def cpp_string(text):
    return '"' + text.replace('\\', '\\\\').replace('"', '\\"') + '"'


def member_entry(name, shape, member, index):
    required = 'true' if member in shape.get('required', []) else 'false'
    unless = REQUIRED_UNLESS.get(name, {}).get(member)
    if unless:
        required = 'true'
    fields = [cpp_string(member), str(index[shape['members'][member]['shape']]), required]
    if unless:
        fields.append(cpp_string(unless))
    return '{' + ', '.join(fields) + '}'


def generate(model):
    shapes = model['shapes']
    inputs = {op: model['operations'][op]['input']['shape'] for op in OPERATIONS
              if 'input' in model['operations'][op]}
    names = reachable(shapes, inputs.values())
    index = {name: i for i, name in enumerate(names)}
    arrays, rows = [], []
    for name in names:
        shape = shapes[name]
        fields = [f'.name = {cpp_string(name)}', f'.kind = Kind::{KINDS[shape["type"]]}']
        if shape['type'] == 'structure':
            members = ordered_members(name, shape)
            if members:
                entries = ', '.join(member_entry(name, shape, m, index) for m in members)
                arrays.append(f'constexpr Member kMembers{index[name]}[] = {{{entries}}};')
                fields.append(f'.members = kMembers{index[name]}')
        if shape['type'] == 'list':
            fields.append(f'.element = {index[shape["member"]["shape"]]}')
        if shape['type'] == 'map':
            fields.append(f'.element = {index[shape["value"]["shape"]]}')
            fields.append(f'.key = {index[shape["key"]["shape"]]}')
        for bound in ('min', 'max'):
            if bound in shape:
                fields.append(f'.{bound} = {shape[bound]}')
        if 'pattern' in shape:
            fields.append(f'.pattern = {cpp_string(shape["pattern"])}')
        if 'enum' in shape:
            values = ENUM_ORDER.get(name, shape['enum'])
            assert sorted(values) == sorted(shape['enum']), name
            arrays.append(f'constexpr std::string_view kEnum{index[name]}[] = '
                          f'{{{", ".join(cpp_string(v) for v in values)}}};')
            fields.append(f'.enum_values = kEnum{index[name]}')
        rows.append('    {' + ', '.join(fields) + '},')
    operations = [f'    {{{cpp_string(op)}, {index[inputs[op]]}}},' for op in sorted(inputs)]
    version = model['metadata'].get('apiVersion', '')
    return '\n'.join([
        '// Generated by tools/gen_kinesis_model.py from botocore\'s Kinesis model '
        f'({version}). Do not edit;',
        '// change the script and run it again.',
        '#include "kinesis/model/shapes_table.h"',
        '',
        'namespace streamstack::kinesis::model::table {',
        'namespace {',
        '',
        '// clang-format off',
        *arrays,
        '// clang-format on',
        '',
        '}  // namespace',
        '',
        '// clang-format off',
        'const Shape kShapes[] = {',
        *rows,
        '};',
        'const std::size_t kShapeCount = std::size(kShapes);',
        '',
        'const OperationInput kOperationInputs[] = {',
        *operations,
        '};',
        'const std::size_t kOperationCount = std::size(kOperationInputs);',
        '// clang-format on',
        '',
        '}  // namespace streamstack::kinesis::model::table',
        '',
    ])


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else default_model_path()
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, 'w') as f:
        f.write(generate(load(path)))
    print(f'wrote {os.path.normpath(OUTPUT)}')


if __name__ == '__main__':
    main()
