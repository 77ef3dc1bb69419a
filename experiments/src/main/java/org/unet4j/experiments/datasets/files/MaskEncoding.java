package org.unet4j.experiments.datasets.files;

/** How a mask file stores its labels, as {@link MaskDecoder} found it; the dataset card reports it. */
public enum MaskEncoding {
    /** Grey levels 0 and the format's maximum (255, or 65535 for 16-bit). */
    BINARY_MAX("binary 0/255"),
    /** Grey levels 0 and 1. */
    LABELS_01("labels 0/1"),
    /** A lossy (JPEG) mask: thresholded at half its range. */
    BINARY_LOSSY("binary, lossy JPEG thresholded at half range"),
    /** An indexed (palette) image: the palette index is the class, 0 the background. */
    PALETTE("palette indices"),
    /** Colours: black is the background, every other colour a class. */
    RGB("RGB colours"),
    /** Object ids: 0 the background, 1..N one object each (GlaS annotations, DS Bowl nuclei). */
    INSTANCES("instance ids"),
    /** Class ids 0..K-1 with K > 2 in one grey image. */
    MULTI_CLASS("class ids"),
    /** Label ids of a label table (Cityscapes' labelIds), mapped to the selected classes. */
    LABEL_IDS("label ids, selected classes");

    private final String label;

    MaskEncoding(String label) {
        this.label = label;
    }

    /** The words the dataset card uses. */
    public String label() {
        return label;
    }
}
