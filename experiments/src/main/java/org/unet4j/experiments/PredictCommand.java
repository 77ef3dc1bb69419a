package org.unet4j.experiments;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.unet4j.experiments.datasets.files.ImageFiles;
import org.unet4j.experiments.datasets.files.LayoutScanner;
import org.unet4j.experiments.output.AtomicFiles;
import org.unet4j.experiments.predict.MaskEvaluation;
import org.unet4j.experiments.predict.PredictionImages;
import org.unet4j.experiments.predict.Predictor;
import org.unet4j.experiments.predict.WindowBlending;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code unet4j predict}: segments images with a trained model ({@link Predictor}), writing for each input
 * {@code NAME_mask.png} (0/255), {@code NAME_overlay.png} and, with {@code --probabilities}, {@code NAME_prob.png}
 * (16-bit), all at the input's size; with {@code --masks} it scores the masks ({@link MaskEvaluation}).
 */
@Command(name = "predict", sortOptions = false,
        description = "Segment images with a trained model: one mask (PNG, 0/255) and one overlay per input at the"
                + " input's size; --masks DIR also scores them (metrics.csv, results.md).")
public final class PredictCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "RUN_DIR|CHECKPOINT",
            description = "A run directory holding one trained model, a model's directory (with predictor.json),"
                    + " or a checkpoint file.")
    private Path model;

    @Option(names = "--in", required = true, paramLabel = "FILE|DIR", description = "An image, or a folder of images.")
    private Path in;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the masks go.")
    private Path out;

    @Option(names = "--probabilities", description = "Also write the probabilities as 16-bit PNG (NAME_prob.png).")
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
            description = "Ground-truth masks (NAME[_mask|_segmentation|_anno].*): score the predictions.")
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
        Map<String, Path> inputs = Files.isDirectory(in) ? LayoutScanner.byStem(in) : Map.of(ImageFiles.stem(in), in);
        if (inputs.isEmpty()) {
            throw new IOException("no images in " + in + " (" + String.join(", ", ImageFiles.EXTENSIONS) + ")");
        }
        if (!Files.isDirectory(in) && !Files.isRegularFile(in)) {
            throw new IOException("no such image: " + in);
        }
        Predictor predictor = Predictor.load(model);
        if (fov != null && masks == null) {
            throw new IllegalArgumentException("--fov restricts the scores of --masks; give --masks DIR too");
        }
        MaskEvaluation evaluation = masks == null ? null : new MaskEvaluation(masks, fov);
        double threshold = predictor.config().threshold();
        Files.createDirectories(out);
        console.println("predict: " + predictor);
        for (Map.Entry<String, Path> input : inputs.entrySet()) {
            BufferedImage image = ImageFiles.read(input.getValue());
            int h = image.getHeight();
            int w = image.getWidth();
            float[] p = predictor.probabilities(image, options);
            String name = input.getKey();
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

    private static WindowBlending blendingOf(String name) {
        try {
            return WindowBlending.of(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--blend must be gaussian, linear or constant, got '" + name + "'");
        }
    }
}
