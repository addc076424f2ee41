#!/usr/bin/env node
// The seed tutorial's CDK app (app.py), in JavaScript.
const cdk = require('aws-cdk-lib');
const { StreamDemoStack } = require('../lib/stream-demo-stack');

const app = new cdk.App();
new StreamDemoStack(app, 'StreamDemoStack');
