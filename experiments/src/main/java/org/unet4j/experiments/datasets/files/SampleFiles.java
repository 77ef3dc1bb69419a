package org.unet4j.experiments.datasets.files;

import java.nio.file.Path;
import java.util.List;

/**
 * The files of one sample as a layout names them.
 *
 * @param name      the sample's name, unique in the dataset (what {@code splits.json} lists)
 * @param image     the image file
 * @param masks     the mask files: one, or several to merge (BUSI's extra masks, DS Bowl's one file per nucleus)
 * @param instances whether the masks are object ids (GlaS, DS Bowl) rather than classes
 * @param split     the dataset's own split of the sample ({@code train}, {@code validation}, {@code test}), or null
 * @param fov       the field-of-view mask (DRIVE's {@code mask/}): pixels outside it are in no score; or null
 * @param classOf   for a mask of label ids (Cityscapes' {@code labelIds}), the class of each grey value 0..255 (0:
 *                  background); null where {@link MaskDecoder} recognises the mask's encoding
 */
public record SampleFiles(String name, Path image, List<Path> masks, boolean instances, String split, Path fov,
        int[] classOf) {
    /** Copies the masks. */
    public SampleFiles {
        masks = List.copyOf(masks);
        if (masks.isEmpty()) {
            throw new IllegalArgumentException("sample " + name + " has no mask file");
        }
        if (classOf != null && classOf.length != 256) {
            throw new IllegalArgumentException("sample " + name + ": a label-id map has one class per grey value "
                    + "0..255, got " + classOf.length);
        }
    }

    /** A sample whose masks {@link MaskDecoder} decodes, without a field-of-view mask. */
    public SampleFiles(String name, Path image, List<Path> masks, boolean instances, String split) {
        this(name, image, masks, instances, split, null, null);
    }

    /** A sample whose masks {@link MaskDecoder} decodes, scored inside the field-of-view mask {@code fov}. */
    public SampleFiles(String name, Path image, List<Path> masks, boolean instances, String split, Path fov) {
        this(name, image, masks, instances, split, fov, null);
    }

    /** A sample whose mask holds label ids, each mapped to its class by {@code classOf}. */
    public SampleFiles(String name, Path image, List<Path> masks, boolean instances, String split, int[] classOf) {
        this(name, image, masks, instances, split, null, classOf);
    }
}
