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
 */
public record DatasetCard(DatasetLayout layout, List<String> lines, String encodings) {
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
        boolean multiClass = decoded.stream().anyMatch(d -> d.mask().encoding() == MaskEncoding.MULTI_CLASS
                || (d.mask().encoding() != MaskEncoding.INSTANCES && d.mask().classes() > 1));
        String encodings = FolderDataset.encodings(decoded);
        String labels = instances ? "instance ids kept beside the binary target (up to " + maxLabel
                + " objects per image)" : multiClass ? "multi-class: up to " + maxLabel + " foreground classes;"
                + " training uses foreground (any class) against background, class ids kept beside the target"
                : "binary";
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
                String.format(Locale.ROOT, "foreground fraction: train %.4f, validation %.4f, test %.4f",
                        train.foreground(), validation.foreground(), test.foreground()),
                "normalisation (training part): " + normalisation);
        return new DatasetCard(detection.layout(), lines, encodings);
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
