#!/usr/bin/env python3
"""Generates emulators/dynamodb/model/shapes_generated.cpp from botocore's DynamoDB model.

The request shapes of the operations listed below (and every shape they reach) become a C++
table that the request validator walks (emulators/dynamodb/validation.h). The published model
is what SDKs validate against; the service itself is in a few places stricter or words its
errors differently. Those differences are the tables below, each with where it was observed.

Usage: tools/gen_dynamodb_model.py [path/to/service-2.json(.gz)]
The output is committed, so building never needs Python.
"""
import gzip
import json
import os
import sys

OPERATIONS = [
    'BatchGetItem', 'BatchWriteItem', 'CreateTable', 'DeleteItem', 'DeleteTable',
    'DescribeEndpoints', 'DescribeKinesisStreamingDestination', 'DescribeLimits', 'DescribeTable',
    'DescribeTimeToLive', 'DisableKinesisStreamingDestination',
    'EnableKinesisStreamingDestination', 'GetItem',
    'ListTables', 'ListTagsOfResource', 'PutItem', 'Query', 'Scan', 'TagResource',
    'TransactGetItems', 'TransactWriteItems', 'UntagResource', 'UpdateItem', 'UpdateTable',
    'UpdateKinesisStreamingDestination', 'UpdateTimeToLive',
]

# Members the service requires although the model no longer marks them required
# (dynalite test/createTable.js, run against AWS: "Value null at 'keySchema' failed to satisfy
# constraint: Member must not be null").
EXTRA_REQUIRED = {
    'CreateTableInput': ['AttributeDefinitions', 'KeySchema'],
}

# Bounds the service enforces beyond the model (dynalite validations/*.js; AWS answers
# "Member must have length less than or equal to 2" for a KeySchema of three elements).
EXTRA_BOUNDS = {
    'KeySchema': {'max': 2},
    'AttributeNameList': {'max': 255},
}

# The order in which the service reports constraint errors of a structure's members (it is not
# the model's order). From dynalite's validations/*.js and tests, written against AWS, and
# dynoxide's captures for the index shapes. Members not named follow in model order.
MEMBER_ORDER = {
    'CreateTableInput': ['AttributeDefinitions', 'TableName', 'BillingMode',
                         'ProvisionedThroughput', 'KeySchema', 'LocalSecondaryIndexes',
                         'GlobalSecondaryIndexes'],
    'ProvisionedThroughput': ['WriteCapacityUnits', 'ReadCapacityUnits'],
    'LocalSecondaryIndex': ['IndexName', 'KeySchema', 'Projection'],
    'GlobalSecondaryIndex': ['KeySchema', 'Projection', 'IndexName', 'ProvisionedThroughput'],
    'ListTablesInput': ['Limit', 'ExclusiveStartTableName'],
    'UpdateTableInput': ['TableName', 'ProvisionedThroughput', 'GlobalSecondaryIndexUpdates'],
    'PutItemInput': ['ReturnConsumedCapacity', 'TableName', 'Item', 'ConditionalOperator',
                     'Expected', 'ReturnValues', 'ReturnItemCollectionMetrics',
                     'ConditionExpression', 'ExpressionAttributeValues',
                     'ExpressionAttributeNames'],
    'GetItemInput': ['ReturnConsumedCapacity', 'AttributesToGet', 'TableName', 'Key',
                     'ConsistentRead', 'ProjectionExpression', 'ExpressionAttributeNames'],
    'DeleteItemInput': ['ReturnConsumedCapacity', 'TableName', 'ReturnValues',
                        'ReturnItemCollectionMetrics', 'Key', 'ConditionalOperator', 'Expected',
                        'ConditionExpression', 'ExpressionAttributeValues',
                        'ExpressionAttributeNames'],
    'UpdateItemInput': ['ReturnConsumedCapacity', 'TableName', 'ReturnItemCollectionMetrics',
                        'ReturnValues', 'Key', 'ConditionalOperator', 'Expected',
                        'AttributeUpdates', 'ConditionExpression', 'UpdateExpression',
                        'ExpressionAttributeValues', 'ExpressionAttributeNames'],
    'QueryInput': ['Limit', 'ExclusiveStartKey', 'ReturnConsumedCapacity', 'AttributesToGet',
                   'QueryFilter', 'Select', 'ConditionalOperator', 'KeyConditions', 'TableName',
                   'ConsistentRead', 'IndexName', 'ScanIndexForward', 'KeyConditionExpression',
                   'FilterExpression', 'ProjectionExpression', 'ExpressionAttributeValues',
                   'ExpressionAttributeNames'],
    'ScanInput': ['Limit', 'ReturnConsumedCapacity', 'AttributesToGet', 'Segment', 'Select',
                  'ScanFilter', 'ConditionalOperator', 'TotalSegments', 'TableName',
                  'ExclusiveStartKey', 'IndexName', 'FilterExpression', 'ProjectionExpression',
                  'ExpressionAttributeValues', 'ExpressionAttributeNames'],
    'ExpectedAttributeValue': ['AttributeValueList', 'ComparisonOperator', 'Exists', 'Value'],
    'AttributeValueUpdate': ['Action', 'Value'],
}

# The order in which the service lists an enum in "Member must satisfy enum value set: [...]"
# (a hash order for the older enums; dynalite validations/*.js, tests against AWS).
ENUM_ORDER = {
    'ScalarAttributeType': ['B', 'N', 'S'],
    'ProjectionType': ['ALL', 'INCLUDE', 'KEYS_ONLY'],
    'ComparisonOperator': ['IN', 'NULL', 'BETWEEN', 'LT', 'NOT_CONTAINS', 'EQ', 'GT', 'NOT_NULL',
                           'NE', 'LE', 'BEGINS_WITH', 'GE', 'CONTAINS'],
    'Select': ['SPECIFIC_ATTRIBUTES', 'COUNT', 'ALL_ATTRIBUTES', 'ALL_PROJECTED_ATTRIBUTES'],
    'ConditionalOperator': ['OR', 'AND'],
    'ReturnValue': ['ALL_NEW', 'UPDATED_OLD', 'ALL_OLD', 'NONE', 'UPDATED_NEW'],
}

KINDS = {
    'structure': 'kStructure', 'list': 'kList', 'map': 'kMap', 'string': 'kString',
    'boolean': 'kBoolean', 'integer': 'kInteger', 'long': 'kLong', 'double': 'kDouble',
    'float': 'kDouble', 'blob': 'kBlob', 'timestamp': 'kTimestamp',
}

OUTPUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'emulators', 'dynamodb',
                      'model', 'shapes_generated.cpp')


def default_model_path():
    import botocore
    return os.path.join(os.path.dirname(botocore.__file__), 'data', 'dynamodb', '2012-08-10',
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


def generate(model):
    shapes = model['shapes']
    inputs = {op: model['operations'][op]['input']['shape'] for op in OPERATIONS}
    names = reachable(shapes, inputs.values())
    index = {name: i for i, name in enumerate(names)}
    arrays, rows = [], []
    for name in names:
        shape = shapes[name]
        fields = [f'.name = {cpp_string(name)}', f'.kind = Kind::{KINDS[shape["type"]]}']
        if shape['type'] == 'structure':
            required = set(shape.get('required', [])) | set(EXTRA_REQUIRED.get(name, []))
            members = ordered_members(name, shape)
            if members:
                entries = ', '.join(
                    f'{{{cpp_string(m)}, {index[shape["members"][m]["shape"]]}, '
                    f'{"true" if m in required else "false"}}}' for m in members)
                arrays.append(f'constexpr Member kMembers{index[name]}[] = {{{entries}}};')
                fields.append(f'.members = kMembers{index[name]}')
        if shape['type'] == 'list':
            fields.append(f'.element = {index[shape["member"]["shape"]]}')
        if shape['type'] == 'map':
            fields.append(f'.element = {index[shape["value"]["shape"]]}')
            fields.append(f'.key = {index[shape["key"]["shape"]]}')
        bounds = {k: shape[k] for k in ('min', 'max') if k in shape}
        bounds.update(EXTRA_BOUNDS.get(name, {}))
        for bound in ('min', 'max'):
            if bound in bounds:
                fields.append(f'.{bound} = {bounds[bound]}')
        if 'pattern' in shape:
            fields.append(f'.pattern = {cpp_string(shape["pattern"])}')
        if 'enum' in shape:
            values = ENUM_ORDER.get(name, shape['enum'])
            assert sorted(values) == sorted(shape['enum']), name
            arrays.append(f'constexpr std::string_view kEnum{index[name]}[] = '
                          f'{{{", ".join(cpp_string(v) for v in values)}}};')
            fields.append(f'.enum_values = kEnum{index[name]}')
        rows.append('    {' + ', '.join(fields) + '},')
    operations = [f'    {{{cpp_string(op)}, {index[inputs[op]]}}},' for op in sorted(OPERATIONS)]
    version = model['metadata'].get('apiVersion', '')
    return '\n'.join([
        '// Generated by tools/gen_dynamodb_model.py from botocore\'s DynamoDB model '
        f'({version}). Do not edit;',
        '// change the script and run it again.',
        '#include "dynamodb/model/shapes_table.h"',
        '',
        'namespace streamstack::dynamodb::model::table {',
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
        '}  // namespace streamstack::dynamodb::model::table',
        '',
    ])


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else default_model_path()
    with open(OUTPUT, 'w') as f:
        f.write(generate(load(path)))
    print(f'wrote {os.path.normpath(OUTPUT)}')


if __name__ == '__main__':
    main()
