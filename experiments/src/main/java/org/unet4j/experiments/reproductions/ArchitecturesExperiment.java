package org.unet4j.experiments.reproductions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.unet4j.experiments.api.Experiment;
import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.api.Param;
import org.unet4j.experiments.output.ResultTable;
import org.unet4j.layers.Module;
import org.unet4j.layers.zoo.AttentionUNet;
import org.unet4j.layers.zoo.DynUNet;
import org.unet4j.layers.zoo.ModelCost;
import org.unet4j.layers.zoo.TransUNet;
import org.unet4j.layers.zoo.U2Net;
import org.unet4j.layers.zoo.UNeXt;

/**
 * {@code architectures}: Tables 6 and 9 of the Continuous U-Net paper (001) on generated stand-ins. Attention U-Net,
 * DynU-Net, U2Net, UNeXt, TransUNet and the Continuous U-Net (DB blocks, marked "(ours)" as the paper marks its
 * row) are trained on each dataset with the same data, settings and seed; the table gives test Dice, accuracy and
 * average Hausdorff distance per model and dataset, then what each model costs: parameters, GFLOPs per inference of
 * one image (multiply-add = 2 FLOPs), inference milliseconds per image and training seconds (both wall clock on
 * the last dataset). The zoo models are scaled to the shared {@code filters} (f) so that they train on two cores:
 * Attention U-Net and DynU-Net with the shared widths (DynU-Net's strides from nnU-Net's rule for the image size,
 * residual encoder blocks as the table's "Heuristic-R" says, though MONAIfbs's released code has none),
 * U2Net with blocks of (f, 4f), UNeXt with widths f, 2f, 8f, 10f, 16f (the published ratios at f = 16), TransUNet
 * with a ResNet of base width 2f and one unit per stage, a Transformer of width 8f, 2 layers and 2 heads.
 */
public final class ArchitecturesExperiment implements Experiment {
    static final ReproductionParams PARAMS = new ReproductionParams(4);
    static final Param<String> DATASETS = ReproductionParams.datasets("cells+lesions");

    /** A row of the table: technique, mechanism, run-directory name and factory. */
    private record Row(String technique, String mechanism, String part, Contender contender) {
        String label() {
            return technique + " — " + mechanism;
        }
    }

    @Override
    public String name() {
        return "architectures";
    }

    @Override
    public String description() {
        return "Tables 6 and 9 of the Continuous U-Net paper: Attention U-Net, DynU-Net, U2Net, UNeXt, TransUNet and"
                + " the Continuous U-Net compared by test Dice, accuracy and AHD, with parameters, GFLOPs and times.";
    }

    @Override
    public List<Param<?>> params() {
        return PARAMS.with(DATASETS);
    }

    private static List<Row> rows(Architecture a, int size) {
        int[] f = a.filters();
        int c = a.inChannels();
        int w = f[0];
        int[][] strides = DynUNet.heuristicStrides(new int[] {size, size}, new double[] {1, 1});
        int[] dynWidths = new int[strides.length];
        for (int i = 0; i < strides.length; i++) {
            dynWidths[i] = w << Math.min(i, 5);
        }
        return List.of(
                new Row("Attn. U-Net", "Attn. Gates", "attention-unet", new Contender("attention-unet",
                        seed -> AttentionUNet.builder().inChannels(c).outChannels(1).filters(f).seed(seed).build())),
                new Row("DynU-Net", "Heuristic-R + Opt", "dynunet", new Contender("dynunet",
                        seed -> DynUNet.builder().inChannels(c).outChannels(1).strides(strides).filters(dynWidths)
                                .residual(true).deepSupervision(0).seed(seed).build())),
                new Row("U2Net", "Nested U-Nets", "u2net", new Contender("u2net",
                        seed -> U2Net.builder().inChannels(c).uniformWidths(w, 4 * w).seed(seed).build())),
                new Row("UNeXt", "Tokenised MLP", "unext", new Contender("unext",
                        seed -> UNeXt.builder().inChannels(c).convWidths(w, 2 * w, 8 * w).tokenWidths(10 * w, 16 * w)
                                .seed(seed).build())),
                new Row("TransUnet", "Transformers", "transunet", new Contender("transunet",
                        seed -> TransUNet.builder().inChannels(c).classes(1).imageSize(size).resnet(2 * w, 1, 1, 1)
                                .transformer(8 * w, 2, 2, 32 * w).decoder(8 * w, 8 * w, 4 * w, 2 * w, w).seed(seed)
                                .build())),
                new Row("Continuous U-Net (ours)", "✗", "cunet", a.block("DB", size)));
    }

    @Override
    public void run(ExperimentContext context) throws Exception {
        int size = context.get(PARAMS.size);
        if (size % 32 != 0) {
            throw new IllegalArgumentException("architectures needs --size a multiple of 32 (UNeXt and U2Net halve "
                    + "the image five times), got " + size + "; nearest: " + Math.max(32, size / 32 * 32) + " or "
                    + (size / 32 * 32 + 32));
        }
        Architecture architecture = PARAMS.architecture(context);
        TrainingSettings settings = PARAMS.settings(context);
        List<Row> rows = rows(architecture, size);
        List<String> datasets = ReproductionParams.datasetNames(context, DATASETS);
        SplittableRandom random = context.random();
        int batch = settings.batchSize();
        List<ResultTable.Column> columns = new ArrayList<>();
        for (String d : datasets) {
            columns.addAll(List.of(ResultTable.Column.higher(d + " Dice", 4), ResultTable.Column.higher(d + " Acc", 4),
                    ResultTable.Column.lower(d + " AHD", 2)));
        }
        columns.addAll(List.of(ResultTable.Column.lower("Params", 0), ResultTable.Column.lower("GFLOPs", 4),
                ResultTable.Column.lower("ms/image", 2), ResultTable.Column.lower("train s", 1)));
        double[][] values = new double[rows.size()][columns.size()];
        for (int d = 0; d < datasets.size(); d++) {
            String name = datasets.get(d);
            DataSplit data = PARAMS.split(context, name, random.nextLong());
            long modelSeed = random.nextLong();
            for (int r = 0; r < rows.size(); r++) {
                Row row = rows.get(r);
                TrainedModel m = TrainedModel.fit(context, name + "/" + row.part(), row.contender(), data, settings,
                        modelSeed);
                long start = System.nanoTime();
                Map<String, Double> s = m.scores(data.test().images(), data.test().masks(), batch);
                double msPerImage = (System.nanoTime() - start) / 1e6 / data.test().images().dim(0);
                values[r][3 * d] = s.get("dice");
                values[r][3 * d + 1] = s.get("accuracy");
                values[r][3 * d + 2] = s.get("ahd");
                context.report(name + "-" + row.part() + "-dice", s.get("dice"));
                int cost = 3 * datasets.size();
                ModelCost modelCost = ModelCost.of(m.model(), 1, architecture.inChannels(), size, size);
                values[r][cost] = modelCost.parameters();
                values[r][cost + 1] = modelCost.gflops();
                values[r][cost + 2] = msPerImage;
                values[r][cost + 3] = m.trainSeconds();
            }
        }
        ResultTable table = new ResultTable("Tables 6 and 9", String.format(Locale.ROOT, "Comparison in terms of "
                + "Dice score, accuracy and average Hausdorff distance of U-Nets with additional mechanisms and the "
                + "Continuous U-Net, on %d test images per generated dataset (%dx%d pixels); %s. Cost: parameters, "
                + "GFLOPs per inference of one image (multiply-add = 2 FLOPs), wall-clock inference ms per image "
                + "(scoring included) and training seconds on the last dataset.", context.get(PARAMS.test), size,
                size, settings.describe()), "Technique — Mechanism", columns);
        for (int r = 0; r < rows.size(); r++) {
            table.addRow(rows.get(r).label(), values[r]);
        }
        context.writeResults(List.of(table));
    }
}
