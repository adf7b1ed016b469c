import { describe, expect, it } from 'vitest';
import {
  endpointFromText,
  formatAddress,
  formatEndpoint,
  parseAddress,
} from '../../../electron/engine/decode/address.ts';
import { hex } from './net-fixtures.ts';

const ipv6Cases: [name: string, bytesHex: string, text: string][] = [
  ['loopback', '00000000000000000000000000000001', '::1'],
  ['unspecified', '00000000000000000000000000000000', '::'],
  ['documentation prefix', '20010db8000000000000000000000001', '2001:db8::1'],
  ['first of two equal zero runs', '20010db8000000000001000000000001', '2001:db8::1:0:0:1'],
  ['longest zero run wins', '20010000000000010000000000000001', '2001:0:0:1::1'],
  ['a single zero group is not shortened', '20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'],
  ['leading zeros dropped, lower case', '20010db80a0b00c0000d00000000abcd', '2001:db8:a0b:c0:d::abcd'],
  ['trailing zero run', 'fe800000000000000000000000000000', 'fe80::'],
  ['link-local with interface id', 'fe80000000000000021122fffe334455', 'fe80::211:22ff:fe33:4455'],
  ['IPv4-mapped', '00000000000000000000ffffc0000201', '::ffff:192.0.2.1'],
  ['not IPv4-mapped (ffff elsewhere)', '0000000000000000ffff0000c0000201', '::ffff:0:c000:201'],
  ['no zeros at all', '11112222333344445555666677778888', '1111:2222:3333:4444:5555:6666:7777:8888'],
];

describe('formatAddress', () => {
  for (const [name, bytesHex, text] of ipv6Cases) {
    it(`IPv6 ${name}: ${text}`, () => {
      expect(formatAddress(6, hex(bytesHex))).toBe(text);
    });
  }

  it('IPv4 dotted quad, ignoring bytes beyond the fourth', () => {
    expect(formatAddress(4, hex('0a000001ffffffff'))).toBe('10.0.0.1');
    expect(formatAddress(4, hex('ffffffff'))).toBe('255.255.255.255');
  });

  it('reads missing bytes as 0 and returns "" for unknown versions', () => {
    expect(formatAddress(4, hex('0a'))).toBe('10.0.0.0');
    expect(formatAddress(0, hex('0a000001'))).toBe('');
  });
});

describe('formatEndpoint', () => {
  it('IPv4 address:port', () => {
    expect(formatEndpoint(4, hex('0a000001'), 5004)).toBe('10.0.0.1:5004');
  });

  it('IPv6 [address]:port', () => {
    expect(formatEndpoint(6, hex('20010db8000000000000000000000001'), 5004)).toBe('[2001:db8::1]:5004');
  });
});

describe('parseAddress and endpointFromText', () => {
  it.each([
    ['192.0.2.1', 5004, '192.0.2.1:5004'],
    ['2001:DB8:0:0:0:0:0:1', 5004, '[2001:db8::1]:5004'],
    ['2001:db8::1', 6000, '[2001:db8::1]:6000'],
    ['::1', 1, '[::1]:1'],
    ['::', 2, '[::]:2'],
    ['fe80::1%eth0', 3, '[fe80::1]:3'],
    ['::ffff:192.0.2.1', 4, '[::ffff:192.0.2.1]:4'],
    ['2001:db8:0:0:1:0:0:1', 5, '[2001:db8::1:0:0:1]:5'],
  ])('%s port %i -> %s', (text, port, endpoint) => {
    expect(endpointFromText(text, port)).toBe(endpoint);
  });

  it.each([
    '',
    'example.com',
    '256.1.1.1',
    '1.2.3',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '12345::',
    'g::1',
    ':::',
  ])('rejects %j', (text) => {
    expect(parseAddress(text)).toBeNull();
  });
});
