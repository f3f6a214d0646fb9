import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dataPlaneEndpoints, parseCloudMetadata } from '../src/verify/probes/cloud.js';

// The public cloud's answer to GET https://management.azure.com/metadata/endpoints?api-version=2022-09-01, trimmed to
// the fields go-azure-sdk's metadata client reads.
const PUBLIC_2022 = {
  portal: 'https://portal.azure.com',
  authentication: {
    loginEndpoint: 'https://login.microsoftonline.com',
    audiences: ['https://management.core.windows.net/', 'https://management.azure.com/'],
    tenant: 'common',
    identityProvider: 'AAD',
  },
  name: 'AzureCloud',
  suffixes: { storage: 'core.windows.net', keyVaultDns: 'vault.azure.net' },
  resourceManager: 'https://management.azure.com/',
  logAnalyticsResourceId: 'https://api.loganalytics.io',
};

const GOV_2022 = {
  ...PUBLIC_2022,
  name: 'AzureUSGovernment',
  authentication: { ...PUBLIC_2022.authentication, audiences: ['https://management.core.usgovcloudapi.net/'] },
  resourceManager: 'https://management.usgovcloudapi.net/',
  logAnalyticsResourceId: 'https://api.loganalytics.us',
};

describe('data-plane endpoints come from the cloud of the ARM endpoint', () => {
  test('the public cloud, from its metadata', () => {
    const metadata = parseCloudMetadata(PUBLIC_2022, 'https://management.azure.com');
    const cloud = dataPlaneEndpoints('https://management.azure.com/', { ...(metadata && { metadata }) });
    assert.equal(cloud.cloud, 'AzureCloud');
    assert.equal(cloud.source, 'metadata');
    assert.deepEqual(cloud.logs, {
      endpoint: 'https://api.loganalytics.io/v1',
      audience: 'https://api.loganalytics.io',
    });
    assert.equal(cloud.prometheusAudience, 'https://prometheus.monitor.azure.com');
    assert.deepEqual(cloud.suffixes, { monitor: 'monitor.azure.com', opinsights: 'opinsights.azure.com' });
  });

  test('a sovereign cloud: its own Log Analytics API, Prometheus audience and suffixes, also from the 2019-05-01 list', () => {
    const metadata = parseCloudMetadata([PUBLIC_2022, GOV_2022], 'https://management.usgovcloudapi.net');
    assert.equal(metadata?.name, 'AzureUSGovernment');
    const cloud = dataPlaneEndpoints('https://management.usgovcloudapi.net', { ...(metadata && { metadata }) });
    assert.equal(cloud.logs?.endpoint, 'https://api.loganalytics.us/v1');
    assert.equal(cloud.prometheusAudience, 'https://prometheus.monitor.azure.us');
    assert.deepEqual(cloud.suffixes, { monitor: 'monitor.azure.us', opinsights: 'opinsights.azure.us' });
  });

  test('public ARM whose metadata cannot be read: the well-known public values, and why', () => {
    const cloud = dataPlaneEndpoints('https://management.azure.com', { problem: 'connection refused' });
    assert.equal(cloud.source, 'well-known');
    assert.equal(cloud.metadataProblem, 'connection refused');
    assert.equal(cloud.logs?.endpoint, 'https://api.loganalytics.io/v1');
  });

  test('another ARM endpoint is never sent to public Azure: unreadable metadata leaves the endpoints unknown', () => {
    const cloud = dataPlaneEndpoints('https://localhost:8443', { problem: 'HTTP 404' });
    assert.equal(cloud.source, 'none');
    assert.equal(cloud.logs, undefined);
    assert.equal(cloud.prometheusAudience, undefined);
  });

  test('a cloud on the public Entra ID without logAnalyticsResourceId: public audiences and names, no public API', () => {
    const custom = { ...PUBLIC_2022, name: 'contoso-proxy', resourceManager: 'https://arm.contoso.example/' };
    delete (custom as Partial<typeof custom>).logAnalyticsResourceId;
    const metadata = parseCloudMetadata(custom, 'https://arm.contoso.example');
    const cloud = dataPlaneEndpoints('https://arm.contoso.example', { ...(metadata && { metadata }) });
    assert.equal(cloud.cloud, 'contoso-proxy');
    assert.equal(cloud.logs, undefined);
    assert.equal(cloud.prometheusAudience, 'https://prometheus.monitor.azure.com');
    assert.equal(cloud.suffixes.monitor, 'monitor.azure.com');
  });

  test('the flags win over the cloud', () => {
    const cloud = dataPlaneEndpoints(
      'https://localhost:8443',
      { problem: 'HTTP 404' },
      {
        logsEndpoint: 'https://logs.example/v1/',
        logsAudience: 'https://logs.example/',
        prometheusAudience: 'https://prom.example',
        monitorSuffix: '.monitor.example',
        opinsightsSuffix: 'opinsights.example',
      },
    );
    assert.deepEqual(cloud.logs, { endpoint: 'https://logs.example/v1', audience: 'https://logs.example' });
    assert.equal(cloud.prometheusAudience, 'https://prom.example');
    assert.deepEqual(cloud.suffixes, { monitor: 'monitor.example', opinsights: 'opinsights.example' });
  });

  test('an answer that names another cloud, or no cloud, is not used', () => {
    assert.equal(parseCloudMetadata([PUBLIC_2022, GOV_2022], 'https://arm.contoso.example'), undefined);
    assert.equal(parseCloudMetadata('<html>', 'https://management.azure.com'), undefined);
  });
});
