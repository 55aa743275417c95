/**
 * The SQS client, created once per execution environment.
 *
 * `useQueueUrlAsEndpoint: false` keeps requests on the configured endpoint (`AWS_ENDPOINT_URL_SQS` locally), because
 * emulators hand out queue URLs with hosts that do not resolve; in AWS the regional endpoint is the same either way.
 */
import { SQSClient } from '@aws-sdk/client-sqs';

export const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
