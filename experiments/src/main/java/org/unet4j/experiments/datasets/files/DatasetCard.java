package org.unet4j.experiments.datasets.files;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What was loaded, printed when a dataset is loaded and written to the run as {@code dataset.md}: the layout and
 * why it was chosen, the counts per part, the image sizes seen, the channels, the mask encodings, the classes or
 * objects, the foreground fraction per part, the sample size policy and the normalisation.
 *
 * @param layout    the layout
 * @param lines     the card's lines
 * @param encodings the mask encodings found, counted
 * @param targets   what the labels ask of training and evaluation
 */
public record DatasetCard(DatasetLayout layout, List<String> lines, String encodings, TargetKind targets) {
    /** The file name inside a run directory. */
    public static final String FILE = "dataset.md";
    private static final int SHOWN_SIZES = 6;

    /** Copies the lines. */
    public DatasetCard {
        lines = List.copyOf(lines);
    }

    /**
     * The samples and foreground fraction of one part.
     *
     * @param samples    samples after the size policy
     * @param foreground the fraction of foreground pixels
     */
    record PartSummary(int samples, double foreground) {
        static PartSummary of(LabelledSet part) {
            return new PartSummary(part.count(), part.count() == 0 ? 0 : part.foregroundFraction());
        }
    }

    static DatasetCard of(FolderDataset.Request request, LayoutScanner.Detection detection,
            List<FolderDataset.Decoded> decoded, DatasetSplits splits, PartSummary train, PartSummary validation,
            PartSummary test, Normalisation normalisation) {
        Map<String, Long> sizes = decoded.stream().collect(Collectors.groupingBy(d -> d.width() + "x" + d.height(),
                TreeMap::new, Collectors.counting()));
        Map<String, Long> colours = decoded.stream().collect(Collectors.groupingBy(FolderDataset.Decoded::colour,
                TreeMap::new, Collectors.counting()));
        int maxLabel = decoded.stream().mapToInt(d -> d.mask().classes()).max().orElse(0);
        boolean instances = decoded.stream().anyMatch(d -> d.mask().encoding() == MaskEncoding.INSTANCES);
        boolean colourIds = decoded.stream().anyMatch(d -> d.mask().encoding() == MaskEncoding.RGB
                && d.mask().classes() > 1);
        TargetKind targets = targets(decoded, instances);
        String encodings = FolderDataset.encodings(decoded);
        String labels = instances ? "instance ids kept beside the binary target (up to " + maxLabel
                + " objects per image), used for object scores (per-object AHD, splits, merges)"
                : colourIds && !targets.multiClass() ? "colour masks of up to " + maxLabel + " colours; their ids"
                + " are per image, not a class map, so training uses foreground (any colour) against background"
                : targets.describe();
        String fov = targets.fieldOfView() ? "field of view: " + decoded.stream().filter(d -> d.files().fov()
                != null).count() + " field-of-view masks; pixels outside them count in no score (neither TP, FP,"
                + " FN nor TN) and by default in no training loss (--fov-loss whole includes them as background)"
                : "field of view: none (every pixel is scored)";
        List<String> lines = List.of(
                "dataset " + request.root() + ": layout " + detection.layout().id() + " (" + detection.reason() + ")",
                String.format(Locale.ROOT, "images: %d (train %d, validation %d, test %d); samples after %s: train"
                        + " %d, validation %d, test %d", decoded.size(), splits.train().size(),
                        splits.validation().size(), splits.test().size(), request.size(), train.samples(),
                        validation.samples(), test.samples()),
                "image sizes: " + sizes.entrySet().stream().limit(SHOWN_SIZES).map(e -> e.getKey() + " x "
                        + e.getValue()).collect(Collectors.joining(", ")) + (sizes.size() > SHOWN_SIZES ? ", ... ("
                        + sizes.size() + " sizes)" : ""),
                "channels: files " + colours.entrySet().stream().map(e -> e.getKey() + " x " + e.getValue())
                        .collect(Collectors.joining(", ")) + "; used " + (request.rgb() ? "3 (RGB)" : "1 (luma)"),
                "masks: " + encodings + "; " + labels,
                fov,
                String.format(Locale.ROOT, "foreground fraction: train %.4f, validation %.4f, test %.4f",
                        train.foreground(), validation.foreground(), test.foreground()),
                "normalisation (training part): " + normalisation);
        return new DatasetCard(detection.layout(), lines, encodings, targets);
    }

    /**
     * The targets of {@code decoded}. The dataset is multi-class when a grey label map or a palette mask holds a
     * label of 2 or more; then K = the largest label + 1 over every grey and palette mask (so an image holding only
     * class 2, which alone reads as a one-label mask, keeps its class). Otherwise, and for instance ids and colour
     * masks (their ids are per image), the targets are binary.
     */
    private static TargetKind targets(List<FolderDataset.Decoded> decoded, boolean instances) {
        boolean labelMaps = decoded.stream().map(FolderDataset.Decoded::mask).anyMatch(m -> m.largest() >= 2
                && (m.encoding() == MaskEncoding.MULTI_CLASS || m.encoding() == MaskEncoding.PALETTE));
        int classes = instances || !labelMaps ? 2 : TargetKind.classCount(decoded.stream()
                .map(FolderDataset.Decoded::mask).filter(m -> m.encoding() != MaskEncoding.RGB
                        && m.encoding() != MaskEncoding.INSTANCES).mapToInt(DecodedMask::largest).toArray());
        boolean fov = decoded.stream().anyMatch(d -> d.files().fov() != null);
        return new TargetKind(classes, instances, fov);
    }

    /** The card as Markdown. */
    public String toMarkdown() {
        return "# Dataset\n\n" + lines.stream().map(l -> "- " + l).collect(Collectors.joining("\n")) + "\n";
    }

    @Override
    public String toString() {
        return String.join("\n", lines);
    }
}
