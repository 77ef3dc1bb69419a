package org.unet4j.solvers.graphcut;

import java.util.Arrays;
import java.util.function.IntConsumer;
import org.unet4j.autodiff.parallel.Parallel;

/**
 * Minimum s-t cut and maximum flow value by Hochbaum's pseudoflow algorithm ("The pseudoflow algorithm: a new
 * algorithm for the maximum-flow problem", Operations Research 56(4), 2008), in the highest-label variant with
 * first-in first-out buckets of Chandran and Hochbaum's implementation ("A computational study of the pseudoflow
 * and push-relabel algorithms for the maximum flow problem", Operations Research 57(2), 2009).
 *
 * <p>Every terminal arc starts saturated, so node i carries the excess {@code e(i) = c(s, i) - c(i, t)} plus what
 * its n-links bring in minus what they send out. The nodes form a forest; each tree's root holds the tree's whole
 * excess (every other node has excess 0), and a tree is <i>strong</i> when its root's excess is positive,
 * <i>weak</i> otherwise. The strong nodes are the source side of the current cut. Each node has a label
 * {@code l(i)} with {@code l(i) <= l(j) + 1} on every residual arc {@code i -> j}; weak roots have label 0.
 * Until no strong root with a positive label is left, the strong root r of highest label l is processed:
 * <ol>
 *   <li><b>Merger.</b> Its tree's nodes of label l are searched, depth first from r, for a residual arc
 *       {@code i -> j} to a node of label {@code l - 1}, which is weak. If one is found, the tree is hung from j
 *       by that arc (re-rooted at i) and r's excess is pushed along the tree path r ~> i -> j ~> root of j's
 *       tree. An arc on the path whose residual capacity is smaller than the excess arriving at it is saturated
 *       and cut from the tree (a <i>split</i>): the subtree below it becomes a strong tree rooted at the arc's
 *       tail, which keeps the rest of the excess. If the weak root's excess turns positive, its tree turns strong.</li>
 *   <li><b>Relabel.</b> Otherwise every node of label l the search visited, r last, has its label raised by one,
 *       and r waits in the bucket of label {@code l + 1}.</li>
 *   <li><b>Gap.</b> When no node has label {@code l - 1}, no strong tree of label l can reach a weak node ever
 *       again: those trees are final, on the source side.</li>
 * </ol>
 * At the end no residual arc leads from a strong node to a weak one, so the strong nodes S form a minimum cut: its
 * capacity is {@code sum c(s, i) - sum over S of e(i)}, and S holds all positive excess. This phase is all a cut
 * needs; the algorithm's second phase, which turns the pseudoflow into a flow by returning the excess to s, is not
 * run, and the flow value is reported as the cut's capacity (equal to the maximum flow by the max-flow min-cut
 * theorem). Where several minimum cuts exist the one returned may differ from the minimal source side
 * {@link BoykovKolmogorovMaxFlow} returns; the capacity is the same.
 *
 * <p><b>Orientation.</b> Strong trees are relabelled until a gap makes them final, so the work grows with the
 * strong side of the cut. When the net terminal capacity {@code sum (c(s, i) - c(i, t))} is positive (more supply
 * than demand, so that many nodes are expected to end on the source side), the algorithm runs on the reversed
 * network instead, with s and t swapped and every arc turned around: a cut S of the reversed network has the
 * capacity of the cut V \ S of the original, so the strong set found there is the minimum cut's sink side, and the
 * work follows the smaller side.
 *
 * <p>Unlike augmenting paths from s to t, a merger only moves excess between neighbouring trees, so the work stays
 * local on grid graphs whose terminal capacities change sign from pixel to pixel, where augmenting paths must
 * travel across the whole grid. On structured score maps Boykov-Kolmogorov's paths are short and that advantage
 * is gone; {@code ./unet4j bench maxflow} times both.
 *
 * <p><b>Regional phases, then a merge.</b> With several regions ({@link #solve(FlowNetwork, int)}) the nodes are
 * split into ranges of consecutive indices (on a grid: slabs of rows) whose borders balance the regions' net
 * terminal capacities, and each region runs the algorithm in parallel with the arcs between regions left out.
 * Any normalized forest is a valid start for the algorithm, so the whole network then continues from the regions'
 * trees and pseudoflow with every weak root relabelled 0 and every other node 1 (valid for every arc), leaving
 * only the excess that must cross region borders to be moved. A final tree of a region stays final through the
 * merge unless residual arcs lead from it to a weak node, or it shares a tree with a node they lead from (see
 * {@code reopenTreesThatReachWeakNodes}): on structured maps most of the source side is settled by the regions.
 *
 * <p>All state lives in flat arrays indexed by node or by arc of the {@link FlowNetwork}; the network itself is
 * not modified, so it can be solved again.
 */
public final class PseudoflowMaxFlow {
    private static final int NONE = -1;
    /** The label of the nodes of strong trees found final at a gap: the source side (the sink side if reversed). */
    private static final int FINAL = Integer.MAX_VALUE;

    private final int[] arcStart;
    private final int[] arcHead;
    private final int[] arcSister;
    /** Whether the run works on the reversed network: s and t swapped, every arc turned around. */
    private final boolean reversed;
    private final double[] residual;
    private final double[] excess;
    private final int[] label;
    private final int[] parent;
    /** The arc from a node to its parent; pushing excess up the tree uses its residual capacity. */
    private final int[] parentArc;
    private final int[] firstChild;
    private final int[] nextSibling;
    private final int[] previousSibling;
    /** The next child of a node the depth-first search of {@link #process} visits. */
    private final int[] nextScan;
    /** The first arc of a node not yet found useless for a merger at its current label. */
    private final int[] currentArc;
    private final int[] bucketNext;
    /** The nodes this run works on, {@code lo .. hi - 1}; arcs to nodes outside are left alone. */
    private final int lo;
    private final int hi;
    /** Strong roots by label, each bucket a first-in first-out list linked through {@link #bucketNext}. */
    private final int[] bucketFirst;
    private final int[] bucketLast;
    private final int[] labelCount;
    private int highestLabel;
    private int mergers;

    /** A run over all nodes of {@code network}: terminal arcs saturated, every node its own tree. */
    private PseudoflowMaxFlow(FlowNetwork network) {
        int n = network.nodeCount();
        arcStart = network.arcStarts();
        arcHead = network.arcHeads();
        arcSister = network.arcSisters();
        excess = new double[n];
        double surplus = 0;
        for (int i = 0; i < n; i++) {
            excess[i] = network.sourceCapacity(i) - network.sinkCapacity(i);
            surplus += excess[i];
        }
        reversed = surplus > 0;
        residual = network.arcCapacities();
        if (reversed) {
            for (int a = 0; a < residual.length; a++) {
                int sister = arcSister[a];
                if (a < sister) {
                    double forward = residual[a];
                    residual[a] = residual[sister];
                    residual[sister] = forward;
                }
            }
            for (int i = 0; i < n; i++) {
                excess[i] = -excess[i];
            }
        }
        label = new int[n];
        parent = filled(n, NONE);
        parentArc = new int[n];
        firstChild = filled(n, NONE);
        nextSibling = new int[n];
        previousSibling = new int[n];
        nextScan = new int[n];
        currentArc = new int[n];
        bucketNext = new int[n];
        lo = 0;
        hi = n;
        bucketFirst = filled(n + 2, NONE);
        bucketLast = filled(n + 2, NONE);
        labelCount = new int[n + 2];
    }

    /** A run over nodes {@code lo .. hi - 1} sharing the node and arc state of {@code whole}. */
    private PseudoflowMaxFlow(PseudoflowMaxFlow whole, int lo, int hi) {
        arcStart = whole.arcStart;
        arcHead = whole.arcHead;
        arcSister = whole.arcSister;
        reversed = whole.reversed;
        residual = whole.residual;
        excess = whole.excess;
        label = whole.label;
        parent = whole.parent;
        parentArc = whole.parentArc;
        firstChild = whole.firstChild;
        nextSibling = whole.nextSibling;
        previousSibling = whole.previousSibling;
        nextScan = whole.nextScan;
        currentArc = whole.currentArc;
        bucketNext = whole.bucketNext;
        this.lo = lo;
        this.hi = hi;
        bucketFirst = filled(hi - lo + 2, NONE);
        bucketLast = filled(hi - lo + 2, NONE);
        labelCount = new int[hi - lo + 2];
    }

    private static int[] filled(int length, int value) {
        int[] array = new int[length];
        Arrays.fill(array, value);
        return array;
    }

    /**
     * A minimum cut of {@code network} and its capacity, the maximum flow value, computed in
     * {@link BoykovKolmogorovMaxFlow#defaultRegions} regions.
     */
    public static MinCut solve(FlowNetwork network) {
        return solve(network, BoykovKolmogorovMaxFlow.defaultRegions(network.nodeCount()));
    }

    /**
     * A minimum cut of {@code network} and its capacity, computed first in {@code regions} ranges of consecutive
     * node indices in parallel, then on the whole network (see the class comment). The result does not depend on
     * thread timing: each region is one thread's, and the whole-network phase is sequential. The
     * {@code augmentations} of the result count the mergers, each of which pushes a strong root's excess along a
     * tree path to a weak root.
     *
     * @param regions the number of regions, from 1 (the plain algorithm) to the number of nodes
     * @throws IllegalArgumentException when {@code regions} is outside that range
     */
    public static MinCut solve(FlowNetwork network, int regions) {
        int n = network.nodeCount();
        RegionBorders.requireRegionCount(regions, n);
        PseudoflowMaxFlow whole = new PseudoflowMaxFlow(network);
        if (regions > 1) {
            int[] borders = RegionBorders.balanced(network, regions);
            PseudoflowMaxFlow[] parts = new PseudoflowMaxFlow[regions];
            for (int k = 0; k < regions; k++) {
                parts[k] = new PseudoflowMaxFlow(whole, borders[k], borders[k + 1]);
            }
            Parallel.forRange(regions, 1, (from, to) -> {
                for (int k = from; k < to; k++) {
                    parts[k].run();
                }
            });
            for (PseudoflowMaxFlow part : parts) {
                whole.mergers += part.mergers;
            }
            whole.reopenTreesThatReachWeakNodes();
        }
        whole.run();
        boolean[] sourceSide = new boolean[n];
        for (int i = 0; i < n; i++) {
            sourceSide[i] = (whole.label[i] == FINAL) != whole.reversed;
        }
        return new MinCut(network.cutCapacity(sourceSide), sourceSide, whole.mergers);
    }

    /**
     * Labels this run's weak roots 0 and all other nodes 1, queues the strong roots, and processes them until every
     * strong tree is final. The labels are valid for every arc, and no child has a smaller label than its parent,
     * which keeps a merger from closing a cycle: the nodes of a tree have at least its root's label, so the node
     * of label {@code l - 1} a merger finds lies in another tree.
     */
    private void run() {
        for (int i = lo; i < hi; i++) {
            if (label[i] != FINAL) {
                label[i] = parent[i] == NONE && excess[i] <= 0 ? 0 : 1;
                labelCount[label[i]]++;
                currentArc[i] = arcStart[i];
            }
        }
        highestLabel = 1;
        for (int i = lo; i < hi; i++) {
            if (label[i] != FINAL && parent[i] == NONE && excess[i] > 0) {
                enqueue(i);
            }
        }
        for (int root = highestRoot(); root != NONE; root = highestRoot()) {
            process(root);
        }
    }

    /**
     * After the regional runs, takes back from the final trees those whose nodes can still reach a weak node through
     * residual arcs (across a region border), or share a tree with such a node; the rest stay final through the
     * merge. Marked are, by a backward search from the weak nodes over residual arcs, every node with a residual
     * path to a weak node, and with each marked node its whole tree. An unmarked final node has residual arcs only
     * to unmarked final nodes, and no merger ever pushes along an arc of an unmarked tree, so those arcs keep their
     * residual capacities: the node can never reach a weak node, and it stays on the strong side of the final cut.
     */
    private void reopenTreesThatReachWeakNodes() {
        int n = label.length;
        boolean[] marked = new boolean[n];
        NodeQueue queue = new NodeQueue(n);
        for (int i = 0; i < n; i++) {
            if (label[i] != FINAL) {
                marked[i] = true;
                queue.offer(i);
            }
        }
        while (!queue.isEmpty()) {
            int node = queue.poll();
            for (int a = arcStart[node], end = arcStart[node + 1]; a < end; a++) {
                int tail = arcHead[a];
                if (!marked[tail] && residual[arcSister[a]] > 0) {
                    forEachNodeOfTree(rootOf(tail), member -> {
                        marked[member] = true;
                        queue.offer(member);
                    });
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (label[i] == FINAL && marked[i]) {
                label[i] = 1;
            }
        }
    }

    private int rootOf(int node) {
        int root = node;
        while (parent[root] != NONE) {
            root = parent[root];
        }
        return root;
    }

    /** Applies {@code action} to {@code root} and every node below it, parents before children. */
    private void forEachNodeOfTree(int root, IntConsumer action) {
        action.accept(root);
        int node = root;
        int child = firstChild[root];
        while (true) {
            if (child != NONE) {
                action.accept(child);
                node = child;
                child = firstChild[child];
                continue;
            }
            while (node != root && nextSibling[node] == NONE) {
                node = parent[node];
            }
            if (node == root) {
                return;
            }
            child = nextSibling[node];
            node = parent[node];
        }
    }

    /**
     * The strong root of highest label whose trees can still merge, after declaring final the trees above a gap;
     * when only roots of label 0 are left (weak trees that turned strong) they are relabelled 1. NONE when no
     * strong root is left.
     */
    private int highestRoot() {
        for (int l = highestLabel; l > 0; l--) {
            if (bucketFirst[l] == NONE) {
                continue;
            }
            highestLabel = l;
            if (labelCount[l - 1] > 0) {
                return dequeue(l);
            }
            while (bucketFirst[l] != NONE) {
                makeFinal(dequeue(l));
            }
        }
        if (bucketFirst[0] == NONE) {
            return NONE;
        }
        while (bucketFirst[0] != NONE) {
            int root = dequeue(0);
            relabel(root);
            enqueue(root);
        }
        highestLabel = 1;
        return dequeue(1);
    }

    /** Looks for a merger in the nodes of {@code root}'s label in its tree, depth first; relabels them if none. */
    private void process(int root) {
        nextScan[root] = firstChild[root];
        if (merge(root, root)) {
            return;
        }
        advanceScan(root);
        int node = root;
        while (node != NONE) {
            while (nextScan[node] != NONE) {
                int child = nextScan[node];
                nextScan[node] = nextSibling[child];
                node = child;
                nextScan[node] = firstChild[node];
                if (merge(node, root)) {
                    return;
                }
                advanceScan(node);
            }
            node = parent[node];
            if (node != NONE) {
                advanceScan(node);
            }
        }
        enqueue(root);
    }

    /**
     * Moves {@code node}'s scan to its next child of the same label; when none is left, every such child has been
     * relabelled and so is {@code node}.
     */
    private void advanceScan(int node) {
        for (int child = nextScan[node]; child != NONE; child = nextSibling[child]) {
            if (label[child] == label[node]) {
                nextScan[node] = child;
                return;
            }
        }
        nextScan[node] = NONE;
        relabel(node);
    }

    private void relabel(int node) {
        labelCount[label[node]]--;
        label[node]++;
        labelCount[label[node]]++;
        currentArc[node] = arcStart[node];
    }

    /**
     * Looks for a residual arc from {@code node} to a node of label one less (a weak node in this run); if there
     * is one, hangs the tree of {@code root} from it and pushes the root's excess towards the weak root.
     */
    private boolean merge(int node, int root) {
        int target = label[node] - 1;
        for (int a = currentArc[node], end = arcStart[node + 1]; a < end; a++) {
            int head = arcHead[a];
            if (residual[a] > 0 && label[head] == target && head >= lo && head < hi) {
                currentArc[node] = a;
                mergers++;
                hang(node, head, a);
                pushExcess(root);
                return true;
            }
        }
        currentArc[node] = arcStart[node + 1];
        return false;
    }

    /** Re-roots {@code node}'s tree at {@code node} (reversing the path to its root) and hangs it from {@code weak}. */
    private void hang(int node, int weak, int arc) {
        int current = node;
        int newParent = weak;
        int newArc = arc;
        while (parent[current] != NONE) {
            int oldParent = parent[current];
            int oldArc = parentArc[current];
            unlink(oldParent, current);
            link(newParent, current, newArc);
            newParent = current;
            newArc = arcSister[oldArc];
            current = oldParent;
        }
        link(newParent, current, newArc);
    }

    /**
     * Pushes the excess of {@code node} (a former root) up the tree; an arc too small for the excess arriving at it
     * is saturated and split off, its tail becoming a strong root with the rest. The root reached last becomes
     * strong if its excess turns positive.
     */
    private void pushExcess(int node) {
        int current = node;
        double before = 0;
        while (excess[current] > 0 && parent[current] != NONE) {
            int up = parent[current];
            int arc = parentArc[current];
            double amount = Math.min(excess[current], residual[arc]);
            before = excess[up];
            residual[arc] -= amount;
            residual[arcSister[arc]] += amount;
            excess[up] += amount;
            excess[current] -= amount;
            if (excess[current] > 0) {
                unlink(up, current);
                parent[current] = NONE;
                enqueue(current);
            }
            current = up;
        }
        if (parent[current] == NONE && excess[current] > 0 && before <= 0) {
            enqueue(current);
        }
    }

    /** Declares {@code root}'s tree final: all its nodes go to the strong side of the cut. */
    private void makeFinal(int root) {
        forEachNodeOfTree(root, this::setFinal);
    }

    private void setFinal(int node) {
        labelCount[label[node]]--;
        label[node] = FINAL;
    }

    private void enqueue(int root) {
        int l = label[root];
        bucketNext[root] = NONE;
        if (bucketLast[l] == NONE) {
            bucketFirst[l] = root;
        } else {
            bucketNext[bucketLast[l]] = root;
        }
        bucketLast[l] = root;
        highestLabel = Math.max(highestLabel, l);
    }

    private int dequeue(int l) {
        int root = bucketFirst[l];
        bucketFirst[l] = bucketNext[root];
        if (bucketFirst[l] == NONE) {
            bucketLast[l] = NONE;
        }
        return root;
    }

    private void link(int up, int child, int arc) {
        parent[child] = up;
        parentArc[child] = arc;
        int first = firstChild[up];
        nextSibling[child] = first;
        previousSibling[child] = NONE;
        if (first != NONE) {
            previousSibling[first] = child;
        }
        firstChild[up] = child;
    }

    private void unlink(int up, int child) {
        int previous = previousSibling[child];
        int next = nextSibling[child];
        if (previous != NONE) {
            nextSibling[previous] = next;
        } else {
            firstChild[up] = next;
        }
        if (next != NONE) {
            previousSibling[next] = previous;
        }
    }
}
