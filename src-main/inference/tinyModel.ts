/**
 * A hand-encoded ONNX model `y = Identity(x)`, x,y float32 [1], used to probe whether an execution
 * provider can create a session. Encoded here (protobuf wire format) so the host needs no onnx library.
 */
function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}
const field = (no: number, body: number[]): number[] => [
  ...varint((no << 3) | 2),
  ...varint(body.length),
  ...body,
];
const str = (no: number, s: string): number[] => field(no, [...Buffer.from(s, 'utf8')]);
const int = (no: number, v: number): number[] => [...varint(no << 3), ...varint(v)];

function valueInfo(name: string): number[] {
  const dim = field(1, int(1, 1)); // TensorShapeProto.Dimension{dim_value: 1}
  const tensorType = [...int(1, 1), ...field(2, dim)]; // elem_type FLOAT, shape [1]
  return [...str(1, name), ...field(2, field(1, tensorType))];
}

export function identityModel(): Uint8Array {
  const node = [...str(1, 'x'), ...str(2, 'y'), ...str(4, 'Identity')];
  const graph = [
    ...field(1, node),
    ...str(2, 'probe'),
    ...field(11, valueInfo('x')),
    ...field(12, valueInfo('y')),
  ];
  const model = [...int(1, 8), ...field(8, [...str(1, ''), ...int(2, 13)]), ...field(7, graph)];
  return Uint8Array.from(model);
}
