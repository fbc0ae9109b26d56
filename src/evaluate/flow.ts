/**
 * Maximum flow (Edmonds–Karp) on small integer networks. Deterministic: edges are explored in
 * the order they were added, so the same network always gives the same flow.
 */

/** A flow network under construction. */
export class FlowNetwork {
  private readonly head: number[][];
  private readonly to: number[] = [];
  private readonly cap: number[] = [];

  constructor(readonly size: number) {
    this.head = Array.from({ length: size }, () => []);
  }

  /** Adds an edge and returns its index (its flow is read with `flowOn`). */
  addEdge(from: number, to: number, capacity: number): number {
    const index = this.to.length;
    this.to.push(to, from);
    this.cap.push(capacity, 0);
    this.head[from]!.push(index);
    this.head[to]!.push(index + 1);
    return index;
  }

  /** Changes an edge's capacity, keeping the flow already on it (the new capacity must cover it). */
  setCapacity(edge: number, capacity: number): void {
    this.cap[edge] = capacity - this.cap[edge + 1]!;
  }

  /** The flow on an edge after `maxFlow`. */
  flowOn(edge: number): number {
    return this.cap[edge + 1]!;
  }

  /**
   * Pushes as much flow as possible from `source` to `sink` and returns the amount.
   *
   * @example
   * const n = new FlowNetwork(3); n.addEdge(0, 1, 5); n.addEdge(1, 2, 3);
   * n.maxFlow(0, 2) //=> 3
   */
  maxFlow(source: number, sink: number): number {
    let total = 0;
    const parentEdge = new Array<number>(this.size);
    for (;;) {
      parentEdge.fill(-1);
      const queue = [source];
      let found = false;
      for (let qi = 0; qi < queue.length && !found; qi++) {
        const u = queue[qi]!;
        for (const e of this.head[u]!) {
          const v = this.to[e]!;
          if (this.cap[e]! > 0 && v !== source && parentEdge[v] === -1) {
            parentEdge[v] = e;
            if (v === sink) {
              found = true;
              break;
            }
            queue.push(v);
          }
        }
      }
      if (!found) return total;
      let push = Infinity;
      for (let v = sink; v !== source; v = this.to[parentEdge[v]! ^ 1]!) push = Math.min(push, this.cap[parentEdge[v]!]!);
      for (let v = sink; v !== source; v = this.to[parentEdge[v]! ^ 1]!) {
        this.cap[parentEdge[v]!]! -= push;
        this.cap[parentEdge[v]! ^ 1]! += push;
      }
      total += push;
    }
  }
}
