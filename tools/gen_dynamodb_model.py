#!/usr/bin/env python3
"""Generates emulators/dynamodb/model/shapes_generated.cpp from botocore's DynamoDB model.

The request shapes of the operations listed below (and every shape they reach) become a C++
table that the request validator walks (emulators/dynamodb/validation.h). The published model
is what SDKs validate against; the service itself is in a few places stricter or words its
errors differently. Those differences are the tables below, each with where it was observed.

Usage: tools/gen_dynamodb_model.py [path/to/service-2.json(.gz)]
The output is committed, so building never needs Python.
"""
import sys

import model_tables

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
    # An empty TTL attribute name is a semantic error of its own ("TimeToLiveSpecification.
    # AttributeName must be non empty", dynalite test/updateTimeToLive.js), not a length error.
    'TimeToLiveAttributeName': {'min': None},
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
    # The conformance captures (paritysuite tier3 validation-ordering/transactions): the token
    # before the enums, which come before TransactItems (dynalite's transaction tests).
    'TransactWriteItemsInput': ['ClientRequestToken', 'ReturnConsumedCapacity',
                                'ReturnItemCollectionMetrics', 'TransactItems'],
    'TransactGetItemsInput': ['ReturnConsumedCapacity', 'TransactItems'],
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

# A global secondary index's KeySchema may hold up to four HASH and four RANGE attributes
# (multi-attribute keys, November 2025), so the published model dropped KeySchema's maximum of
# 2; tables and local indexes keep it (EXTRA_BOUNDS). The index members get a copy of the shape
# without the bound, and the counts are checked with the rest of the key schema rules
# (operations/key_schema_rules.cpp).
GLOBAL_INDEX_KEY_SCHEMA_MEMBERS = [('GlobalSecondaryIndex', 'KeySchema'),
                                   ('CreateGlobalSecondaryIndexAction', 'KeySchema')]


def with_global_index_key_schema(model):
    shapes = model['shapes']
    shapes['GlobalSecondaryIndexKeySchema'] = {k: v for k, v in shapes['KeySchema'].items()
                                               if k != 'max'}
    for structure, member in GLOBAL_INDEX_KEY_SCHEMA_MEMBERS:
        shapes[structure]['members'][member]['shape'] = 'GlobalSecondaryIndexKeySchema'
    return model


def generate(model):
    model = with_global_index_key_schema(model)
    adjustments = model_tables.Adjustments(member_order=MEMBER_ORDER, enum_order=ENUM_ORDER,
                                          required=EXTRA_REQUIRED, bounds=EXTRA_BOUNDS)
    return model_tables.generate(model, service='dynamodb', script='gen_dynamodb_model.py',
                                 title='DynamoDB', operations=OPERATIONS, adjustments=adjustments)


def main():
    if len(sys.argv) > 1:
        path = sys.argv[1]
    else:
        path = model_tables.botocore_model_path('dynamodb', '2012-08-10')
    model_tables.write('dynamodb', generate(model_tables.load(path)))


if __name__ == '__main__':
    main()
