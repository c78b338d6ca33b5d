// CloudFormation YAML: the short-form tags (!Ref, !Sub, !GetAtt, ...) read into their long JSON forms,
// so the checks see the template as CloudFormation does.
import { parse } from 'yaml';

const FUNCTIONS = ['Base64', 'Cidr', 'FindInMap', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub',
  'Transform', 'If', 'Equals', 'Not', 'And', 'Or', 'ToJsonString', 'Length'];

function tag(name, collection, toValue) {
  return { tag: `!${name}`, collection, resolve: (node) => toValue(node && node.toJSON ? node.toJSON() : node) };
}

const customTags = [
  tag('Ref', undefined, (v) => ({ Ref: v })),
  tag('Condition', undefined, (v) => ({ Condition: v })),
  tag('GetAtt', undefined, (v) => {
    const i = String(v).indexOf('.');
    return { 'Fn::GetAtt': [String(v).slice(0, i), String(v).slice(i + 1)] };
  }),
  tag('GetAtt', 'seq', (v) => ({ 'Fn::GetAtt': v })),
];
for (const f of FUNCTIONS) {
  customTags.push(tag(f, undefined, (v) => ({ [`Fn::${f}`]: v })));
  customTags.push(tag(f, 'seq', (v) => ({ [`Fn::${f}`]: v })));
  customTags.push(tag(f, 'map', (v) => ({ [`Fn::${f}`]: v })));
}

export function parseTemplate(text) {
  return parse(text, { customTags, uniqueKeys: true, maxAliasCount: -1 });
}

/** An intrinsic function or Ref: an object with exactly one key that is Ref, Condition or Fn::*. */
export function intrinsic(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const keys = Object.keys(value);
  if (keys.length !== 1) return null;
  const k = keys[0];
  return k === 'Ref' || k === 'Condition' || k.startsWith('Fn::') ? k : null;
}
