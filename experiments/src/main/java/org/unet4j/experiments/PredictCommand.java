package org.unet4j.experiments;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.unet4j.autodiff.Tensor;

import org.unet4j.experiments.datasets.files.ImageFiles;
import org.unet4j.experiments.datasets.files.LayoutScanner;
import org.unet4j.experiments.output.AtomicFiles;
import org.unet4j.experiments.predict.MaskEvaluation;
import org.unet4j.experiments.predict.PredictionImages;
import org.unet4j.experiments.predict.VolumeEvaluation;
import org.unet4j.layers.io.Nifti;
import org.unet4j.layers.io.NiftiDataType;
import org.unet4j.layers.io.NiftiImage;
import org.unet4j.experiments.predict.Predictor;
import org.unet4j.experiments.predict.WindowBlending;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code unet4j predict}: segments images with a trained model ({@link Predictor}), writing for each input
 * {@code NAME_mask.png} (0/255), {@code NAME_overlay.png} and, with {@code --probabilities}, {@code NAME_prob.png}
 * (16-bit), all at the input's size; with {@code --masks} it scores the masks ({@link MaskEvaluation}). A 3-D model
 * segments NIfTI volumes ({@code .nii}, {@code .nii.gz}) whole by sliding windows and writes
 * {@code NAME_mask.nii.gz} (and {@code NAME_prob.nii.gz}) with the input's header, spacing and affines; its
 * {@code --masks} are label volumes ({@link VolumeEvaluation}: Dice, IoU, accuracy, HD95 in spacing units).
 * A model of K &gt; 2 classes writes its label map instead of the mask: {@code NAME_mask.png} as 8-bit class ids
 * 0..K-1 (uint8 class ids in {@code NAME_mask.nii.gz} for volumes), the overlay in the fixed class colours of
 * {@link PredictionImages#colour}, with {@code --probabilities} one 16-bit {@code NAME_prob_cK.png} per class
 * (a K-channel float32 {@code NAME_prob.nii.gz} for volumes), and {@code --masks} scores per-class Dice and IoU and
 * their foreground mean.
 */
@Command(name = "predict", sortOptions = false,
        description = "Segment images with a trained model: one mask (PNG, 0/255) and one overlay per input at the"
                + " input's size; a 3-D model segments NIfTI volumes whole (NAME_mask.nii.gz with the input's"
                + " header); --masks DIR also scores them (metrics.csv, results.md).")
public final class PredictCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "RUN_DIR|CHECKPOINT",
            description = "A run directory holding one trained model, a model's directory (with predictor.json),"
                    + " or a checkpoint file.")
    private Path model;

    @Option(names = "--in", required = true, paramLabel = "FILE|DIR",
            description = "An image or a folder of images; for a 3-D model a NIfTI volume or a folder of them.")
    private Path in;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the masks go.")
    private Path out;

    @Option(names = "--probabilities", description = "Also write the probabilities as 16-bit PNG (NAME_prob.png;"
            + " one NAME_prob_cK.png per class K of a multi-class model), for volumes as float32 NIfTI"
            + " (NAME_prob.nii.gz, one channel per class).")
    private boolean probabilities;

    @Option(names = "--overlap", paramLabel = "FRACTION", defaultValue = "0.25",
            description = "Overlap of neighbouring windows for SAME-padding nets on large images (default 0.25).")
    private double overlap;

    @Option(names = "--blend", paramLabel = "WEIGHTS", defaultValue = "gaussian",
            description = "How overlapping windows are averaged: gaussian, linear or constant (default gaussian).")
    private String blend;

    @Option(names = "--tta", description = "Test-time augmentation: average over the image and its two mirrors.")
    private boolean flips;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "8", description = "Windows per forward pass.")
    private int batch;

    @Option(names = "--masks", paramLabel = "DIR",
            description = "Ground-truth masks (NAME[_mask|_segmentation|_anno].*; for volumes NAME.nii[.gz] label"
                    + " volumes): score the predictions.")
    private Path masks;

    @Option(names = "--fov", paramLabel = "DIR",
            description = "Field-of-view masks (NAME_mask.*, DRIVE's mask/ folder): score only the pixels inside.")
    private Path fov;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            run(spec.commandLine().getOut());
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            err.println("predict: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private void run(PrintWriter console) throws IOException {
        Predictor.Options options = new Predictor.Options(blendingOf(blend), overlap, flips, batch);
        if (!Files.isDirectory(in) && !Files.isRegularFile(in)) {
            throw new IOException("no such image or volume: " + in);
        }
        Predictor predictor = Predictor.load(model);
        if (fov != null && masks == null) {
            throw new IllegalArgumentException("--fov restricts the scores of --masks; give --masks DIR too");
        }
        console.println("predict: " + predictor);
        if (predictor.config().recipe().spatialDims() == 3) {
            volumes(console, predictor, options);
            return;
        }
        Map<String, Path> inputs = Files.isDirectory(in) ? LayoutScanner.byStem(in) : Map.of(ImageFiles.stem(in), in);
        if (inputs.isEmpty()) {
            throw new IOException("no images in " + in + " (" + String.join(", ", ImageFiles.EXTENSIONS) + ")");
        }
        MaskEvaluation evaluation = masks == null ? null : new MaskEvaluation(masks, fov);
        double threshold = predictor.config().threshold();
        int classes = predictor.config().recipe().classes();
        Files.createDirectories(out);
        for (Map.Entry<String, Path> input : inputs.entrySet()) {
            BufferedImage image = ImageFiles.read(input.getValue());
            int h = image.getHeight();
            int w = image.getWidth();
            float[] p = predictor.probabilities(image, options);
            String name = input.getKey();
            if (classes > 2) {
                int[] ids = predictor.classIds(p, h * w);
                AtomicFiles.writePng(out.resolve(name + "_mask.png"), PredictionImages.labels(ids, h, w));
                AtomicFiles.writePng(out.resolve(name + "_overlay.png"), PredictionImages.overlay(image, ids));
                for (int c = 0; probabilities && c < classes; c++) {
                    AtomicFiles.writePng(out.resolve(name + "_prob_c" + c + ".png"),
                            PredictionImages.probabilities(p, c * h * w, h, w));
                }
                String line = String.format(Locale.ROOT, "%s: %dx%d", name, w, h);
                if (evaluation != null) {
                    Map<String, Double> scores = evaluation.add(name, ids, classes, h, w);
                    line += String.format(Locale.ROOT, ", mean Dice %.3f, mean IoU %.3f", scores.get("dice"),
                            scores.get("iou"));
                }
                console.println(line);
                continue;
            }
            AtomicFiles.writePng(out.resolve(name + "_mask.png"), PredictionImages.mask(p, h, w, threshold));
            AtomicFiles.writePng(out.resolve(name + "_overlay.png"), PredictionImages.overlay(image, p, threshold));
            if (probabilities) {
                AtomicFiles.writePng(out.resolve(name + "_prob.png"), PredictionImages.probabilities(p, h, w));
            }
            String line = String.format(Locale.ROOT, "%s: %dx%d", name, w, h);
            if (evaluation != null) {
                Map<String, Double> scores = evaluation.add(name, p, h, w, threshold);
                line += String.format(Locale.ROOT, ", Dice %.3f, IoU %.3f", scores.get("dice"), scores.get("iou"));
            }
            console.println(line);
        }
        if (evaluation != null) {
            evaluation.write(out, model.toString());
            console.println("predict: scores of " + evaluation.count() + " images in " + out.resolve("results.md"));
        }
        console.println("predict: " + inputs.size() + " masks in " + out);
        console.flush();
    }

    /**
     * A 3-D model on NIfTI volumes: {@code NAME_mask.nii.gz} (uint8 0/1) and, with {@code --probabilities},
     * {@code NAME_prob.nii.gz} (float32), each with the input's header (spacing, qform, sform, description) but its
     * own datatype, so that it lines up with the input in a viewer; {@code --masks} scores them against label volumes.
     */
    private void volumes(PrintWriter console, Predictor predictor, Predictor.Options options) throws IOException {
        if (fov != null) {
            throw new IllegalArgumentException("--fov is for 2-D images (DRIVE); a volume is scored as a whole");
        }
        Map<String, Path> inputs = new TreeMap<>();
        if (Files.isDirectory(in)) {
            try (Stream<Path> files = Files.list(in)) {
                files.filter(VolumeEvaluation::isNifti).forEach(f -> inputs.put(VolumeEvaluation.stem(f), f));
            }
        } else if (VolumeEvaluation.isNifti(in)) {
            inputs.put(VolumeEvaluation.stem(in), in);
        }
        if (inputs.isEmpty()) {
            throw new IOException("no NIfTI volumes (.nii, .nii.gz) in " + in + ": this model is 3-D ("
                    + predictor.config().recipe() + ")");
        }
        int classes = predictor.config().recipe().classes();
        if (masks != null && classes > 2) {
            throw new IllegalArgumentException("--masks scores volumes of binary models only; this model has "
                    + classes + " classes (score its label maps with the run's own per-class test scores)");
        }
        VolumeEvaluation evaluation = masks == null ? null : new VolumeEvaluation(masks);
        Files.createDirectories(out);
        for (Map.Entry<String, Path> input : inputs.entrySet()) {
            NiftiImage volume = Nifti.read(input.getValue());
            int[] grid = {volume.data().dim(1), volume.data().dim(2), volume.data().dim(3)};
            float[] p = predictor.probabilities(volume.data(), options);
            int voxels = grid[0] * grid[1] * grid[2];
            int[] ids = predictor.classIds(p, voxels);
            float[] mask = new float[voxels];
            for (int i = 0; i < voxels; i++) {
                mask[i] = ids[i];
            }
            String name = input.getKey();
            Nifti.write(out.resolve(name + "_mask.nii.gz"), volume.withData(Tensor.wrap(mask, 1, grid[0], grid[1],
                    grid[2]), NiftiDataType.UINT8));
            if (probabilities) {
                Nifti.write(out.resolve(name + "_prob.nii.gz"), volume.withData(Tensor.wrap(p, predictor.outputs(),
                        grid[0], grid[1], grid[2]), NiftiDataType.FLOAT32));
            }
            String line = String.format(Locale.ROOT, "%s: %dx%dx%d voxels", name, grid[2], grid[1], grid[0]);
            if (evaluation != null) {
                Map<String, Double> scores = evaluation.add(name, p, grid, predictor.config().threshold());
                line += String.format(Locale.ROOT, ", Dice %.3f, IoU %.3f, HD95 %.2f", scores.get("dice"),
                        scores.get("iou"), scores.get("hd95"));
            }
            console.println(line);
        }
        if (evaluation != null) {
            evaluation.write(out, model.toString());
            console.println("predict: scores of " + evaluation.count() + " volumes in " + out.resolve("results.md"));
        }
        console.println("predict: " + inputs.size() + " volume masks in " + out);
        console.flush();
    }

    private static WindowBlending blendingOf(String name) {
        try {
            return WindowBlending.of(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--blend must be gaussian, linear or constant, got '" + name + "'");
        }
    }
}
