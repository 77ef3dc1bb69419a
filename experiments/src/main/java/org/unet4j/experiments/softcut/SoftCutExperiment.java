package org.unet4j.experiments.softcut;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.api.Param;
import org.unet4j.experiments.datasets.EdgeShapesDataset;
import org.unet4j.experiments.datasets.SegmentationDataset;
import org.unet4j.experiments.datasets.files.DataParams;
import org.unet4j.experiments.datasets.files.FolderDataset;
import org.unet4j.experiments.datasets.TensorDataset;
import org.unet4j.experiments.metrics.SegmentationScores;
import org.unet4j.experiments.output.Claim;
import org.unet4j.experiments.output.ResultTable;
import org.unet4j.experiments.output.TableCheck;
import org.unet4j.experiments.predict.ModelRecipe;
import org.unet4j.experiments.predict.PredictorConfig;
import org.unet4j.experiments.training.Trainer;
import org.unet4j.layers.optim.Adam;
import org.unet4j.layers.softcut.SoftCutBaseNet;
import org.unet4j.layers.softcut.SubmodularTotalVariation;
import org.unet4j.layers.topology.ConvPadding;

/**
 * {@code softcut}: Experiment 1 of Bonfiglio's SoftCut thesis (2022, Table 2) and the max-flow and Focal Dice
 * variants of Tables 10 and 12, at toy scale on the strong-edge shapes dataset ({@link EdgeShapesDataset}). The
 * small CNN of Figure 13 is trained alone (base network), with SoftCut solved exactly (sparse Cholesky) and with
 * SoftCut solved approximately (conjugate gradient, the thesis's tolerance) and with the thesis's "Submodular"
 * baseline, Djolonga and Krause's weighted TV layer ({@link SubmodularTotalVariation}) without and with isotonic
 * refinement, each under the Dice and the Focal Dice loss ({@code t = 0.5, gamma = 2}) or, with
 * {@code --losses revealed-bce}, under the thesis's own protocol for this experiment, binary cross-entropy on the
 * revealed pixels of each training image only ({@link RevealedPixels}); the networks with a cut are
 * also evaluated with the exact max-flow cut of their scores and weights at inference (for the TV baseline with
 * refinement the two coincide: the zero level set of the exact TV prox is that cut). Reported per row: test mIoU, Dice, number of distinct figures (connected
 * components of the predicted mask) and training time.
 *
 * <p>The networks train on the run's device, except those with the exact solver and the TV baseline, which run on
 * the host only: they are moved to the host (and their time is the host's). Each network writes its checkpoints
 * and {@code predictor.json} to {@code VARIANT-LOSS/} (e.g. {@code exact-dice/}); {@code unet4j predict} gives its
 * relaxed output, as the rows without max-flow.
 *
 * <p>No quick stand-in has shown Table 2's claim (SoftCut above the base network; one seed, seed 7). Here the base CNN
 * already segments the bright shapes well, and the cut changes its test mIoU by at most 0.005 either way: at the
 * defaults (3 epochs, noise 0.2) 0.929 base against 0.926 and 0.927 (Dice loss), 0.875 against 0.871 (Focal Dice);
 * with 12 epochs 0.901 against 0.899 (Dice) and 0.906 against 0.901 (Focal Dice); with 12 epochs at noise 0.6 0.827
 * against 0.827 (exact, ahead in the fourth decimal) and 0.824 (CG). The thesis's gain came with a weak base network
 * (mIoU 0.47 on Weizmann Horse) under the revealed-pixel protocol: here {@code --losses revealed-bce} leaves every
 * network with a cut predicting empty masks after 3 epochs (mIoU 0.410 against the base's 0.550); with 10 or 20 epochs
 * (which used to stop in the Submodular row, its 2-D TV prox then uncertified at 2.6e-6 &gt; 1e-6 after 10000
 * Dykstra-like iterations; the accelerated solver certifies it; both keep the same best-validation epochs) the base
 * network reaches 0.877, SoftCut 0.858 (0.861 and 0.863 with max-flow), and both Submodular rows still predict empty
 * masks (0.410). The verdicts at the defaults are "not supported".
 */
public final class SoftCutExperiment implements Experiment {
    static final Param<Integer> EPOCHS = Param.integer("epochs", 3, 1, 100_000, "passes over the training images");
    static final Param<Integer> BATCH = Param.integer("batch", 4, 1, 4096, "images per optimisation step");
    static final Param<Double> LR = Param.real("lr", 1e-2, 1e-7, 1, "Adam's learning rate (the thesis: 1e-2, 1e-3)");
    static final Param<Integer> TRAIN = Param.integer("train", 24, 1, 1_000_000, "training images");
    static final Param<Integer> VAL = Param.integer("val", 8, 1, 1_000_000, "validation images (best model)");
    static final Param<Integer> TEST = Param.integer("test", 8, 1, 1_000_000, "test images for the results table");
    static final Param<Integer> SIZE = Param.integer("size", 32, 16, 1024, "image height and width in pixels");
    static final Param<Integer> HIDDEN = Param.integer("hidden", 8, 1, 512, "channels of the hidden convolutions");
    static final Param<Double> NOISE = Param.real("noise", 0.2, 0, 10, "noise sigma of the generated images");
    static final Param<String> LOSSES = Param.choice("losses", "both",
            List.of("both", "dice", "focal-dice", "revealed-bce"), "train with the Dice loss, the Focal Dice loss, "
                    + "each in turn, or BCE on revealed pixels only (the thesis's Experiment 1 protocol)");
    static final Param<Double> REVEALED = Param.real("revealed", 1e-3, 1e-6, 1, "fraction of each training mask's "
            + "pixels revealed under revealed-bce (at least one per image; the thesis: 0.001)");

    /**
     * Table 2's claim for the networks trained with {@code loss} ("dice" or "focal-dice"): each SoftCut network, as
     * trained (relaxed output), has a higher test mIoU than the base network.
     */
    public static List<Claim> claims(String loss) {
        String source = "SoftCut thesis (Bonfiglio 2022), Table 2 and Section 3.1";
        return List.of(CutVariant.EXACT, CutVariant.CG).stream().map(v -> new Claim(v.label()
                + " has a higher test mIoU than the base network, both trained with the " + loss + " loss", source,
                TableCheck.better(v.label() + ", " + loss, CutVariant.BASE.label() + ", " + loss, "mIoU"))).toList();
    }

    @Override
    public String name() {
        return "softcut";
    }

    @Override
    public String description() {
        return "Base CNN vs SoftCut (exact, CG) vs the Submodular TV baseline (with, without isotonic refinement), "
                + "with and without max-flow at inference, Dice vs Focal Dice loss, on strong-edge shapes: mIoU, Dice, "
                + "distinct figures, train time (thesis Tables 2, 10, 12); the quick stand-in does not show Table 2's"
                + " claim (not supported at the defaults).";
    }

    @Override
    public List<Param<?>> params() {
        return DataParams.with(List.of(EPOCHS, BATCH, LR, TRAIN, VAL, TEST, SIZE, HIDDEN, NOISE, LOSSES, REVEALED));
    }

    @Override
    public void run(ExperimentContext context) throws Exception {
        SplittableRandom random = context.random();
        int train = context.get(TRAIN);
        int val = context.get(VAL);
        int test = context.get(TEST);
        TensorDataset all = EdgeShapesDataset.generate(new EdgeShapesDataset.Spec(train + val + test,
                context.get(SIZE), 3, context.get(NOISE), random.nextLong()));
        SegmentationDataset trainSet = all.range(0, train);
        SegmentationDataset valSet = all.range(train, train + val);
        SegmentationDataset testSet = all.range(train + val, train + val + test);
        String dataName = "strong-edge shape images";
        java.util.Optional<FolderDataset.Loaded> real = DataParams.load(context, context.get(SIZE));
        if (real.isPresent()) {
            trainSet = real.get().train();
            valSet = real.get().validation();
            testSet = real.get().test();
            test = testSet.count();
            dataName = "'" + DataParams.name(context, real.get()) + "' samples";
        }

        ResultTable table = new ResultTable("Table 1", String.format(Locale.ROOT,
                "Test scores on %d %s of %dx%d pixels after %d epochs (best validation Dice).",
                test, dataName, context.get(SIZE), context.get(SIZE), context.get(EPOCHS)), "Model",
                List.of(ResultTable.Column.higher("mIoU", 3), ResultTable.Column.higher("Dice", 3),
                        ResultTable.Column.lower("Figures", 2), ResultTable.Column.lower("Train s", 1)));
        long seed = random.nextLong();
        SegmentationDataset revealedSet = RevealedPixels.reveal(trainSet, context.get(REVEALED),
                new SplittableRandom(random.nextLong()));
        for (String loss : losses(context.get(LOSSES))) {
            table.addClaims(claims(loss));
            for (CutVariant variant : CutVariant.values()) {
                ModelRecipe recipe = new ModelRecipe(variant.recipeBlock(), new int[] {context.get(HIDDEN)}, 1,
                        DataParams.channels(context), ConvPadding.SAME, context.get(SIZE));
                SoftCutBaseNet net = (SoftCutBaseNet) recipe.build(seed);
                String label = variant.label() + ", " + loss;
                String part = variant.name().toLowerCase(Locale.ROOT) + "-" + loss;
                CutTraining.Settings settings = new CutTraining.Settings(context.get(EPOCHS), context.get(BATCH),
                        p -> new Adam(p, context.get(LR)), CutTraining.loss(loss), null, null, true);
                double seconds = CutTraining.train(context, label, part, net, variant.device(context.device()),
                        settings, loss.equals("revealed-bce") ? revealedSet : trainSet, valSet);
                PredictorConfig.save(context, part, recipe);
                Tensor logits = Trainer.predict(net, testSet.images(), context.get(BATCH));
                addRow(context, table, label, SegmentationScores.of(logits, testSet.masks()), seconds);
                if (net.cut() != null) {
                    Map<String, Double> hard = SegmentationScores.of(CutTraining.maxFlowLogits(net,
                            net::cutInputs, testSet.images()), testSet.masks());
                    addRow(context, table, label + " + max-flow", hard, seconds);
                }
            }
        }
        context.writeResults(List.of(table));
    }

    private static List<String> losses(String choice) {
        return choice.equals("both") ? List.of("dice", "focal-dice") : List.of(choice);
    }

    private static void addRow(ExperimentContext context, ResultTable table, String label, Map<String, Double> scores,
                               double seconds) {
        table.addRow(label, scores.get("miou"), scores.get("dice"), scores.get("figures"), seconds);
        String key = label.replace(" + ", "-").replace(", ", "-").replace(' ', '-').toLowerCase(Locale.ROOT);
        context.report(key + "-miou", scores.get("miou"));
        context.report(key + "-figures", scores.get("figures"));
    }
}
