package org.unet4j.solvers.graphcut;

import org.unet4j.autodiff.parallel.Parallel;

/**
 * Maximum s-t flow and minimum cut by the augmenting-path algorithm of Boykov and Kolmogorov ("An experimental
 * comparison of min-cut/max-flow algorithms for energy minimization in vision", IEEE TPAMI 26(9), 2004), the
 * algorithm behind PyMaxflow, which the SoftCut thesis uses at inference.
 *
 * <p>Two search trees are kept in the residual network: S rooted at the source and T rooted at the sink; every
 * node is free or belongs to one tree, and a tree node is active (it may still grow) or passive. Each node has a
 * parent arc; in S the tree arc parent -> child has residual capacity, in T the arc child -> parent has. The
 * algorithm repeats three stages until no active node is left:
 * <ol>
 *   <li><b>Growth.</b> An active node p scans its residual arcs towards its neighbours q (p -> q in S,
 *       q -> p in T); a free q joins p's tree with parent p and becomes active; a q in the other tree closes an
 *       s-t path. Once all arcs are scanned p becomes passive.</li>
 *   <li><b>Augmentation.</b> The bottleneck capacity of the path s ~> p - q ~> t is pushed along it. Tree arcs
 *       whose residual capacity drops to zero (including terminal arcs) are cut: their child nodes become
 *       orphans, splitting the trees into forests.</li>
 *   <li><b>Adoption.</b> Each orphan looks for a new parent in its own tree: a neighbour joined to it by a
 *       residual arc in the tree direction whose chain of parents still reaches the terminal. Among valid
 *       parents the one closest to the terminal is taken. If there is none the orphan becomes free, its
 *       neighbours in the tree that could regrow into it become active, and its children become orphans.</li>
 * </ol>
 * Origin checks in the adoption stage use the timestamp/distance marking of the paper's implementation: a node
 * whose origin was verified after the last augmentation carries that time and its distance to the terminal, so
 * chains are walked only up to the first marked node.
 *
 * <p>Short paths are saturated up front: a node with {@code c(s, i)} and {@code c(i, t)} both positive carries
 * flow {@code min(c(s, i), c(i, t))} along s -> i -> t, leaving a single residual terminal capacity of one sign;
 * then one pass pushes flow along s -> i -> j -> t wherever i keeps source and j sink capacity, and a second
 * along s -> i -> j -> k -> t through nodes j left without terminal capacity. The trees start
 * from the nodes with residual terminal capacity.
 *
 * <p><b>Regional searches, then a merge.</b> On a large network ({@link #solve(FlowNetwork)}: at least 16,384
 * nodes per region, one region per thread) the nodes are split into ranges of consecutive indices (on a grid:
 * slabs of rows), each searched in parallel by the algorithm above with the arcs between regions left out; the
 * regions share the residual network but no node or arc, so the searches do not interact. What they leave is a
 * valid state of the whole search: a flow, and trees whose only unscanned arcs are those between regions. Making
 * the tree nodes on those arcs active and running the algorithm on the whole network finishes the maximum flow,
 * the idea of Liu and Sun's bottom-up merging ("Parallel graph-cuts by adaptive bottom-up merging", CVPR 2010).
 * Region borders are placed where the regions' surplus terminal capacities balance (see
 * {@code RegionBorders.balanced}), so that little flow is left to cross them.
 *
 * <p>At termination the tree S is exactly the set of nodes reachable from s in the residual network, which is
 * returned as the source side of a minimum cut; nodes in T and free nodes form the sink side.
 *
 * <p>All state lives in flat arrays indexed by node or by arc of the {@link FlowNetwork}; the network itself is
 * not modified, so it can be solved again. Each node keeps both its parent arc (for residual updates) and its
 * parent node, so walks towards a terminal (bottleneck search, origin checks) follow one array load per step;
 * an augmentation records the nodes of its path on the bottleneck walk and updates the residual capacities from
 * that record instead of walking the parent chains a second time.
 */
public final class BoykovKolmogorovMaxFlow {
    private static final byte FREE = 0;
    private static final byte SOURCE_TREE = 1;
    private static final byte SINK_TREE = 2;
    private static final int TERMINAL = -1;
    private static final int ORPHAN = -2;
    private static final int NO_PARENT = -3;

    /**
     * Graphs with fewer nodes per region than this are solved as one region: below it the merge costs more than
     * the parallel searches save.
     */
    private static final int MIN_REGION_NODES = 1 << 14;

    private final int[] arcStart;
    private final int[] arcHead;
    private final int[] arcSister;
    private final double[] residual;
    /** Residual terminal capacity: {@code > 0} from s to i, {@code < 0} (negated) from i to t. */
    private final double[] terminal;
    private final byte[] tree;
    /** The arc from a node to its parent, or TERMINAL, ORPHAN, NO_PARENT. */
    private final int[] parent;
    /** The parent node, or TERMINAL, ORPHAN, NO_PARENT like {@link #parent}. */
    private final int[] parentNode;
    private final int[] timestamp;
    private final int[] distance;
    private final boolean[] active;
    /** The nodes this search works on, {@code lo .. hi - 1}; arcs to nodes outside are left alone. */
    private final int lo;
    private final int hi;
    private final NodeQueue activeQueue;
    private final NodeQueue orphans;
    /** The nodes of the current augmenting path: the S part from x towards s, then the T part from y towards t. */
    private final int[] path;
    private int time;
    private double flow;
    private int augmentations;

    /** A search over all nodes of {@code network}, with fresh residual capacities and every node free. */
    private BoykovKolmogorovMaxFlow(FlowNetwork network) {
        int n = network.nodeCount();
        arcStart = network.arcStarts();
        arcHead = network.arcHeads();
        arcSister = network.arcSisters();
        residual = network.arcCapacities();
        terminal = new double[n];
        tree = new byte[n];
        parent = new int[n];
        parentNode = new int[n];
        timestamp = new int[n];
        distance = new int[n];
        active = new boolean[n];
        lo = 0;
        hi = n;
        activeQueue = new NodeQueue(n);
        orphans = new NodeQueue(n);
        path = new int[n];
        for (int i = 0; i < n; i++) {
            double source = network.sourceCapacity(i);
            double sink = network.sinkCapacity(i);
            flow += Math.min(source, sink);
            terminal[i] = source - sink;
        }
    }

    /** A search over nodes {@code lo .. hi - 1} sharing the residual network and node state of {@code whole}. */
    private BoykovKolmogorovMaxFlow(BoykovKolmogorovMaxFlow whole, int lo, int hi) {
        arcStart = whole.arcStart;
        arcHead = whole.arcHead;
        arcSister = whole.arcSister;
        residual = whole.residual;
        terminal = whole.terminal;
        tree = whole.tree;
        parent = whole.parent;
        parentNode = whole.parentNode;
        timestamp = whole.timestamp;
        distance = whole.distance;
        active = whole.active;
        this.lo = lo;
        this.hi = hi;
        activeQueue = new NodeQueue(hi - lo);
        orphans = new NodeQueue(hi - lo);
        path = new int[hi - lo];
    }

    /** Saturates the short paths of this search's nodes and roots the two trees at their terminal arcs. */
    private void plantTrees() {
        pushAlongNeighbourPairs();
        pushAlongTwoHopPaths();
        for (int i = lo; i < hi; i++) {
            if (terminal[i] == 0) {
                setParent(i, NO_PARENT, NO_PARENT);
                continue;
            }
            tree[i] = terminal[i] > 0 ? SOURCE_TREE : SINK_TREE;
            setParent(i, TERMINAL, TERMINAL);
            distance[i] = 1;
            activate(i);
        }
    }

    private boolean outside(int node) {
        return node < lo || node >= hi;
    }

    /**
     * Saturates, in one pass over the arcs, the paths s -> i -> j -> t through a node i with residual source
     * capacity and a neighbour j with residual sink capacity; cheap augmentations that spare the tree search
     * many short paths when the terminal capacities of neighbours often differ in sign.
     */
    private void pushAlongNeighbourPairs() {
        for (int i = lo; i < hi; i++) {
            for (int a = arcStart[i], end = arcStart[i + 1]; a < end && terminal[i] > 0; a++) {
                int j = arcHead[a];
                if (terminal[j] < 0 && residual[a] > 0 && !outside(j)) {
                    double amount = Math.min(Math.min(terminal[i], -terminal[j]), residual[a]);
                    terminal[i] -= amount;
                    terminal[j] += amount;
                    residual[a] -= amount;
                    residual[arcSister[a]] += amount;
                    flow += amount;
                }
            }
        }
    }

    /**
     * Saturates, in one pass, the paths s -> i -> j -> k -> t through a node i with residual source capacity, a
     * neighbour j without residual terminal capacity (so the pair pass could not use it) and a neighbour k of j
     * with residual sink capacity. Like the pair pass it only removes short augmenting paths the tree search
     * would otherwise find one at a time.
     */
    private void pushAlongTwoHopPaths() {
        for (int i = lo; i < hi; i++) {
            for (int a = arcStart[i], end = arcStart[i + 1]; a < end && terminal[i] > 0; a++) {
                int j = arcHead[a];
                if (terminal[j] != 0 || residual[a] <= 0 || outside(j)) {
                    continue;
                }
                for (int b = arcStart[j], bEnd = arcStart[j + 1]; b < bEnd && residual[a] > 0; b++) {
                    int k = arcHead[b];
                    if (terminal[k] < 0 && residual[b] > 0 && !outside(k)) {
                        double amount = Math.min(Math.min(terminal[i], -terminal[k]),
                                Math.min(residual[a], residual[b]));
                        terminal[i] -= amount;
                        terminal[k] += amount;
                        residual[a] -= amount;
                        residual[arcSister[a]] += amount;
                        residual[b] -= amount;
                        residual[arcSister[b]] += amount;
                        flow += amount;
                        if (terminal[i] == 0) {
                            break;
                        }
                    }
                }
            }
        }
    }

    /**
     * The maximum flow value and a minimum cut of {@code network}, searched in {@link #defaultRegions} regions.
     */
    public static MinCut solve(FlowNetwork network) {
        return solve(network, defaultRegions(network.nodeCount()));
    }

    /**
     * The number of regions {@link #solve(FlowNetwork)} uses for {@code nodeCount} nodes: one per thread of the
     * CPU pool, but no more than leave every region 16,384 nodes, and at least one.
     */
    public static int defaultRegions(int nodeCount) {
        return Math.min(Parallel.threads(), Math.max(1, nodeCount / MIN_REGION_NODES));
    }

    /**
     * The maximum flow value and a minimum cut of {@code network}, searched first in {@code regions} ranges of
     * consecutive node indices in parallel, then on the whole network (see the class comment). The flow value
     * and the returned cut (the minimal source side) do not depend on {@code regions} beyond rounding, nor on
     * thread timing: each region is searched by one thread in a fixed order and the merge is sequential.
     *
     * @param regions the number of regions, from 1 (the plain algorithm) to the number of nodes
     * @throws IllegalArgumentException when {@code regions} is outside that range
     */
    public static MinCut solve(FlowNetwork network, int regions) {
        int n = network.nodeCount();
        RegionBorders.requireRegionCount(regions, n);
        BoykovKolmogorovMaxFlow whole = new BoykovKolmogorovMaxFlow(network);
        if (regions == 1) {
            whole.plantTrees();
            return whole.run();
        }
        int[] borders = RegionBorders.balanced(network, regions);
        BoykovKolmogorovMaxFlow[] parts = new BoykovKolmogorovMaxFlow[regions];
        for (int k = 0; k < regions; k++) {
            parts[k] = new BoykovKolmogorovMaxFlow(whole, borders[k], borders[k + 1]);
        }
        Parallel.forRange(regions, 1, (from, to) -> {
            for (int k = from; k < to; k++) {
                parts[k].plantTrees();
                parts[k].search();
            }
        });
        for (BoykovKolmogorovMaxFlow part : parts) {
            whole.flow += part.flow;
            whole.augmentations += part.augmentations;
            whole.time = Math.max(whole.time, part.time);
        }
        whole.activateRegionBorders(parts);
        return whole.run();
    }

    /**
     * Activates every tree node with an arc into another region: those arcs are the only ones the regional
     * searches left unscanned, so with them active the two forests are a valid state of the whole search.
     */
    private void activateRegionBorders(BoykovKolmogorovMaxFlow[] parts) {
        for (BoykovKolmogorovMaxFlow part : parts) {
            for (int i = part.lo; i < part.hi; i++) {
                if (tree[i] == FREE) {
                    continue;
                }
                for (int a = arcStart[i], end = arcStart[i + 1]; a < end; a++) {
                    if (part.outside(arcHead[a])) {
                        activate(i);
                        break;
                    }
                }
            }
        }
    }

    private MinCut run() {
        search();
        boolean[] sourceSide = new boolean[tree.length];
        for (int i = 0; i < tree.length; i++) {
            sourceSide[i] = tree[i] == SOURCE_TREE;
        }
        return new MinCut(flow, sourceSide, augmentations);
    }

    /** Growth, augmentation and adoption until no active node is left. */
    private void search() {
        int current = -1;
        while (true) {
            if (current < 0 || tree[current] == FREE) {
                current = nextActive();
                if (current < 0) {
                    break;
                }
            }
            int meetingArc = grow(current);
            if (meetingArc < 0) {
                current = -1;
                continue;
            }
            time++;
            augment(meetingArc);
            adoptOrphans();
        }
    }

    private int nextActive() {
        for (int node = activeQueue.poll(); node >= 0; node = activeQueue.poll()) {
            active[node] = false;
            if (tree[node] != FREE) {
                return node;
            }
        }
        return -1;
    }

    private void activate(int node) {
        if (!active[node]) {
            active[node] = true;
            activeQueue.offer(node);
        }
    }

    /**
     * Grows p's tree by its free neighbours; returns the arc from S to T that closes a path, or -1. A neighbour
     * already in p's tree whose recorded distance to the terminal is larger than p's, with a label no newer than
     * p's, is re-parented to p (the paper implementation's heuristic for shallow trees). The key
     * (timestamp, -distance) strictly increases from every node to its parent, an invariant that growth,
     * re-parenting and adoption all keep, so the parent pointers never form a cycle.
     */
    private int grow(int p) {
        boolean inSource = tree[p] == SOURCE_TREE;
        for (int a = arcStart[p], end = arcStart[p + 1]; a < end; a++) {
            int sister = arcSister[a];
            if (residual[inSource ? a : sister] <= 0) {
                continue;
            }
            int q = arcHead[a];
            if (outside(q)) {
                continue;
            }
            if (tree[q] == FREE) {
                tree[q] = tree[p];
                setParent(q, sister, p);
                timestamp[q] = timestamp[p];
                distance[q] = distance[p] + 1;
                activate(q);
            } else if (tree[q] != tree[p]) {
                return inSource ? a : sister;
            } else if (timestamp[q] <= timestamp[p] && distance[q] > distance[p]) {
                setParent(q, sister, p);
                timestamp[q] = timestamp[p];
                distance[q] = distance[p] + 1;
            }
        }
        return -1;
    }

    /**
     * Pushes the bottleneck capacity along s ~> x -> y ~> t, where {@code meetingArc} is x -> y: one walk up each
     * tree finds the bottleneck and records the path, a second pass over the record updates the residual
     * capacities and makes orphans of the nodes whose tree arc (or terminal arc) saturated.
     */
    private void augment(int meetingArc) {
        int x = arcHead[arcSister[meetingArc]];
        int y = arcHead[meetingArc];
        double bottleneck = residual[meetingArc];
        int length = 0;
        int sourceRoot = x;
        for (int up = parentNode[sourceRoot]; up >= 0; up = parentNode[sourceRoot]) {
            bottleneck = Math.min(bottleneck, residual[arcSister[parent[sourceRoot]]]);
            path[length++] = sourceRoot;
            sourceRoot = up;
        }
        bottleneck = Math.min(bottleneck, terminal[sourceRoot]);
        int sourceLength = length;
        int sinkRoot = y;
        for (int up = parentNode[sinkRoot]; up >= 0; up = parentNode[sinkRoot]) {
            bottleneck = Math.min(bottleneck, residual[parent[sinkRoot]]);
            path[length++] = sinkRoot;
            sinkRoot = up;
        }
        bottleneck = Math.min(bottleneck, -terminal[sinkRoot]);

        residual[meetingArc] -= bottleneck;
        residual[arcSister[meetingArc]] += bottleneck;
        for (int i = 0; i < sourceLength; i++) {
            int v = path[i];
            int toParent = parent[v];
            int fromParent = arcSister[toParent];
            residual[toParent] += bottleneck;
            residual[fromParent] -= bottleneck;
            if (residual[fromParent] == 0) {
                makeOrphan(v);
            }
        }
        terminal[sourceRoot] -= bottleneck;
        if (terminal[sourceRoot] == 0) {
            makeOrphan(sourceRoot);
        }
        for (int i = sourceLength; i < length; i++) {
            int v = path[i];
            int toParent = parent[v];
            residual[toParent] -= bottleneck;
            residual[arcSister[toParent]] += bottleneck;
            if (residual[toParent] == 0) {
                makeOrphan(v);
            }
        }
        terminal[sinkRoot] += bottleneck;
        if (terminal[sinkRoot] == 0) {
            makeOrphan(sinkRoot);
        }
        flow += bottleneck;
        augmentations++;
    }

    private void makeOrphan(int node) {
        setParent(node, ORPHAN, ORPHAN);
        orphans.offer(node);
    }

    private void adoptOrphans() {
        for (int orphan = orphans.poll(); orphan >= 0; orphan = orphans.poll()) {
            if (!adopt(orphan)) {
                release(orphan);
            }
        }
    }

    /** Gives {@code v} the valid parent nearest to its terminal; false if it has none. */
    private boolean adopt(int v) {
        byte side = tree[v];
        boolean inSource = side == SOURCE_TREE;
        int bestArc = -1;
        int bestDistance = Integer.MAX_VALUE;
        for (int a = arcStart[v], end = arcStart[v + 1]; a < end; a++) {
            int q = arcHead[a];
            if (tree[q] != side || residual[inSource ? arcSister[a] : a] <= 0 || outside(q)) {
                continue;
            }
            int d = distanceToTerminal(q);
            if (d < bestDistance) {
                bestDistance = d;
                bestArc = a;
            }
        }
        if (bestArc < 0) {
            return false;
        }
        setParent(v, bestArc, arcHead[bestArc]);
        timestamp[v] = time;
        distance[v] = bestDistance + 1;
        return true;
    }

    /**
     * The number of tree arcs from {@code q} to its terminal if its chain of parents reaches the terminal
     * (marking the chain with the current time), else {@link Integer#MAX_VALUE}.
     */
    private int distanceToTerminal(int q) {
        int d = 0;
        int u = q;
        while (true) {
            if (timestamp[u] == time) {
                d += distance[u];
                break;
            }
            int up = parentNode[u];
            if (up == TERMINAL) {
                timestamp[u] = time;
                distance[u] = 1;
                d += 1;
                break;
            }
            if (up < 0) {
                return Integer.MAX_VALUE;
            }
            d++;
            u = up;
        }
        int result = d;
        for (u = q; timestamp[u] != time; u = parentNode[u]) {
            timestamp[u] = time;
            distance[u] = d--;
        }
        return result;
    }

    /** Makes orphan {@code v} free: tree neighbours that could regrow into it become active, children orphans. */
    private void release(int v) {
        byte side = tree[v];
        boolean inSource = side == SOURCE_TREE;
        for (int a = arcStart[v], end = arcStart[v + 1]; a < end; a++) {
            int q = arcHead[a];
            if (tree[q] != side || outside(q)) {
                continue;
            }
            int toV = arcSister[a];
            if (residual[inSource ? toV : a] > 0) {
                activate(q);
            }
            if (parent[q] == toV) {
                makeOrphan(q);
            }
        }
        tree[v] = FREE;
        setParent(v, NO_PARENT, NO_PARENT);
    }

    private void setParent(int node, int arc, int parentOfNode) {
        parent[node] = arc;
        parentNode[node] = parentOfNode;
    }
}
