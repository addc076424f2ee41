// The seed tutorial's stack (stream_demo_stack.py), construct for construct. The one change:
// Lambda no longer creates python3.7 functions, so the runtime is a current Python 3.
const { Stack } = require('aws-cdk-lib');
const _lambda = require('aws-cdk-lib/aws-lambda');
const _apigw = require('aws-cdk-lib/aws-apigateway');
const _ddb = require('aws-cdk-lib/aws-dynamodb');
const _iam = require('aws-cdk-lib/aws-iam');
const _kns = require('aws-cdk-lib/aws-kinesis');
const { DynamoEventSource } = require('aws-cdk-lib/aws-lambda-event-sources');

class StreamDemoStack extends Stack {
  constructor(scope, id, props) {
    super(scope, id, props);

    const table = new _ddb.Table(this, 'stream-demo-table', {
      partitionKey: { name: 'itemKey', type: _ddb.AttributeType.STRING },
      replicationRegions: ['us-east-2', 'us-west-2'],
      kinesisStream: new _kns.Stream(this, 'demo-stream'),
    });

    const ddbReadRole = new _iam.Role(this, 'ddb_read_lambda_role', {
      assumedBy: new _iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    ddbReadRole.addToPolicy(new _iam.PolicyStatement({
      effect: _iam.Effect.ALLOW,
      resources: [table.tableArn],
      actions: ['dynamodb:GetItem'],
    }));

    const ddbWriteRole = new _iam.Role(this, 'ddb_write_lambda_role', {
      assumedBy: new _iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    ddbWriteRole.addToPolicy(new _iam.PolicyStatement({
      effect: _iam.Effect.ALLOW,
      resources: [table.tableArn],
      actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
    }));

    // The tutorial creates it and gives it to no function; kept, as it deploys.
    new _iam.Role(this, 'ddb_admin_lambda_role', {
      assumedBy: new _iam.ServicePrincipal('lambda.amazonaws.com'),
    });

    const getLambda = new _lambda.Function(this, 'get_handler', {
      runtime: _lambda.Runtime.PYTHON_3_12,
      code: _lambda.Code.fromAsset('lambda'),
      handler: 'handler.handler',
      role: ddbReadRole,
    });
    getLambda.addEnvironment('TABLE', table.tableName);

    new _apigw.LambdaRestApi(this, 'handler-endpoint', { handler: getLambda });

    const putLambda = new _lambda.Function(this, 'put_handler', {
      runtime: _lambda.Runtime.PYTHON_3_12,
      code: _lambda.Code.fromAsset('lambda'),
      handler: 'put_handler.handler',
      role: ddbWriteRole,
    });
    putLambda.addEnvironment('TABLE', table.tableName);

    new _apigw.LambdaRestApi(this, 'put-handler-endpoint', { handler: putLambda });

    const streamLambda = new _lambda.Function(this, 'stream_handler', {
      runtime: _lambda.Runtime.PYTHON_3_12,
      code: _lambda.Code.fromAsset('lambda'),
      handler: 'stream_handler.handler',
    });
    streamLambda.addEventSource(new DynamoEventSource(table, {
      startingPosition: _lambda.StartingPosition.LATEST,
      batchSize: 1,
    }));
  }
}

module.exports = { StreamDemoStack };
