/** Resources and what each waits for; only edges between known nodes are kept. */
export interface DependencyGraph {
  readonly nodes: readonly string[];
  /** node → the nodes it depends on. */
  readonly dependsOn: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Builds a graph from `node → dependencies`, dropping edges to nodes outside the map. */
export function buildGraph(dependencies: Readonly<Record<string, Iterable<string>>>): DependencyGraph {
  const nodes = Object.keys(dependencies);
  const known = new Set(nodes);
  const dependsOn = new Map<string, Set<string>>();
  for (const node of nodes) {
    const deps = new Set<string>();
    for (const dep of dependencies[node] ?? []) if (known.has(dep) && dep !== node) deps.add(dep);
    dependsOn.set(node, deps);
  }
  return { nodes, dependsOn };
}

/** The graph with every edge turned round: deletion order is the reverse of creation order. */
export function reverseGraph(graph: DependencyGraph): DependencyGraph {
  const dependsOn = new Map<string, Set<string>>(graph.nodes.map((node) => [node, new Set<string>()]));
  for (const [node, deps] of graph.dependsOn) for (const dep of deps) dependsOn.get(dep)?.add(node);
  return { nodes: graph.nodes, dependsOn };
}

/** The nodes that sit on a cycle, sorted; empty when the graph is acyclic. */
export function findCycle(graph: DependencyGraph): string[] {
  const remaining = new Map([...graph.dependsOn].map(([node, deps]) => [node, new Set(deps)]));
  let progress = true;
  while (progress) {
    progress = false;
    for (const [node, deps] of remaining) {
      if ([...deps].every((dep) => !remaining.has(dep))) {
        remaining.delete(node);
        progress = true;
      }
    }
  }
  return [...remaining.keys()].sort();
}

/** A topological order (dependencies first), ties broken by declaration order. */
export function topologicalOrder(graph: DependencyGraph): string[] {
  const done = new Set<string>();
  const order: string[] = [];
  while (order.length < graph.nodes.length) {
    const before = order.length;
    for (const node of graph.nodes) {
      if (done.has(node)) continue;
      if ([...(graph.dependsOn.get(node) ?? [])].every((dep) => done.has(dep))) {
        done.add(node);
        order.push(node);
      }
    }
    if (order.length === before) throw new Error(`cycle among ${findCycle(graph).join(', ')}`);
  }
  return order;
}

/** What a graph run did: nodes whose worker succeeded, failed, or never started. */
export interface GraphRunResult {
  succeeded: string[];
  failed: string[];
  notStarted: string[];
}

/**
 * Runs `worker` over the graph, each node once all its dependencies succeeded, at most
 * `limit` at a time. After the first failure (or when `stop()` says so) nothing new
 * starts; the ones in flight finish.
 */
export async function runGraph(
  graph: DependencyGraph,
  limit: number,
  worker: (node: string) => Promise<boolean>,
  stop: () => boolean = () => false,
): Promise<GraphRunResult> {
  const succeeded = new Set<string>();
  const failed = new Set<string>();
  const started = new Set<string>();
  const inFlight = new Map<string, Promise<void>>();
  const ready = (): string[] =>
    graph.nodes.filter(
      (node) => !started.has(node) && [...(graph.dependsOn.get(node) ?? [])].every((dep) => succeeded.has(dep)),
    );
  for (;;) {
    if (failed.size === 0 && !stop()) {
      for (const node of ready()) {
        if (inFlight.size >= limit) break;
        started.add(node);
        const run = worker(node)
          .catch(() => false)
          .then((ok) => {
            (ok ? succeeded : failed).add(node);
            inFlight.delete(node);
          });
        inFlight.set(node, run);
      }
    }
    if (inFlight.size === 0) break;
    await Promise.race(inFlight.values());
  }
  return {
    succeeded: graph.nodes.filter((node) => succeeded.has(node)),
    failed: graph.nodes.filter((node) => failed.has(node)),
    notStarted: graph.nodes.filter((node) => !started.has(node)),
  };
}
