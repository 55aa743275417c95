/**
 * Structured logging and metrics (Powertools for AWS Lambda), one instance each per execution environment.
 * `POWERTOOLS_SERVICE_NAME`, `POWERTOOLS_LOG_LEVEL` and `POWERTOOLS_METRICS_NAMESPACE` configure them.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'konkurs' });
