package org.unet4j.experiments.datasets.files;

/**
 * A mask as labels: 0 is background, other values are classes or object ids as {@link #encoding} says; the binary
 * target is {@code label > 0}. Where the sample has a field-of-view mask (DRIVE), pixels outside it hold
 * {@link #OUTSIDE}: they belong to no class and count in no score.
 *
 * @param labels   row-major labels, {@code height * width}
 * @param height   rows
 * @param width    columns
 * @param encoding how the file stored them
 * @param classes  distinct non-zero labels found (objects for instances, foreground classes otherwise)
 * @param largest  the largest label (the class count of a label map is {@code largest + 1})
 */
public record DecodedMask(int[] labels, int height, int width, MaskEncoding encoding, int classes, int largest) {
    /** The label of a pixel outside the field of view. */
    public static final int OUTSIDE = -1;

    /** The mask of {@code labels}, its largest label read from them. */
    public DecodedMask(int[] labels, int height, int width, MaskEncoding encoding, int classes) {
        this(labels, height, width, encoding, classes, largest(labels));
    }

    private static int largest(int[] labels) {
        int largest = labels.length == 0 ? 0 : Integer.MIN_VALUE;
        for (int label : labels) {
            largest = Math.max(largest, label);
        }
        return largest;
    }

    /** The number of foreground pixels. */
    public int foreground() {
        int n = 0;
        for (int label : labels) {
            n += label > 0 ? 1 : 0;
        }
        return n;
    }
}
