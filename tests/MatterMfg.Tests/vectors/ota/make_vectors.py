#!/usr/bin/env python3
"""Writes the Matter OTA image vectors in this folder from the format's rules, independently of MatterMfg.

The rules (Matter core spec 11.21.2 and what connectedhomeip's ota_image_tool.py writes):
  fixed header '<IQI': magic 0x1BEEF11E, total file size, header TLV size (all little-endian);
  header TLV: anonymous structure (0x15) ... end of container (0x18), context tags (control 0x20 | type, then the tag
  byte) in ascending order 0..9; unsigned integers (type 0x04..0x07) in the smallest of 1/2/4/8 bytes; UTF-8 strings
  (0x0C..0x0F) and byte strings (0x10..0x13) with the smallest length field;
  then the payload files concatenated. The digest (tag 9) covers the payload only; sha256_N is SHA-256 cut to N bits.

Run: python3 make_vectors.py   (writes payload_*.bin, *.ota and cases.json here)
"""
import base64
import hashlib
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))

DIGESTS = {
    'sha256': (1, lambda d: hashlib.sha256(d).digest()),
    'sha256_128': (2, lambda d: hashlib.sha256(d).digest()[:16]),
    'sha256_120': (3, lambda d: hashlib.sha256(d).digest()[:15]),
    'sha256_96': (4, lambda d: hashlib.sha256(d).digest()[:12]),
    'sha256_64': (5, lambda d: hashlib.sha256(d).digest()[:8]),
    'sha256_32': (6, lambda d: hashlib.sha256(d).digest()[:4]),
    'sha384': (7, lambda d: hashlib.sha384(d).digest()),
    'sha512': (8, lambda d: hashlib.sha512(d).digest()),
    'sha3_224': (9, lambda d: hashlib.sha3_224(d).digest()),
    'sha3_256': (10, lambda d: hashlib.sha3_256(d).digest()),
    'sha3_384': (11, lambda d: hashlib.sha3_384(d).digest()),
    'sha3_512': (12, lambda d: hashlib.sha3_512(d).digest()),
}


def payload(length, seed):
    """Deterministic payload bytes; the C# tests compute the same formula."""
    return bytes(((i * 131 + seed * 17 + (i >> 9)) & 0xFF) for i in range(length))


def width_code(value):
    for code, limit in enumerate((0xFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFFFFFFFFFF)):
        if value <= limit:
            return code
    raise ValueError(value)


def le(value, code):
    return value.to_bytes(1 << code, 'little')


def tlv_uint(tag, value):
    code = width_code(value)
    return bytes([0x20 | (0x04 + code), tag]) + le(value, code)


def tlv_bytes(tag, base_type, data):
    code = width_code(len(data))
    return bytes([0x20 | (base_type + code), tag]) + le(len(data), code) + data


def image(case, data):
    digest_id, digest_fn = DIGESTS[case['digest']]
    digest = digest_fn(data)
    tlv = b'\x15'
    tlv += tlv_uint(0, case['vendor_id'])
    tlv += tlv_uint(1, case['product_id'])
    tlv += tlv_uint(2, case['version'])
    tlv += tlv_bytes(3, 0x0C, case['version_str'].encode('utf-8'))
    tlv += tlv_uint(4, len(data))
    if case.get('min_version') is not None:
        tlv += tlv_uint(5, case['min_version'])
    if case.get('max_version') is not None:
        tlv += tlv_uint(6, case['max_version'])
    if case.get('release_notes') is not None:
        tlv += tlv_bytes(7, 0x0C, case['release_notes'].encode('utf-8'))
    tlv += tlv_uint(8, digest_id)
    tlv += tlv_bytes(9, 0x10, digest)
    tlv += b'\x18'
    header = struct.pack('<IQI', 0x1BEEF11E, 16 + len(tlv) + len(data), len(tlv)) + tlv
    return header, digest


PAYLOAD_A = {'file': 'payload_a.bin', 'length': 1000, 'seed': 1}
PAYLOAD_B = {'file': 'payload_b.bin', 'length': 517, 'seed': 2}
PAYLOAD_BIG = {'file': None, 'length': 70000, 'seed': 3}

BASE = dict(vendor_id=0xFFF1, product_id=0x8000, version=1, version_str='1.0', digest='sha256',
            min_version=None, max_version=None, release_notes=None, payloads=[PAYLOAD_A])

CASES = [
    dict(BASE, name='minimal_sha256'),
    dict(BASE, name='all_optional', vendor_id=1, product_id=1, version=0x00010203, version_str='1.2.3-rc1',
         min_version=0, max_version=0x10000, release_notes='https://example.com/notes/1.2.3'),
    dict(BASE, name='two_payloads', vendor_id=0xFFF2, product_id=0x8001, version=0x100, version_str='2.0',
         payloads=[PAYLOAD_A, PAYLOAD_B]),
    dict(BASE, name='http_release_notes', version=2, version_str='0.2', min_version=1, max_version=1,
         release_notes='http://example.com/notes'),
    dict(BASE, name='large_payload_long_url', vendor_id=0x131B, product_id=0xFFFF, version=0xFFFFFFFF, version_str='v' * 64,
         min_version=1, max_version=0xFFFFFFFE, release_notes='https://' + 'a' * 248, payloads=[PAYLOAD_BIG]),
] + [dict(BASE, name='digest_' + d, digest=d) for d in DIGESTS if d != 'sha256']


def main():
    for p in (PAYLOAD_A, PAYLOAD_B):
        with open(os.path.join(HERE, p['file']), 'wb') as f:
            f.write(payload(p['length'], p['seed']))
    out = []
    for case in CASES:
        data = b''.join(payload(p['length'], p['seed']) for p in case['payloads'])
        header, digest = image(case, data)
        whole = header + data
        ota = None
        if len(whole) <= 4096:
            ota = case['name'] + '.ota'
            with open(os.path.join(HERE, ota), 'wb') as f:
                f.write(whole)
        entry = {k: v for k, v in case.items() if k != 'payloads'}
        entry['payloads'] = [{'file': p['file'], 'length': p['length'], 'seed': p['seed']} for p in case['payloads']]
        entry.update(ota=ota, ota_size=len(whole), header_hex=header.hex(), payload_digest_hex=digest.hex(),
                     ota_checksum=base64.b64encode(hashlib.sha256(whole).digest()).decode('ascii'))
        out.append(entry)
    with open(os.path.join(HERE, 'cases.json'), 'w', newline='\n') as f:
        json.dump(out, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
