package org.unet4j.experiments.predict;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.datasets.files.DecodedMask;
import org.unet4j.experiments.datasets.files.ImageFiles;
import org.unet4j.experiments.datasets.files.LayoutScanner;
import org.unet4j.experiments.datasets.files.MaskDecoder;
import org.unet4j.experiments.metrics.ClassScores;
import org.unet4j.experiments.metrics.SegmentationScores;
import org.unet4j.experiments.output.AtomicFiles;
import org.unet4j.experiments.output.ResultTable;

/**
 * Scores predicted masks against ground-truth masks read from a folder (matched by name: {@code NAME},
 * {@code NAME_mask}, {@code NAME_segmentation}, {@code NAME_anno}, STARE's {@code NAME.ah} then {@code NAME.vk},
 * DRIVE's {@code NN_manual1} for {@code NN_training} and {@code NN_test}; any image format, decoded by
 * {@link MaskDecoder}; foreground is label &gt; 0). With a field-of-view folder (DRIVE's {@code mask/}:
 * {@code NAME_mask}), only the pixels inside the field of view count: prediction and target are cleared outside it,
 * which leaves Dice, IoU, AHD, HD95 and the figures exactly as on the field of view alone, and the accuracy is taken
 * over its pixels. The scores: Dice, IoU, pixel accuracy, AHD, HD95 and the number of figures
 * per image in {@code metrics.csv}, their mean and sample standard deviation over the images in
 * {@code results.md}. The label maps of a model of K &gt; 2 classes are scored by {@link ClassScores} against the
 * masks' class ids instead: the mean Dice and IoU over the foreground classes, the accuracy, and Dice and IoU of
 * every class.
 */
public final class MaskEvaluation {
    /** The scores written, in column order. */
    public static final List<String> SCORES = List.of("dice", "iou", "accuracy", "ahd", "hd95", "figures");
    private static final List<String> SUFFIXES = List.of("", "_mask", "_segmentation", "_anno", ".ah", ".vk");
    private static final java.util.regex.Pattern DRIVE = java.util.regex.Pattern.compile("(\\d+)_(?:training|test)");

    private final Map<String, Path> masks;
    private final Map<String, Path> fields;
    private final Map<String, Map<String, Double>> rows = new LinkedHashMap<>();
    /** K of the label maps scored, 2 while binary masks are scored. */
    private int classes = 2;

    /** An evaluation against the masks in {@code folder}, over whole images. */
    public MaskEvaluation(Path folder) throws IOException {
        this(folder, null);
    }

    /** An evaluation against the masks in {@code folder}, restricted to the fields of view in {@code fov}. */
    public MaskEvaluation(Path folder, Path fov) throws IOException {
        this.masks = LayoutScanner.byStem(folder);
        this.fields = fov == null ? null : LayoutScanner.byStem(fov);
    }

    private static Path find(Map<String, Path> files, String name, List<String> suffixes) {
        for (String suffix : suffixes) {
            Path file = files.get(name + suffix);
            if (file != null) {
                return file;
            }
        }
        java.util.regex.Matcher drive = DRIVE.matcher(name);
        return drive.matches() ? files.get(drive.group(1) + "_manual1") : null;
    }

    private static DecodedMask read(Path file, String name, int h, int w, String what) throws IOException {
        DecodedMask mask = MaskDecoder.decode(ImageFiles.read(file), file, false);
        if (mask.height() != h || mask.width() != w) {
            throw new IOException("the " + what + " " + file + " is " + mask.width() + "x" + mask.height()
                    + " but the image " + name + " is " + w + "x" + h);
        }
        return mask;
    }

    /**
     * Scores the prediction {@code probabilities >= threshold} of the image named {@code name} ({@code h x w})
     * against its mask; fails naming the image when the mask is missing or differs in size.
     */
    public Map<String, Double> add(String name, float[] probabilities, int h, int w, double threshold)
            throws IOException {
        if (classes > 2) {
            throw new IllegalArgumentException("a binary mask cannot be scored beside label maps of " + classes
                    + " classes");
        }
        DecodedMask mask = maskOf(name, h, w);
        int[] field = fieldOf(name, h, w);
        float[] logits = new float[h * w];
        float[] target = new float[h * w];
        int inside = 0;
        int agree = 0;
        for (int p = 0; p < logits.length; p++) {
            boolean counted = field == null || field[p] > 0;
            boolean predicted = counted && probabilities[p] >= threshold;
            boolean truth = counted && mask.labels()[p] > 0;
            logits[p] = predicted ? 1 : -1;
            target[p] = truth ? 1 : 0;
            inside += counted ? 1 : 0;
            agree += counted && predicted == truth ? 1 : 0;
        }
        Map<String, Double> all = SegmentationScores.of(Tensor.wrap(logits, 1, 1, h, w),
                Tensor.wrap(target, 1, 1, h, w));
        Map<String, Double> kept = new LinkedHashMap<>();
        SCORES.forEach(s -> kept.put(s, all.get(s)));
        if (field != null) {
            kept.put("accuracy", inside == 0 ? Double.NaN : (double) agree / inside);
        }
        rows.put(name, kept);
        return kept;
    }

    /**
     * Scores the label map {@code ids} (class ids 0..K-1, {@code h x w}) of the image named {@code name} against the
     * class ids of its mask with {@link ClassScores}; pixels outside the field of view count in no score.
     */
    public Map<String, Double> add(String name, int[] ids, int k, int h, int w) throws IOException {
        if (k < 3 || !rows.isEmpty() && classes != k) {
            throw new IllegalArgumentException("label maps of " + k + " classes cannot be scored"
                    + (k < 3 ? " as classes: a binary model's masks go by threshold" : " beside " + classes));
        }
        classes = k;
        int[] labels = maskOf(name, h, w).labels();
        int[] field = fieldOf(name, h, w);
        float[] oneHot = new float[k * h * w];
        float[] truth = new float[h * w];
        for (int p = 0; p < truth.length; p++) {
            oneHot[ids[p] * truth.length + p] = 1;
            truth[p] = field != null && field[p] <= 0 ? -1 : labels[p];
        }
        Map<String, Double> scores;
        try {
            scores = ClassScores.of(Tensor.wrap(oneHot, 1, k, h, w), Tensor.wrap(truth, 1, 1, h, w));
        } catch (IllegalArgumentException e) {
            throw new IOException("the mask of " + name + " does not hold the model's class ids: " + e.getMessage(),
                    e);
        }
        rows.put(name, scores);
        return scores;
    }

    private DecodedMask maskOf(String name, int h, int w) throws IOException {
        Path file = find(masks, name, SUFFIXES);
        if (file == null) {
            throw new IOException("no ground-truth mask for " + name + " in the --masks folder (looked for " + name
                    + "[_mask|_segmentation|_anno|.ah|.vk].<image extension>, or NN_manual1 for DRIVE)");
        }
        return read(file, name, h, w, "mask");
    }

    /** The field-of-view labels of the image, null without a --fov folder. */
    private int[] fieldOf(String name, int h, int w) throws IOException {
        if (fields == null) {
            return null;
        }
        Path fov = find(fields, name, List.of("_mask", ""));
        if (fov == null) {
            throw new IOException("no field-of-view mask for " + name + " in the --fov folder (looked for "
                    + name + "_mask.<image extension>)");
        }
        return read(fov, name, h, w, "field of view").labels();
    }

    /** Writes {@code metrics.csv} (one row per image) and {@code results.md} (mean and sd) to {@code out}. */
    public void write(Path out, String model) throws IOException {
        if (classes > 2) {
            List<String> names = ClassScores.names(classes);
            List<String> headers = names.stream().map(n -> switch (n) {
                case "dice" -> "Dice";
                case "iou" -> "IoU";
                case "accuracy" -> "Acc";
                default -> n.replace("dice-c", "Dice c").replace("iou-c", "IoU c");
            }).toList();
            write(out, rows, names, headers, names.size(), String.format(Locale.ROOT, "Mean and sample standard"
                    + " deviation (sd) over %d images scored against the class ids of their masks (%d classes, the"
                    + " predicted class the argmax); Dice and IoU are the means over the foreground classes 1..%d,"
                    + " a class absent from both prediction and truth of an image has no score there (per-class"
                    + " means over the images where it has one: NaN in a row where it has none); model %s. Per"
                    + " image in metrics.csv.", rows.size(), classes, classes - 1, model), "Images", true);
            return;
        }
        write(out, rows, SCORES, List.of("Dice", "IoU", "Acc", "AHD", "HD95", "Figures"), 3,
                String.format(Locale.ROOT, "Mean and sample standard deviation (sd) over %d images scored against"
                        + " their masks; model %s. Per image in metrics.csv.", rows.size(), model), "Images");
    }

    /**
     * Writes {@code rows} (name to scores) as {@code metrics.csv} and their mean and sample standard deviation as
     * the table of {@code results.md}; the first {@code higher} scores are better when higher, the rest when lower.
     */
    static void write(Path out, Map<String, Map<String, Double>> rows, List<String> scores, List<String> headers,
            int higher, String caption, String counted) throws IOException {
        write(out, rows, scores, headers, higher, caption, counted, false);
    }

    /** As above; with {@code skipMissing} a mean and sd are over the rows where the score is not NaN. */
    static void write(Path out, Map<String, Map<String, Double>> rows, List<String> scores, List<String> headers,
            int higher, String caption, String counted, boolean skipMissing) throws IOException {
        StringBuilder csv = new StringBuilder("image," + String.join(",", scores) + "\n");
        rows.forEach((name, row) -> csv.append(name.contains(",") ? '"' + name + '"' : name).append(',')
                .append(String.join(",", scores.stream().map(s -> String.format(Locale.ROOT, "%.6g", row.get(s)))
                        .toList())).append('\n'));
        AtomicFiles.writeString(out.resolve("metrics.csv"), csv.toString());
        List<ResultTable.Column> columns = new ArrayList<>();
        double[] values = new double[2 * scores.size()];
        for (int i = 0; i < scores.size(); i++) {
            boolean better = i < higher;
            int decimals = better ? 3 : 2;
            columns.add(better ? ResultTable.Column.higher(headers.get(i), decimals)
                    : ResultTable.Column.lower(headers.get(i), decimals));
            columns.add(ResultTable.Column.lower("sd", decimals));
            List<Double> column = new ArrayList<>();
            for (Map<String, Double> r : rows.values()) {
                double value = r.get(scores.get(i));
                if (!(skipMissing && Double.isNaN(value))) {
                    column.add(value);
                }
            }
            double m = column.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double v = column.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / Math.max(1, column.size() - 1);
            values[2 * i] = m;
            values[2 * i + 1] = Math.sqrt(v);
        }
        ResultTable table = new ResultTable("Prediction scores", caption, counted, columns);
        table.addRow(String.valueOf(rows.size()), values);
        AtomicFiles.writeString(out.resolve("results.md"), "# predict\n\n" + table.toMarkdown());
    }

    /** The number of images scored. */
    public int count() {
        return rows.size();
    }
}
