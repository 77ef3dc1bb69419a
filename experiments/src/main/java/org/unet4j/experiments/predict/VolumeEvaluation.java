package org.unet4j.experiments.predict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.unet4j.layers.io.Nifti;
import org.unet4j.layers.io.NiftiImage;

/**
 * Scores predicted volume masks against ground-truth label volumes read from a folder of NIfTI files matched by
 * name ({@code NAME.nii} or {@code NAME.nii.gz}, as an MSD task's {@code labelsTr/} names them after the image;
 * foreground is label &gt; 0): Dice, IoU, voxel accuracy and HD95 ({@link SurfaceDistance}) in the units of the
 * label's voxel spacing (millimetres for most scanners), per volume in {@code metrics.csv}, mean and sample standard
 * deviation in {@code results.md}.
 */
public final class VolumeEvaluation {
    /** The scores written, in column order. */
    public static final List<String> SCORES = List.of("dice", "iou", "accuracy", "hd95");

    private final Map<String, Path> labels = new TreeMap<>();
    private final Map<String, Map<String, Double>> rows = new LinkedHashMap<>();

    /** An evaluation against the label volumes in {@code folder}. */
    public VolumeEvaluation(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("no such folder of label volumes: " + folder);
        }
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(VolumeEvaluation::isNifti).forEach(f -> labels.put(stem(f), f));
        }
    }

    /** Whether {@code file} is named as a NIfTI-1 file ({@code .nii} or {@code .nii.gz}). */
    public static boolean isNifti(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".nii") || name.endsWith(".nii.gz");
    }

    /** The name of a NIfTI file without {@code .nii} or {@code .nii.gz}. */
    public static String stem(Path file) {
        return file.getFileName().toString().replaceFirst("\\.nii(\\.gz)?$", "");
    }

    /**
     * Scores the prediction {@code probabilities >= threshold} of the volume {@code name} against its label volume;
     * fails naming the volume when the label is missing or lies on another grid.
     */
    public Map<String, Double> add(String name, float[] probabilities, int[] grid, double threshold)
            throws IOException {
        Path file = labels.get(name);
        if (file == null) {
            throw new IOException("no label volume for " + name + " in the --masks folder (looked for " + name
                    + ".nii or " + name + ".nii.gz)");
        }
        NiftiImage label = Nifti.read(file);
        int[] dims = label.data().dims();
        if (dims[0] != 1 || dims[1] != grid[0] || dims[2] != grid[1] || dims[3] != grid[2]) {
            throw new IOException("the label volume " + file + " is " + label.data().shape() + " but the volume "
                    + name + " has the grid " + grid[0] + "x" + grid[1] + "x" + grid[2] + " (D x H x W)");
        }
        int[] values = label.labels();
        boolean[] predicted = new boolean[values.length];
        boolean[] truth = new boolean[values.length];
        long both = 0;
        long p = 0;
        long t = 0;
        long agree = 0;
        for (int i = 0; i < values.length; i++) {
            predicted[i] = probabilities[i] >= threshold;
            truth[i] = values[i] > 0;
            both += predicted[i] && truth[i] ? 1 : 0;
            p += predicted[i] ? 1 : 0;
            t += truth[i] ? 1 : 0;
            agree += predicted[i] == truth[i] ? 1 : 0;
        }
        double[] xyz = label.spacing();
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("dice", p + t == 0 ? 1 : 2.0 * both / (p + t));
        scores.put("iou", p + t - both == 0 ? 1 : (double) both / (p + t - both));
        scores.put("accuracy", (double) agree / values.length);
        scores.put("hd95", SurfaceDistance.hd95(predicted, truth, grid, new double[] {xyz[2], xyz[1], xyz[0]}));
        rows.put(name, scores);
        return scores;
    }

    /** Writes {@code metrics.csv} (one row per volume) and {@code results.md} (mean and sd) to {@code out}. */
    public void write(Path out, String model) throws IOException {
        MaskEvaluation.write(out, rows, SCORES, List.of("Dice", "IoU", "Acc", "HD95"), 3, String.format(
                java.util.Locale.ROOT, "Mean and sample standard deviation (sd) over %d volumes scored voxel-wise"
                        + " against their label volumes; HD95 in the units of the voxel spacing (mm for most"
                        + " scanners); model %s. Per volume in metrics.csv.", rows.size(), model), "Volumes");
    }

    /** The number of volumes scored. */
    public int count() {
        return rows.size();
    }
}
