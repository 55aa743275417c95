/**
 * The configuration rules: defaults when a variable is unset, the value when it is valid, and one error naming every
 * invalid variable and what it must be (a misconfigured function fails its cold start with that message).
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config.js';

describe('configuration', () => {
  it('takes the documented defaults when nothing is set', () => {
    const config = parseConfig({});
    expect(config.TABLE_NAME).toBe('konkurs');
    expect(config.MAIL_SEND_RATE).toBe(1);
    expect(config.MAIL_MAX_CONCURRENCY).toBeUndefined();
    expect(config.PERIOD_TENDER_WORKING_DAYS).toBe(5);
    expect(config.TENDER_COMPLAINT_CUTOFF_WORKING_DAYS).toBe(2);
    expect(config.SIGNATURE_REQUIRED).toBe('true');
    expect(config.OCDS_PREFIX).toBe('ocds-konkurs');
    expect(config.DOCUMENT_MAX_BYTES).toBe(100 * 1024 * 1024);
  });

  it('reads valid values as their types', () => {
    const config = parseConfig({
      MAIL_SEND_RATE: '14.5',
      MAIL_MAX_CONCURRENCY: '2',
      TENDER_COMPLAINT_CUTOFF_WORKING_DAYS: '0',
      SIGNATURE_REQUIRED: 'false',
      API_BASE_URL: 'https://api.konkurs.kz',
      COMPLAINT_REVIEWER_EMAIL: 'complaints@minenergo.gov.kz',
    });
    expect(config).toMatchObject({
      MAIL_SEND_RATE: 14.5,
      MAIL_MAX_CONCURRENCY: 2,
      TENDER_COMPLAINT_CUTOFF_WORKING_DAYS: 0,
      SIGNATURE_REQUIRED: 'false',
      API_BASE_URL: 'https://api.konkurs.kz',
      COMPLAINT_REVIEWER_EMAIL: 'complaints@minenergo.gov.kz',
    });
  });

  it.each([
    ['TABLE_NAME', '', 'TABLE_NAME must not be empty'],
    ['MAIL_SEND_RATE', '0', 'MAIL_SEND_RATE must be a number above 0 and at most 10000'],
    ['MAIL_SEND_RATE', 'fast', 'MAIL_SEND_RATE must be a number above 0'],
    ['MAIL_MAX_CONCURRENCY', '2.5', 'MAIL_MAX_CONCURRENCY must be a whole number'],
    ['MAIL_MAX_CONCURRENCY', '', 'MAIL_MAX_CONCURRENCY must be a whole number'],
    ['PERIOD_TENDER_WORKING_DAYS', '61', 'PERIOD_TENDER_WORKING_DAYS must be from 1 to 60'],
    ['API_BASE_URL', 'api.konkurs.kz', 'API_BASE_URL must be a URL'],
    ['COMPLAINT_REVIEWER_EMAIL', 'complaints', 'COMPLAINT_REVIEWER_EMAIL must be an email address'],
    ['SIGNATURE_REQUIRED', 'yes', 'SIGNATURE_REQUIRED must be one of true, false'],
    ['OCDS_PREFIX', 'ocds konkurs', 'OCDS_PREFIX must be letters, digits and -'],
  ])('refuses %s=%j, naming it', (name, value, message) => {
    expect(() => parseConfig({ [name]: value })).toThrow(message);
  });

  it('names every invalid variable in one error', () => {
    expect(() => parseConfig({ TABLE_NAME: '', DOCUMENT_URL_SECONDS: '5' })).toThrow(
      'invalid configuration: TABLE_NAME must not be empty; DOCUMENT_URL_SECONDS must be from 30 to 3600',
    );
  });
});
