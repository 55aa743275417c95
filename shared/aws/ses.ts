/**
 * The SES v2 client, created once per execution environment; endpoint from `AWS_ENDPOINT_URL_SESV2` when set.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';

export const ses = new SESv2Client({});
