package org.unet4j.experiments.datasets.files;

/**
 * A mask as labels: 0 is background, other values are classes or object ids as {@link #encoding} says; the binary
 * target is {@code label > 0}.
 *
 * @param labels   row-major labels, {@code height * width}
 * @param height   rows
 * @param width    columns
 * @param encoding how the file stored them
 * @param classes  distinct non-zero labels found (objects for instances, foreground classes otherwise)
 */
public record DecodedMask(int[] labels, int height, int width, MaskEncoding encoding, int classes) {
    /** The number of foreground pixels. */
    public int foreground() {
        int n = 0;
        for (int label : labels) {
            n += label > 0 ? 1 : 0;
        }
        return n;
    }
}
