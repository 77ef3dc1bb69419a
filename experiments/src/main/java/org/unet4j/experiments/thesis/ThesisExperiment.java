package org.unet4j.experiments.thesis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.api.Param;
import org.unet4j.experiments.datasets.EdgeShapesDataset;
import org.unet4j.experiments.datasets.SegmentationDataset;
import org.unet4j.experiments.datasets.ShapeClassesDataset;
import org.unet4j.experiments.datasets.TensorDataset;
import org.unet4j.experiments.datasets.files.DataParams;
import org.unet4j.experiments.datasets.files.FolderDataset;
import org.unet4j.experiments.datasets.files.LabelledSet;
import org.unet4j.experiments.output.ResultTable;
import org.unet4j.experiments.softcut.CutTraining;
import org.unet4j.experiments.softcut.MulticlassSoftCutExperiment;
import org.unet4j.experiments.softcut.RevealedPixels;
import org.unet4j.experiments.training.Trainer;
import org.unet4j.layers.Module;
import org.unet4j.layers.Parameter;
import org.unet4j.layers.optim.Adagrad;
import org.unet4j.layers.optim.Adam;
import org.unet4j.layers.optim.Optimizer;

/**
 * {@code thesis}: the eleven experiments of Bonfiglio's SoftCut thesis (2022, Section 3), one per
 * {@code --experiment N}, each writing its results table in the thesis's layout (Tables 2, 4-6, 8, 9, 11, 13, 15,
 * 17, 19): a row per network as the thesis has them (Base Network, Submodular, Submodular (+ isotonic), SoftCut
 * exact and approximate, with the max-flow cut at inference and the Dice / Focal Dice variants where the table has
 * them), and the columns mIoU, loss, number of distinct figures, each with its standard error over the test images
 * ({@link ThesisScores}; the thesis's parenthesised figures; over seeds, {@code run thesis --seeds N} prints the
 * mean and standard deviation of each cell), and the training time. The thesis's claims about each table are
 * declared in {@link ThesisSetup} and judged in {@code results.md}.
 *
 * <p>The protocols: revealed pixels for Experiment 1 ({@link RevealedPixels}), the object channel for Experiments 5-6
 * ({@link SpecificObject}), a cut per class with a softmax for Experiment 10 ({@link MulticlassSoftCutExperiment}),
 * overlapping tiles for Experiment 11 ({@link OverlappingTiles}). By default each runs in minutes on small generated
 * stand-ins (strong-edge shapes, three-class shapes) with small networks ({@link ThesisNetwork}); {@code --data}
 * trains on Weizmann Horse or Cityscapes (layouts {@code weizmann-horse}, {@code cityscapes}, with
 * {@code --color rgb} as the thesis; Cityscapes with the thesis's classes of each task unless
 * {@code --cityscapes-classes} says otherwise, in 256 x 256 tiles with {@code --fit tile}, and for Experiment 11 at
 * full resolution with {@code --fit pad --size 2048}); {@code --full} takes the thesis's training settings. As in
 * the thesis, each network keeps the epoch with the best validation loss. Experiments 2-11 run the thesis's
 * two-decoder U-Net with its ResNet-18 or ResNet-34 encoder ({@link ThesisNetwork#RESNET18}, {@link
 * ThesisNetwork#RESNET34}): at the thesis's widths with {@code --full}, at widths scaled from {@code --width}
 * otherwise (the same depth; the full networks are too slow for minute-long runs on two cores). Experiment 4 trains
 * with {@link Adagrad}.
 *
 * <p>Experiment 8 (max-flow at inference): each max-flow row also reports the fraction of test pixels whose label
 * the cut changes against the same network's relaxed output ({@code run.log}, {@code *-changed-pixels}). For the
 * Submodular rows the two cannot differ: the TV prox thresholded at 0 is the max-flow cut of the same scores and
 * weights (the level-set property Djolonga and Krause build on; tested in {@code SubmodularTotalVariationTest}), so
 * their mIoU and figures are equal by theorem and only the loss (of hard logits) moves. For SoftCut they can differ,
 * and whether they do depends on the trained weights: at the defaults (seed 7) with {@code --network unet} the cut
 * changes none of the test pixels (mIoU 0.6231 both, loss 0.5382 against 0.2407: the max-flow row is computed, not
 * copied), which is why earlier runs on that network showed equal mIoU; with the default ResNet-18 it changes 4.7 %
 * of them (mIoU 0.3064 relaxed, 0.3189 max-flow).
 */
public final class ThesisExperiment implements Experiment {
    static final Param<Integer> EXPERIMENT = Param.integer("experiment", 1, 1, 11, "the thesis's experiment, 1..11 "
            + "(its table: 2, 4, 5, 6, 8, 9, 11, 13, 15, 17, 19)");
    static final Param<String> NETWORK = Param.choice("network", ThesisNetwork.AUTO.id(), ThesisNetwork.choices(),
            "the network under the cut: the thesis's (the basic CNN for Experiment 1, the experiment's ResNet "
                    + "encoder otherwise), the basic CNN of Figure 13, the two-decoder U-Net of Figure 14 with a "
                    + "plain two-level encoder, or with a ResNet-18 / ResNet-34 encoder (image and window sides "
                    + "multiples of 32)");
    static final Param<Boolean> FULL = Param.flag("full", false, "the thesis's settings: 100 epochs, Adam lr 1e-3,"
            + " batch 1 (Experiment 1) or 32, 0.1 % revealed pixels, 256x256 samples, tiles of 256 + 32 (on "
            + "1024x1024 stand-ins, or --data at --size); overrides epochs, batch, lr, revealed, tile, overlap and "
            + "size (but Experiment 11's with --data)");
    static final Param<Integer> EPOCHS = Param.integer("epochs", 0, 0, 100_000, "passes over the training images; "
            + "0: the stand-in's, 20 for Experiment 1 (its basic CNN learns from a few revealed pixels), 10 for "
            + "Experiment 10 (three classes), 3 otherwise");
    static final Param<Integer> BATCH = Param.integer("batch", 4, 1, 4096, "images per optimisation step");
    static final Param<Double> LR = Param.real("lr", 1e-2, 1e-7, 1, "the learning rate (the thesis: 1e-3)");
    static final Param<Integer> TRAIN = Param.integer("train", 24, 1, 1_000_000, "generated training images");
    static final Param<Integer> VAL = Param.integer("val", 8, 1, 1_000_000, "generated validation images");
    static final Param<Integer> TEST = Param.integer("test", 8, 1, 1_000_000, "generated test images");
    static final Param<Integer> SIZE = Param.integer("size", 0, 0, 4096, "image height and width in pixels, even, "
            + "at least 16; 0: the stand-in's, 32, or 64 for Experiment 11 (a 3 x 3 grid of tiles)");
    static final Param<Integer> WIDTH = Param.integer("width", 8, 1, 512, "hidden channels of the basic CNN, "
            + "filters of the U-Net's finer level (doubled below), first-stage width w of the ResNet encoders (w, "
            + "2w, 4w, 8w; decoders 4w, 2w, w, w/2, w/4) unless --full takes the thesis's");
    static final Param<Double> NOISE = Param.real("noise", 0.2, 0, 10, "noise sigma of the generated images");
    static final Param<Double> REVEALED = Param.real("revealed", 0.05, 1e-6, 1, "Experiment 1: the fraction of each "
            + "training mask's pixels revealed (the thesis: 0.001; more here, where images are small)");
    static final Param<Integer> TILE = Param.integer("tile", 24, 2, 4096, "Experiment 11: the core tile's side "
            + "(the thesis: 256), even; tile + overlap a multiple of 32 for the ResNet networks");
    static final Param<Integer> OVERLAP = Param.integer("overlap", 8, 0, 4096, "Experiment 11: the context around a "
            + "tile, half on each side (the thesis: 32), even");

    @Override
    public String name() {
        return "thesis";
    }

    @Override
    public String description() {
        return "The SoftCut thesis's Experiments 1-11 (--experiment N): Base Network vs Submodular (+ isotonic) vs "
                + "SoftCut (exact, approximate), max-flow at inference, Dice vs Focal Dice, binary / specific object "
                + "/ multiclass / full-resolution tiles; mIoU, loss, distinct figures (standard error over test "
                + "images), train time, in the layout of Tables 2-19, on generated stand-ins (or --data Weizmann "
                + "Horse / Cityscapes); the thesis's networks: the basic CNN (Experiment 1) and U-Nets with ResNet-18 "
                + "/ ResNet-34 encoders, at widths scaled from --width (thesis widths with --full).";
    }

    @Override
    public List<Param<?>> params() {
        return DataParams.with(List.of(EXPERIMENT, NETWORK, FULL, EPOCHS, BATCH, LR, TRAIN, VAL, TEST, SIZE, WIDTH,
                NOISE, REVEALED, TILE, OVERLAP));
    }

    /** The settings of a run: the parameters', or the thesis's with {@code --full}. */
    record Settings(int epochs, int batch, double lr, int size, double revealed, OverlappingTiles tiles) {
        static Settings of(ExperimentContext context, ThesisSetup setup) {
            if (context.get(FULL)) {
                int size = setup.task() != ThesisSetup.Task.FULL_RESOLUTION ? 256
                        : DataParams.given(context) && context.get(SIZE) > 0 ? context.get(SIZE) : 1024;
                return new Settings(100, setup.number() == 1 ? 1 : 32, 1e-3, size, 1e-3,
                        new OverlappingTiles(256, 32));
            }
            int epochs = context.get(EPOCHS) > 0 ? context.get(EPOCHS)
                    : setup.number() == 1 ? 20 : setup.number() == 10 ? 10 : 3;
            int size = context.get(SIZE) > 0 ? context.get(SIZE)
                    : setup.task() == ThesisSetup.Task.FULL_RESOLUTION ? 64 : 32;
            return new Settings(epochs, context.get(BATCH), context.get(LR), size,
                    context.get(REVEALED), new OverlappingTiles(context.get(TILE), context.get(OVERLAP)));
        }
    }

    /**
     * The parts a table is computed on.
     *
     * @param train   training samples (windows for Experiment 11, revealed masks for Experiment 1)
     * @param val     validation samples, as the training ones
     * @param test    test images at their full size and their targets (class indices when multiclass)
     * @param name    what the images are, for the caption
     * @param classes 1, or the classes with the background
     */
    record Parts(SegmentationDataset train, SegmentationDataset val, SegmentationDataset test, String name,
            int classes) {
        int channels() {
            return train.images().dim(1);
        }
    }

    @Override
    public void run(ExperimentContext context) throws Exception {
        ThesisSetup setup = ThesisSetup.of(context.get(EXPERIMENT));
        Settings settings = Settings.of(context, setup);
        if (settings.size() < 16 || settings.size() % 2 != 0 || settings.tiles().tile() % 2 != 0) {
            throw new IllegalArgumentException("thesis: size must be even and at least 16 and tile even (the U-Net "
                    + "pools once), got size " + settings.size() + " and tile " + settings.tiles().tile());
        }
        ThesisNetwork network = ThesisNetwork.of(context.get(NETWORK)).forExperiment(setup);
        checkSides(setup, settings, network);
        SplittableRandom random = context.random();
        Parts parts = parts(context, setup, settings, random);
        int width = context.get(WIDTH);
        boolean thesisWidths = context.get(FULL);
        long seed = random.nextLong();
        ResultTable table = new ResultTable(setup.table(), caption(setup, settings, network, parts), "Model",
                List.of(ResultTable.Column.higher("mIoU", 4), ResultTable.Column.lower("mIoU (se)", 4),
                        ResultTable.Column.lower("loss", 4), ResultTable.Column.lower("loss (se)", 4),
                        ResultTable.Column.lower("figures", 4), ResultTable.Column.lower("figures (se)", 4),
                        ResultTable.Column.lower("train s", 1)));
        warmUp(network.build(null, new ThesisNetwork.Size(parts.channels(), parts.classes(), width, seed,
                thesisWidths)).module(),
                parts.train().images().slice(0, 0, Math.min(settings.batch(), parts.train().count())), context);
        Map<String, ThesisNetwork.Built> trained = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (ThesisRow row : setup.networks()) {
            ThesisNetwork.Built net = network.build(row.variant().cut(), new ThesisNetwork.Size(parts.channels(),
                    parts.classes(), width, seed, thesisWidths));
            seconds.put(row.network(), CutTraining.train(context, row.label(), row.network(), net.module(),
                    row.variant().device(context.device()), training(setup, settings, row.loss()), parts.train(),
                    parts.val()));
            trained.put(row.network(), net);
        }
        for (ThesisRow row : setup.rows()) {
            ThesisNetwork.Built net = trained.get(row.network());
            ThesisScores scores = score(setup, settings, row, net, parts.test());
            ThesisScores.Summary miou = scores.miouSummary();
            ThesisScores.Summary loss = scores.lossSummary();
            ThesisScores.Summary figures = scores.figuresSummary();
            table.addRow(row.label(), miou.mean(), miou.standardError(), loss.mean(), loss.standardError(),
                    figures.mean(), figures.standardError(), seconds.get(row.network()));
            String key = row.label().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-$", "").toLowerCase(Locale.ROOT);
            context.report(key + "-miou", miou.mean());
            context.info(row.label() + ": mIoU " + miou + ", loss " + loss + ", figures " + figures);
            if (row.maxFlow() && setup.task() != ThesisSetup.Task.FULL_RESOLUTION) {
                double changed = maxFlowChanges(settings, net, parts.test());
                context.report(key + "-changed-pixels", changed);
                context.info(row.label() + ": the max-flow cut changes the label of " + String.format(Locale.ROOT,
                        "%.4f %%", 100 * changed) + " of the test pixels against the relaxed output");
            }
        }
        table.addClaims(setup.claims());
        context.writeResults(List.of(table));
    }

    /**
     * Refuses sides the network cannot read before anything is trained: the images' (with {@code --data}, those of
     * {@code --fit tile} samples), or Experiment 11's windows.
     */
    static void checkSides(ThesisSetup setup, Settings settings, ThesisNetwork network) {
        int multiple = network.sideMultiple();
        if (setup.task() == ThesisSetup.Task.FULL_RESOLUTION) {
            if (settings.tiles().window() % multiple != 0) {
                throw new IllegalArgumentException("thesis: Experiment 11's windows of " + settings.tiles()
                        + " = " + settings.tiles().window() + " pixels are not a multiple of " + multiple + ", which "
                        + network.id() + " needs; choose --tile and --overlap with tile + overlap a multiple of "
                        + multiple + " (the thesis: 256 + 32)");
            }
        } else if (settings.size() % multiple != 0) {
            throw new IllegalArgumentException("thesis: images of " + settings.size() + " pixels are not a multiple "
                    + "of " + multiple + ", which " + network.id() + " needs; use --size " + (settings.size()
                    / multiple + 1) * multiple + " or --network unet");
        }
    }

    /**
     * Two untimed forward and backward passes of a throwaway base network on a batch, so that the first row's
     * training time does not hold the JIT compilation of the kernels every row uses.
     */
    private static void warmUp(Module net, Tensor batch, ExperimentContext context) {
        net.to(context.device());
        for (int pass = 0; pass < 2; pass++) {
            net.forward(batch.to(context.device())).sum().backward();
        }
    }

    private static CutTraining.Settings training(ThesisSetup setup, Settings settings, String loss) {
        if (loss.equals("summed-dice")) {
            CutTraining.Settings multiclass = MulticlassSoftCutExperiment.settings(settings.epochs(), settings.batch(),
                    settings.lr());
            return new CutTraining.Settings(multiclass.epochs(), multiclass.batch(), multiclass.optimizer(),
                    multiclass.loss(), multiclass.evaluator(), "loss", false);
        }
        Function<List<Parameter>, Optimizer> optimizer = setup.optimizer().equals("adagrad")
                ? p -> new Adagrad(p, settings.lr()) : p -> new Adam(p, settings.lr());
        return new CutTraining.Settings(settings.epochs(), settings.batch(), optimizer, CutTraining.loss(loss), null,
                "loss", false);
    }

    /**
     * The row's scores on the test images, a batch of images at a time: relaxed or max-flow output, of the whole
     * images or of their recombined tiles.
     */
    private static ThesisScores score(ThesisSetup setup, Settings settings, ThesisRow row, ThesisNetwork.Built net,
            SegmentationDataset test) {
        Function<Tensor, Tensor> predict = row.maxFlow()
                ? images -> CutTraining.maxFlowLogits(net.module(), net.cutInputs(), images)
                : images -> Trainer.predict(net.module(), images, settings.batch());
        List<ThesisScores> chunks = new ArrayList<>();
        for (int from = 0; from < test.count(); from += settings.batch()) {
            SegmentationDataset chunk = test.range(from, Math.min(test.count(), from + settings.batch()));
            Tensor logits = setup.task() == ThesisSetup.Task.FULL_RESOLUTION
                    ? settings.tiles().apply(predict::apply, chunk.images()) : predict.apply(chunk.images());
            chunks.add(setup.task() == ThesisSetup.Task.MULTICLASS ? ThesisScores.multiclass(logits, chunk.masks())
                    : ThesisScores.binary(logits, chunk.masks(), CutTraining.loss(row.loss())));
        }
        return ThesisScores.concat(chunks);
    }

    /**
     * The fraction of test pixels whose label (logit above 0) differs between the max-flow cut and the relaxed
     * output of the same network.
     */
    static double maxFlowChanges(Settings settings, ThesisNetwork.Built net, SegmentationDataset test) {
        long changed = 0;
        long pixels = 0;
        for (int from = 0; from < test.count(); from += settings.batch()) {
            Tensor images = test.images().slice(0, from, Math.min(test.count(), from + settings.batch()));
            double[] hard = CutTraining.maxFlowLogits(net.module(), net.cutInputs(), images).toDoubleArray();
            double[] relaxed = Trainer.predict(net.module(), images, settings.batch()).toDoubleArray();
            for (int i = 0; i < hard.length; i++) {
                changed += (hard[i] > 0) != (relaxed[i] > 0) ? 1 : 0;
            }
            pixels += hard.length;
        }
        return (double) changed / pixels;
    }

    private static Parts parts(ExperimentContext context, ThesisSetup setup, Settings settings,
            SplittableRandom random) throws IOException {
        int train = context.get(TRAIN);
        int val = context.get(VAL);
        int test = context.get(TEST);
        if (context.get(FULL) && setup.number() == 1 && !DataParams.given(context)) {
            train = 180;
            val = 50;
            test = 98;
        }
        boolean multiclass = setup.task() == ThesisSetup.Task.MULTICLASS;
        SegmentationDataset trainSet;
        SegmentationDataset valSet;
        SegmentationDataset testSet;
        String name;
        int classes = multiclass ? ShapeClassesDataset.CLASSES : 1;
        Optional<FolderDataset.Loaded> real = DataParams.load(context, settings.size(),
                setup.cityscapesClasses());
        if (real.isPresent()) {
            trainSet = multiclass ? classIndices(real.get().train()) : real.get().train();
            valSet = multiclass ? classIndices(real.get().validation()) : real.get().validation();
            testSet = multiclass ? classIndices(real.get().test()) : real.get().test();
            name = "'" + DataParams.name(context, real.get()) + "' samples";
            if (multiclass) {
                classes = 1 + (int) Math.max(trainSet.masks().max().item(), testSet.masks().max().item());
                if (classes < 2) {
                    throw new IllegalArgumentException("Experiment 10 needs masks with classes; "
                            + context.get(DataParams.DATA) + " has only the background");
                }
            }
        } else {
            int n = train + val + test;
            TensorDataset all = multiclass
                    ? ShapeClassesDataset.generate(new ShapeClassesDataset.Spec(n, settings.size(), 3,
                            context.get(NOISE), random.nextLong()))
                    : EdgeShapesDataset.generate(new EdgeShapesDataset.Spec(n, settings.size(), 3,
                            context.get(NOISE), random.nextLong()));
            trainSet = all.range(0, train);
            valSet = all.range(train, train + val);
            testSet = all.range(train + val, n);
            name = multiclass ? "generated three-class shape images" : "generated strong-edge shape images";
        }
        long protocolSeed = random.nextLong();
        switch (setup.task()) {
            case BINARY -> {
                if (setup.number() == 1) {
                    trainSet = RevealedPixels.reveal(trainSet, settings.revealed(), new SplittableRandom(protocolSeed));
                }
            }
            case SPECIFIC_OBJECT -> {
                SplittableRandom rng = new SplittableRandom(protocolSeed);
                trainSet = SpecificObject.select(trainSet, rng);
                valSet = SpecificObject.select(valSet, rng);
                testSet = SpecificObject.select(testSet, rng);
            }
            case FULL_RESOLUTION -> {
                OverlappingTiles tiles = settings.tiles();
                trainSet = new TensorDataset(tiles.cut(trainSet.images()), tiles.cut(trainSet.masks()));
                valSet = new TensorDataset(tiles.cut(valSet.images()), tiles.cut(valSet.masks()));
            }
            case MULTICLASS -> {
            }
        }
        return new Parts(trainSet, valSet, testSet, name, classes);
    }

    /** A part read from files with its class labels (Cityscapes' selected classes 1..K) as the targets. */
    private static SegmentationDataset classIndices(SegmentationDataset part) {
        if (part instanceof LabelledSet labelled) {
            return new TensorDataset(labelled.images(), labelled.labels());
        }
        throw new IllegalArgumentException("Experiment 10 needs the class labels of --data in memory; run without "
                + "--cache-mb");
    }

    private static String caption(ThesisSetup setup, Settings settings, ThesisNetwork network, Parts parts) {
        String optimizer = setup.optimizer().equals("adagrad") ? "Adagrad" : "Adam";
        String tiles = setup.task() == ThesisSetup.Task.FULL_RESOLUTION ? ", " + settings.tiles()
                + " (loss on the whole window, overlap discarded at inference)" : "";
        return String.format(Locale.ROOT, "Experiment %d of the SoftCut thesis (%s, encoder %s in the thesis, "
                        + "network %s here; task %s%s; optimizer %s, lr %s, %d epochs, batch %d): test scores on %d %s "
                        + "of %dx%d pixels, each network at its epoch of best validation loss; (se): the standard "
                        + "error over the test images, as the thesis's parentheses; train s: training seconds.",
                setup.number(), setup.table(), setup.encoder(), network.id(),
                setup.task().name().toLowerCase(Locale.ROOT).replace('_', ' '), tiles, optimizer, settings.lr(),
                settings.epochs(), settings.batch(), parts.test().count(), parts.name(), parts.test().images().dim(2), parts.test().images().dim(3));
    }
}
