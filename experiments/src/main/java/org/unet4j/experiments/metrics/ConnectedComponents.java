package org.unet4j.experiments.metrics;

import java.util.ArrayDeque;

/**
 * The connected components ("distinct figures") of a mask's foreground, by breadth-first flood fill.
 *
 * @param labels per pixel, 0 for background and 1..count for the component it belongs to
 * @param count  the number of components; 0 for an empty mask
 */
public record ConnectedComponents(int[] labels, int count) {
    /** Which neighbours connect. */
    public enum Connectivity {
        /** Left, right, up, down. */
        FOUR,
        /** The four, and the diagonals. */
        EIGHT
    }

    /** The components of {@code mask}'s foreground. */
    public static ConnectedComponents of(BinaryMask mask, Connectivity connectivity) {
        int w = mask.width();
        int h = mask.height();
        int[] labels = new int[w * h];
        int count = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int start = 0; start < labels.length; start++) {
            if (!mask.pixels()[start] || labels[start] != 0) {
                continue;
            }
            labels[start] = ++count;
            queue.add(start);
            while (!queue.isEmpty()) {
                int p = queue.poll();
                int x = p % w;
                int y = p / w;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        boolean diagonal = dx != 0 && dy != 0;
                        if ((dx == 0 && dy == 0) || (diagonal && connectivity == Connectivity.FOUR)) {
                            continue;
                        }
                        int nx = x + dx;
                        int ny = y + dy;
                        if (nx >= 0 && ny >= 0 && nx < w && ny < h) {
                            int q = ny * w + nx;
                            if (mask.pixels()[q] && labels[q] == 0) {
                                labels[q] = count;
                                queue.add(q);
                            }
                        }
                    }
                }
            }
        }
        return new ConnectedComponents(labels, count);
    }

    /** The number of 8-connected figures of {@code mask}. */
    public static int count(BinaryMask mask) {
        return of(mask, Connectivity.EIGHT).count();
    }

    /** The number of components and the size of the labelled image. */
    @Override
    public String toString() {
        return "ConnectedComponents[" + count + " component" + (count == 1 ? "" : "s") + " over " + labels.length
                + " pixels]";
    }
}
