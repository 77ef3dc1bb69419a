package org.unet4j.experiments.datasets.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.stream.Stream;

import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.api.Param;
import org.unet4j.experiments.api.ParamException;
import org.unet4j.experiments.api.ParamValues;
import org.unet4j.experiments.output.AtomicFiles;

/**
 * The dataset as parameters of an {@link org.unet4j.experiments.api.Experiment}: an experiment that lists
 * {@link #ALL} among its parameters and asks {@link #load} for its data trains on a researcher's own folder with
 * {@code --data DIR [--layout ...]} and on its generated data otherwise. Loading prints the {@link DatasetCard} and
 * writes {@code dataset.md}, {@code splits.json} and {@code data.json} (channels, sample size policy, normalisation:
 * what {@code unet4j predict} needs) to the run directory.
 *
 * <pre>{@code
 * public List<Param<?>> params() { return DataParams.with(EPOCHS, SIZE); }
 * ...
 * Optional<FolderDataset.Loaded> real = DataParams.load(context, context.get(SIZE));
 * }</pre>
 */
public final class DataParams {
    /** The dataset folder; empty: the experiment's generated data. */
    public static final Param<String> DATA = Param.path("data", "a folder of images and masks (or a manifest CSV)"
            + " to train on instead of the generated data").checkedBy(DataParams::check);
    /** The folder layout. */
    public static final Param<String> LAYOUT = Param.choice("layout", "auto", DatasetLayout.choices(),
            "how --data is organised; auto recognises it from the file names");
    /** A splits.json of an earlier run. */
    public static final Param<String> SPLITS = Param.path("splits", "the splits.json of an earlier run, to train"
            + " and test on the same images");
    /** The size policy. */
    public static final Param<String> FIT = Param.choice("fit", "resize", SizePolicy.CHOICES,
            "how --data images become --size samples: resize, centre crop, pad, or tiles covering the image");
    /** Grey or colour input. */
    public static final Param<String> COLOR = Param.choice("color", "gray", List.of("gray", "rgb"),
            "read --data images as one grey channel or three RGB channels");
    /** STARE's annotator. */
    public static final Param<String> ANNOTATOR = Param.choice("annotator", "ah", List.of("ah", "vk"),
            "STARE labels: Hoover (ah) or Kouznetsova (vk)");
    /** Empty-mask policy. */
    public static final Param<String> EMPTY_MASKS = Param.choice("empty-masks", "error", List.of("error", "warn"),
            "a --data part without any foreground pixel stops the run (error) or is reported (warn)");
    /** Validation fraction. */
    public static final Param<Double> VAL_FRACTION = Param.real("val-fraction", 0.15, 0.01, 0.9,
            "the part of --data set aside for validation where the dataset has no validation split");
    /** Test fraction. */
    public static final Param<Double> TEST_FRACTION = Param.real("test-fraction", 0.15, 0.01, 0.9,
            "the part of --data set aside for testing where the dataset has no test split");

    /** Cityscapes' classes. */
    public static final Param<String> CITYSCAPES_CLASSES = Param.choice("cityscapes-classes", "auto",
            CityscapesLabels.choices(), "Cityscapes classes to segment: one class by name (binary), or the SoftCut "
                    + "thesis's selections joined by '+' (classes 1..K); auto: the experiment's, else traffic sign");

    /** Lazy decoding. */
    public static final Param<Integer> CACHE_MB = Param.integer("cache-mb", 0, 0, 1 << 30, "0: decode all of --data"
            + " into memory at load; else decode training images on demand, keeping at most this many MiB of them");

    /** The training loss where the dataset has field-of-view masks. */
    public static final Param<String> FOV_LOSS = Param.choice("fov-loss", "restricted", List.of("restricted",
            "whole"), "where --data has field-of-view masks (DRIVE): the training loss over the pixels inside them"
            + " (restricted) or over every pixel, those outside as background (whole); scores are always restricted");

    /** Every data parameter, in {@code describe} order. */
    public static final List<Param<?>> ALL = List.of(DATA, LAYOUT, SPLITS, FIT, COLOR, ANNOTATOR, EMPTY_MASKS,
            VAL_FRACTION, TEST_FRACTION, CACHE_MB, FOV_LOSS, CITYSCAPES_CLASSES);

    /** The file of the data settings inside a run directory. */
    public static final String CONFIG_FILE = "data.json";

    private static final Map<ExperimentContext, FolderDataset.Loaded> LOADED = new WeakHashMap<>();

    private DataParams() {
    }

    /** {@code first} followed by {@link #ALL}. */
    public static List<Param<?>> with(List<Param<?>> first) {
        List<Param<?>> all = new java.util.ArrayList<>(first);
        all.addAll(ALL);
        return List.copyOf(all);
    }

    /**
     * Checks {@code --data} before the run directory exists: the path exists, a folder is not empty, and it holds
     * samples in its {@code --layout} (recognised from the file names under {@code auto}; an MSD task must open).
     * Only file names are read here; decoding happens at {@link #load}.
     *
     * @throws ParamException naming the path, the problem and the fix
     */
    public static void check(ParamValues values) {
        String data = values.get(DATA);
        if (data.isEmpty()) {
            return;
        }
        Path root = Path.of(data);
        try {
            if (!Files.exists(root)) {
                throw new ParamException("--data " + root + ": no such folder or file; give the folder of a dataset"
                        + " (or its manifest CSV)");
            }
            if (Files.isDirectory(root)) {
                try (Stream<Path> entries = Files.list(root)) {
                    if (entries.findAny().isEmpty()) {
                        throw new ParamException("--data " + root + ": the folder is empty; give the folder that"
                                + " holds the dataset's images and masks");
                    }
                }
            }
            String layout = values.get(LAYOUT);
            DatasetLayout chosen = layout.equals("auto") ? LayoutScanner.detect(root).layout()
                    : DatasetLayout.of(layout);
            if (chosen == DatasetLayout.MSD) {
                MsdTask.open(root);
            } else {
                LayoutScanner.scan(chosen, root, values.get(ANNOTATOR));
            }
        } catch (IOException e) {
            throw new ParamException("--data " + root + ": " + e.getMessage());
        }
    }

    /** Whether {@code --data} was given. */
    public static boolean given(ExperimentContext context) {
        return !context.get(DATA).isEmpty();
    }

    /** The number of image channels the experiment's models take: 3 with {@code --color rgb} and data, else 1. */
    public static int channels(ExperimentContext context) {
        return given(context) && context.get(COLOR).equals("rgb") ? 3 : 1;
    }

    /**
     * The {@code --data} dataset in {@code size x size} samples, loaded once per run (later calls return the same
     * parts); empty when {@code --data} was not given.
     */
    public static synchronized Optional<FolderDataset.Loaded> load(ExperimentContext context, int size)
            throws IOException {
        return load(context, size, List.of());
    }

    /**
     * As {@link #load(ExperimentContext, int)}, with the Cityscapes classes {@code defaultClasses} where
     * {@code --cityscapes-classes} is not given.
     */
    public static synchronized Optional<FolderDataset.Loaded> load(ExperimentContext context, int size,
            List<String> defaultClasses) throws IOException {
        if (!given(context)) {
            return Optional.empty();
        }
        FolderDataset.Loaded loaded = LOADED.get(context);
        if (loaded != null) {
            return Optional.of(loaded);
        }
        String layout = context.get(LAYOUT);
        String splits = context.get(SPLITS);
        FolderDataset.Request request = new FolderDataset.Request(Path.of(context.get(DATA)),
                layout.equals("auto") ? null : DatasetLayout.of(layout), context.get(ANNOTATOR),
                context.get(COLOR).equals("rgb"), SizePolicy.of(context.get(FIT), size),
                splits.isEmpty() ? null : DatasetSplits.read(Path.of(splits)), context.get(VAL_FRACTION),
                context.get(TEST_FRACTION), context.seed(), context.get(EMPTY_MASKS).equals("warn"),
                Runtime.getRuntime().availableProcessors(), (long) context.get(CACHE_MB) << 20,
                context.log().console(), context.get(CITYSCAPES_CLASSES).equals("auto") ? defaultClasses
                        : CityscapesLabels.parse(context.get(CITYSCAPES_CLASSES)));
        loaded = FolderDataset.load(request, context::info);
        loaded.card().lines().forEach(context::info);
        TargetKind targets = loaded.card().targets();
        if (targets.multiClass() || targets.fieldOfView()) {
            context.info("note: experiments that take the dataset's targets (segmentation) train and score them as"
                    + " the card says; the others train and score foreground (label > 0) against background on"
                    + " every pixel");
        }
        context.info("the parts above come from the dataset's splits and --val-fraction/--test-fraction; the"
                + " experiment's own image counts (--train, --val, --test) do not apply to --data");
        Path directory = context.directory();
        AtomicFiles.writeString(directory.resolve(DatasetCard.FILE), loaded.card().toMarkdown());
        loaded.splits().write(directory.resolve(DatasetSplits.FILE));
        new DataConfig(loaded.channels(), request.size(), loaded.normalisation())
                .write(directory.resolve(CONFIG_FILE));
        LOADED.put(context, loaded);
        return Optional.of(loaded);
    }

    /**
     * The input settings of the run's models: those of the {@code --data} dataset once {@link #load}ed, else those
     * of generated {@code size x size} images.
     */
    public static synchronized DataConfig inputConfig(ExperimentContext context, int size) throws IOException {
        Optional<FolderDataset.Loaded> loaded = load(context, size);
        if (loaded.isEmpty()) {
            return DataConfig.generated(size);
        }
        return new DataConfig(loaded.get().channels(), SizePolicy.of(context.get(FIT), size),
                loaded.get().normalisation());
    }

    /** A short name for tables: the folder's name and the layout, e.g. {@code Kvasir-SEG (kvasir-seg)}. */
    public static String name(ExperimentContext context, FolderDataset.Loaded loaded) {
        Path root = Path.of(context.get(DATA)).toAbsolutePath().normalize();
        return root.getFileName() + " (" + loaded.card().layout().id() + ")";
    }
}
