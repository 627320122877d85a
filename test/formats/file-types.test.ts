import { describe, expect, it } from 'vitest';
import { FormatError } from '../../src/errors.js';
import { FILE_TYPES, fileTypeForKey, getCodec, parseFileType } from '../../src/formats/index.js';

describe('file types', () => {
  it('lists the three types', () => {
    expect(FILE_TYPES).toEqual(['csv', 'parquet', 'feather']);
  });

  it('maps every extension, case-insensitively', () => {
    expect(fileTypeForKey('in/a.csv')).toBe('csv');
    expect(fileTypeForKey('in/a.CSV')).toBe('csv');
    expect(fileTypeForKey('a.parquet')).toBe('parquet');
    expect(fileTypeForKey('dir.x/a.Pq')).toBe('parquet');
    expect(fileTypeForKey('a.feather')).toBe('feather');
    expect(fileTypeForKey('a.ARROW')).toBe('feather');
    expect(fileTypeForKey('s3://b/k/a.ipc')).toBe('feather');
  });

  it('gives undefined for other or missing extensions', () => {
    expect(fileTypeForKey('a.txt')).toBeUndefined();
    expect(fileTypeForKey('csv')).toBeUndefined();
    expect(fileTypeForKey('dir.csv/file')).toBeUndefined();
    expect(fileTypeForKey('a.csv.gz')).toBeUndefined();
  });

  it('parses names, platform spellings and extensions', () => {
    expect(parseFileType('CSV')).toBe('csv');
    expect(parseFileType('PARQUET_OUTPUT_FILE_TYPE')).toBe('parquet');
    expect(parseFileType('feather_input_file_type')).toBe('feather');
    expect(parseFileType('.pq')).toBe('parquet');
    expect(parseFileType('arrow')).toBe('feather');
  });

  it('rejects an unknown type with a FormatError naming it', () => {
    expect(() => parseFileType('xlsx')).toThrow(FormatError);
    expect(() => parseFileType('xlsx')).toThrow(/"xlsx".*csv, parquet, feather/);
    expect(() => parseFileType(3)).toThrow(FormatError);
    expect(() => getCodec('json')).toThrow(FormatError);
  });

  it('builds each codec with its type and extensions', () => {
    expect(getCodec('csv').extensions).toEqual(['csv']);
    expect(getCodec('parquet').extensions).toEqual(['parquet', 'pq']);
    const feather = getCodec('FEATHER');
    expect(feather.fileType).toBe('feather');
    expect(feather.extensions).toEqual(['feather', 'arrow', 'ipc']);
  });
});
