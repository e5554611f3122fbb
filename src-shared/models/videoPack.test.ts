import { describe, expect, it } from 'vitest';
import { packSemantics, packSemanticsProblem, SVD_GRAPH_SEMANTICS } from './videoPack';

describe('video pack graph semantics', () => {
  it('a pack without the field is version 1, and refused with what to do', () => {
    expect(packSemantics({})).toBe(1);
    const msg = packSemanticsProblem({}) ?? '';
    expect(msg).toMatch(/older exporter \(graph semantics 1, this studio needs 2\)/);
    expect(msg).toMatch(/Re-export it/);
    expect(msg).toMatch(/reinstall the video pack/);
  });

  it("accepts exactly this studio's version", () => {
    expect(packSemanticsProblem({ graphSemantics: SVD_GRAPH_SEMANTICS })).toBeNull();
  });

  it('a newer pack asks for a newer studio; a malformed value is named', () => {
    expect(packSemanticsProblem({ graphSemantics: SVD_GRAPH_SEMANTICS + 1 })).toMatch(/newer LeviTor Studio/);
    for (const bad of ['2', 1.5, 0, null])
      expect(packSemanticsProblem({ graphSemantics: bad })).toMatch(/unreadable graphSemantics/);
  });
});
