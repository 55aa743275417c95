import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.js';
import { createApp } from './synth.js';

describe('cdk-nag AwsSolutions checks', () => {
  it('find nothing unacknowledged in the app as cdk synth builds it', () => {
    // Prepare
    const app = createApp();
    buildApp(app);

    // Act
    const assembly = app.synth();
    const { violations } = new AwsSolutionsChecks().validateScope(app);

    // Assess
    expect(violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual(
      [],
    );
    const reportFile = join(assembly.directory, 'validation-report.json');
    if (existsSync(reportFile)) expect(readFileSync(reportFile, 'utf8')).not.toContain('AwsSolutions-');
  });

  it('acknowledge every finding with a reason', () => {
    // Prepare
    const app = createApp();
    buildApp(app);

    // Act
    const acknowledgements = app.node
      .findAll()
      .flatMap((c) => c.node.metadata)
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>));

    // Assess
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledgements) {
      expect(id).toMatch(/AwsSolutions-/);
      expect(reason.length, `reason of ${id}`).toBeGreaterThan(40);
    }
  });

  it('fail synthesis on an unacknowledged error', () => {
    // Prepare
    const app = createApp();
    const { stateless } = buildApp(app);
    new Queue(stateless, 'QueueWithoutDeadLetterQueue');

    // Act
    const synth = () => app.synth();

    // Assess
    expect(synth).toThrow(/AwsSolutions-SQS3/);
  });

  it('fail synthesis on an unacknowledged warning, even beside findings acknowledged in CDK form', () => {
    // Prepare
    const app = createApp();
    const { stateful } = buildApp(app);
    // DDB3 (no point-in-time recovery) is a warning-level rule.
    new Table(stateful, 'TableWithoutBackups', { partitionKey: { name: 'PK', type: AttributeType.STRING } });
    // Findings acknowledged with CDK's namespaced id reach CDK unfiltered and make it recompute the report's success.
    const queue = new Queue(stateful, 'AcknowledgedQueue', { enforceSSL: true });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason: 'A test queue, acknowledged with the id CDK prints, to exercise strict validation.',
    });

    // Act
    const synth = () => app.synth();

    // Assess
    expect(synth).toThrow(/AwsSolutions-DDB3/);
  });
});
